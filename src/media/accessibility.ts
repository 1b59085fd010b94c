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
