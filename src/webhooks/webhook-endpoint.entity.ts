import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { WebhookEvent } from './webhook.types';

/**
 * A receiver registered by an admin. `secret` signs every delivery; it is shown once, when created or
 * rotated, and never returned again (it must be kept readable to sign, unlike a password or API key).
 * `lastSeq` is the endpoint's place in the change journal: the dispatcher fans out the rows after it.
 */
@Entity('webhook_endpoints')
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text' })
  secret!: string;

  /** Journal names (`event`, `legal_notice`…); empty means every type. */
  @Column({ type: 'text', array: true })
  contentTypes!: string[];

  /** Empty means every event. */
  @Column({ type: 'enum', enum: WebhookEvent, enumName: 'webhook_event', array: true })
  events!: WebhookEvent[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Set when a delivery exhausted its retries; cleared by the next success. */
  @Column({ type: 'timestamptz', nullable: true })
  failingSince!: Date | null;

  @Column({ type: 'bigint' })
  lastSeq!: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
