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
