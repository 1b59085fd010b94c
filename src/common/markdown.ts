import MarkdownIt from 'markdown-it';

/**
 * Markdown to HTML that is safe to insert in a page: raw HTML in the source is escaped (never
 * passed through), and markdown-it refuses `javascript:`, `vbscript:` and `data:` (non-image)
 * links. Headings and lists stay real headings and lists (RGAA 9.1–9.3).
 */
const renderer = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

const defaultLinkOpen = renderer.renderer.rules.link_open
  ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

renderer.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = tokens[idx].attrGet('href') ?? '';
  if (/^https?:\/\//i.test(href)) tokens[idx].attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(source: string): string {
  return renderer.render(source);
}

/** A media library address as written in content: `/media/<uuid>/<name>`, relative to the API origin. */
const MEDIA_PATH = /^\/media\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?#]|$)/i;

export interface MarkdownMediaLink {
  mediaId: string;
  /** What the text says of the file: an image's `![alt]`, or a link's text. */
  text: string;
  image: boolean;
}

/**
 * The files of the media library an article shows or links to (`![plan](/media/<id>/plan.png)`,
 * `[le règlement](/media/<id>/reglement.pdf)`), as markdown-it reads them: code blocks and
 * escaped text do not count, reference-style links do.
 */
export function mediaLinksIn(source: string): MarkdownMediaLink[] {
  const links: MarkdownMediaLink[] = [];
  for (const block of renderer.parse(source, {})) {
    const inline = block.children ?? [];
    for (let index = 0; index < inline.length; index++) {
      const token = inline[index];
      if (token.type === 'image') {
        const mediaId = MEDIA_PATH.exec(token.attrGet('src') ?? '')?.[1];
        if (mediaId) links.push({ mediaId: mediaId.toLowerCase(), text: token.content, image: true });
      } else if (token.type === 'link_open') {
        const mediaId = MEDIA_PATH.exec(token.attrGet('href') ?? '')?.[1];
        if (!mediaId) continue;
        let text = '';
        for (let next = index + 1; next < inline.length && inline[next].type !== 'link_close'; next++) text += inline[next].content;
        links.push({ mediaId: mediaId.toLowerCase(), text, image: false });
      }
    }
  }
  return links;
}
