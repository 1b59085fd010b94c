import { mediaLinksIn } from '../common/markdown';
import type { MediaReference } from './content-type';

/**
 * The files an article written in Markdown shows or links to, as references of `field`. An image
 * is described by its own `![alt]` in the text (that is what the page renders), a link by its text.
 */
export function markdownMediaReferences(source: string | null | undefined, field: string): MediaReference[] {
  return source ? mediaLinksIn(source).map((link) => ({ mediaId: link.mediaId, field, alt: link.text })) : [];
}
