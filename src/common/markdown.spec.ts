import { renderMarkdown } from './markdown';

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
