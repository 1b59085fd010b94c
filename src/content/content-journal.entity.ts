import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ContentOperation } from './content.types';

/**
 * The change journal: one row per change of a content item (see ContentOperation), written last in
 * the same transaction as the change. Append-only: a trigger refuses UPDATE and DELETE. `seq` order
 * is commit order because writers take one transaction-scoped advisory lock before appending (see
 * ContentLifecycle), so a reader that has seen seq N will never later find a smaller seq appear:
 * the sync feed and webhooks rely on it.
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
}
