import { Global, Injectable, Module } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { invalidField } from '../common/errors';
import type { MediaReference } from '../content/content-type';
import { MEDIA_USAGE_RECORDER, MediaUsageRecorder } from '../content/media-uses';
import { assertAccessibleUse } from './accessibility';
import { MediaUsageEntity } from './media-usage.entity';
import { MediaEntity } from './media.entity';

/**
 * Rewrites an item's rows of `media_usages` at every content write (called by the content core,
 * in the write's transaction). Every referenced file must exist, and a published item may only
 * show images with a text alternative (RGAA 1.1); the files of a published item are read
 * `FOR SHARE`, so an `updateMedia` clearing an alt at the same moment waits for this write, then
 * sees the new use.
 */
@Injectable()
export class MediaUsages implements MediaUsageRecorder {
  async recordUses(manager: EntityManager, contentType: string, item: { id: string; published: boolean },
    references: readonly MediaReference[], errorPathPrefix: string): Promise<void> {
    if (references.length > 0) {
      const query = manager.getRepository(MediaEntity).createQueryBuilder('media')
        .where('media.id IN (:...ids)', { ids: [...new Set(references.map((reference) => reference.mediaId))] });
      if (item.published) query.setLock('pessimistic_read');
      const files = new Map((await query.getMany()).map((file) => [file.id, file]));
      for (const reference of references) {
        const file = files.get(reference.mediaId);
        const use = { ...reference, field: `${errorPathPrefix}${reference.field}` };
        if (!file) throw invalidField(use.field, `This refers to a file that is not in the media library (${reference.mediaId})`);
        if (item.published) assertAccessibleUse(file, use);
      }
    }
    const usages = manager.getRepository(MediaUsageEntity);
    await usages.delete({ contentType, contentId: item.id });
    const rows = new Map(references.map((reference) => [`${reference.field} ${reference.mediaId}`, {
      contentType, contentId: item.id, field: reference.field, mediaId: reference.mediaId, published: item.published,
    }]));
    if (rows.size > 0) await usages.insert([...rows.values()]);
  }
}

/** Provides the recorder to the content core without the core importing the media module. */
@Global()
@Module({
  providers: [MediaUsages, { provide: MEDIA_USAGE_RECORDER, useExisting: MediaUsages }],
  exports: [MEDIA_USAGE_RECORDER],
})
export class MediaUsagesModule {}
