import type { EntityManager } from 'typeorm';
import type { MediaReference } from './content-type';

/**
 * The media library's side of every content write, behind an interface so that the content core
 * depends on no feature module: the media module implements it (MediaUsages) and provides it under
 * MEDIA_USAGE_RECORDER.
 */
export interface MediaUsageRecorder {
  /**
   * Rewrites the uses of one item: every referenced file must exist (BAD_USER_INPUT on the
   * reference's field, after `errorPathPrefix`), and a published item may only show images with a
   * text alternative.
   */
  recordUses(manager: EntityManager, contentType: string, item: { id: string; published: boolean },
    references: readonly MediaReference[], errorPathPrefix: string): Promise<void>;
}

export const MEDIA_USAGE_RECORDER = Symbol('MEDIA_USAGE_RECORDER');
