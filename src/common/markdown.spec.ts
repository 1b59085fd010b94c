import { mediaLinksIn, renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders headings, lists and links', () => {
    const html = renderMarkdown('## Horaires\n\n- lundi\n- mardi\n\n[ANTS](https://ants.gouv.fr)');
    expect(html).toContain('<h2>Horaires</h2>');
    expect(html).toContain('<li>lundi</li>');
    expect(html).toContain('<a href="https://ants.gouv.fr" rel="noopener noreferrer">ANTS</a>');
  });

  it('escapes raw HTML instead of passing it through', () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it('refuses javascript: links', () => {
    const html = renderMarkdown('[clic](javascript:alert(1))');
    expect(html).not.toContain('href="javascript:');
  });
});

describe('mediaLinksIn', () => {
  const A = '0b6f6c1e-7d4a-4c59-9a51-3f0c2b1d9e01';
  const B = '5d2e8f3a-1b7c-4e6d-8a9f-0c1b2d3e4f50';

  it('finds the images and links to media library files, with their alt or link text', () => {
    const source = `## Plan\n\n![Plan du cimetière](/media/${A}/plan.png)\n\nLire [le règlement (PDF)](/media/${B}/reglement.pdf?x=1).`;
    expect(mediaLinksIn(source)).toEqual([
      { mediaId: A, text: 'Plan du cimetière', image: true },
      { mediaId: B, text: 'le règlement (PDF)', image: false },
    ]);
  });

  it('reads reference-style links, keeps an empty alt as empty, and lower-cases the id', () => {
    const source = `![](/media/${A.toUpperCase()}/x.png)\n\nVoir [l'arrêté][acte].\n\n[acte]: /media/${B}/acte.pdf`;
    expect(mediaLinksIn(source)).toEqual([
      { mediaId: A, text: '', image: true },
      { mediaId: B, text: "l'arrêté", image: false },
    ]);
  });

  it('ignores code, other sites, other paths and malformed ids', () => {
    const source = [
      '`/media/' + A + '/code.png`', '', '    ![indenté](/media/' + A + '/bloc.png)', '',
      `![ailleurs](https://example.org/media/${A}/x.png) [liste](/api/v1/media/${A}) ![court](/media/1234/x.png)`,
    ].join('\n');
    expect(mediaLinksIn(source)).toEqual([]);
  });
});
