import { invalidField } from '../common/errors';
import { MediaKind } from './media-kind';
import { MediaEntity } from './media.entity';

/**
 * RGAA 1.1: an image the public sees has a text alternative, or is marked decorative (empty alt on
 * purpose). Documents pass. Throws BAD_USER_INPUT on `field`.
 */
export function assertAccessible(media: Pick<MediaEntity, 'kind' | 'decorative' | 'alt' | 'fileName'>, field: string): void {
  if (media.kind === MediaKind.IMAGE && !media.decorative && !media.alt?.trim()) {
    throw invalidField(field, `The image "${media.fileName}" needs a text alternative (alt) or to be marked decorative before publishing`);
  }
}

/**
 * The same rule for one use of a file by content. When the content gives its own text alternative
 * for the use (`alt`, e.g. a Markdown image's `![alt]`), that text is what readers get, so it is the
 * one that must not be empty (unless the file is decorative).
 */
export function assertAccessibleUse(media: Pick<MediaEntity, 'kind' | 'decorative' | 'alt' | 'fileName'>,
  use: { field: string; alt?: string }): void {
  if (use.alt === undefined) return assertAccessible(media, use.field);
  if (media.kind === MediaKind.IMAGE && !media.decorative && !use.alt.trim()) {
    throw invalidField(use.field, `The image "${media.fileName}" in the text needs a description between the brackets, ![description](…), or to be marked decorative, before publishing`);
  }
}
