import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ContentOperation } from './content.types';

/** What a revision keeps of an item: its row as stored, and its child rows (see ContentTypeDefinition.relationsSql). */
export interface RevisionSnapshot {
  /** The item's row, column names as in the database (`to_jsonb` of the row). */
  fields: Record<string, unknown>;
  relations: Record<string, unknown>;
}

/**
 * Every saved version of every content item, written by the content core in the same transaction
 * as the change. Append-only: a trigger refuses UPDATE and DELETE; a restore writes a new version.
 */
@Entity('content_revisions')
export class ContentRevisionEntity {
  @PrimaryColumn({ type: 'text' })
  contentType!: string;

  @PrimaryColumn({ type: 'uuid' })
  contentId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'enum', enum: ContentOperation, enumName: 'content_operation' })
  operation!: ContentOperation;

  /** The editor's note on the change ("typo in the opening hours"), if any. */
  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'jsonb' })
  snapshot!: RevisionSnapshot;
}
