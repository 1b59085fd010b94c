import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Channel, ContentOperation } from './content.types';

/**
 * The change journal: one row per change of a content item (see ContentOperation), written last in
 * the same transaction as the change. Append-only: a trigger refuses UPDATE and DELETE. `seq` order
 * is commit order because writers take one transaction-scoped advisory lock before appending (see
 * ContentLifecycle), so a reader that has seen seq N will never later find a smaller seq appear:
 * the sync feed and webhooks rely on it.
 *
 * Each row also records whether the item is public after the change (`isPublic`, and the channels on
 * which it is public), computed in the same statement that appends the row, with the type's
 * `publicCondition` (a page is public only while its ancestors are). So the sync feed and webhooks
 * read the public view of any point of the journal from the journal itself, including visibility
 * that changed through another item (operation `visibility`). Null in rows written before these
 * columns existed: readers then fall back to the item's own state in its revision.
 */
@Entity('content_journal')
@Index('ix_content_journal_item', ['contentType', 'contentId', 'seq'])
@Index('ix_content_journal_time', ['occurredAt', 'seq'])
@Index('ix_content_journal_actor', ['actorId', 'occurredAt'])
export class ContentJournalEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq!: string;

  @Column({ type: 'text' })
  contentType!: string;

  @Column({ type: 'uuid' })
  contentId!: string;

  @Column({ type: 'enum', enum: ContentOperation, enumName: 'content_operation' })
  operation!: ContentOperation;

  /** The item's version after this change. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  /** The API key the change was made with (`actorId` is then the key's creator); null for a person's session. */
  @Column({ type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  /** Public after this change (published, not deleted, and the type's publicCondition, on no particular channel). */
  @Column({ type: 'boolean', nullable: true })
  isPublic!: boolean | null;

  /** The channels on which the item is public after this change (the publicCondition of each channel). */
  @Column({ type: 'enum', enum: Channel, enumName: 'channel', array: true, nullable: true })
  publicChannels!: Channel[] | null;
}
