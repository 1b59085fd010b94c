import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MediaEntity } from './media.entity';

/**
 * Which content item uses which file, and whether that item is published: written by the content
 * core with every content write (ContentLifecycle), in the same transaction, from the type's
 * `mediaReferences`. It answers "is this file public?" (used by published content), "can it be
 * deleted?" (not while anything uses it: the foreign key restricts) and "where is it used?".
 */
@Entity('media_usages')
// "Who uses this file" and "is it public": by media first.
@Index('ix_media_usages_media', ['mediaId', 'published'])
export class MediaUsageEntity {
  /** The content type's journal name: `page`, `event`, `legal_notice`… */
  @PrimaryColumn({ type: 'text' })
  contentType!: string;

  @PrimaryColumn({ type: 'uuid' })
  contentId!: string;

  /** Field path of the reference in the item: `imageMediaId`, `documents.0.mediaId`, `body` (which may show several files). */
  @PrimaryColumn({ type: 'text' })
  field!: string;

  @PrimaryColumn({ type: 'uuid' })
  mediaId!: string;

  @ManyToOne(() => MediaEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'media_id', foreignKeyConstraintName: 'fk_media_usages_media' })
  media?: MediaEntity;

  /** The using item is published (and not deleted): the file is public. */
  @Column({ type: 'boolean' })
  published!: boolean;
}
