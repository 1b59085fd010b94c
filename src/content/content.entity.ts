import { Column, CreateDateColumn, DeleteDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Channel, ContentStatus } from './content.types';

/**
 * Columns every content item shares (pages, associations, events, legal notices, procedure sheets).
 * `version` is managed by the content core, never by TypeORM: every write checks the version the
 * editor last read and increments it in the same transaction as the change-journal row.
 */
export abstract class ContentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'enum', enum: ContentStatus, enumName: 'content_status', default: ContentStatus.DRAFT })
  status!: ContentStatus;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'enum', enum: Channel, enumName: 'channel', array: true, default: [Channel.WEB, Channel.KIOSK] })
  channels!: Channel[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  /** Staff user ids; kept without a foreign key so that journal and history outlive accounts. */
  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @Column({ type: 'uuid', nullable: true })
  updatedById!: string | null;

  @DeleteDateColumn({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
