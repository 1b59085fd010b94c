import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookDeliveryStatus, WebhookEvent } from './webhook.types';

/**
 * The outbox: one row per change and endpoint, written from the change journal before any attempt, so
 * that nothing is lost across a restart or a crash mid-delivery. `id` is the `webhook-id` the receiver
 * sees on every attempt (its key to ignore a repeat). `leaseUntil` marks an attempt in flight: another
 * instance (or this one after a crash) takes the delivery again only once the lease has run out.
 */
@Entity('webhook_deliveries')
@Index('uq_webhook_deliveries_endpoint_seq', ['endpointId', 'journalSeq'], { unique: true })
@Index('ix_webhook_deliveries_endpoint_time', ['endpointId', 'createdAt'])
@Index('ix_webhook_deliveries_due', ['nextAttemptAt'], { where: `status = 'pending'` })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  endpointId!: string;

  @ManyToOne(() => WebhookEndpointEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'fk_webhook_deliveries_endpoint' })
  endpoint?: WebhookEndpointEntity;

  @Column({ type: 'bigint' })
  journalSeq!: string;

  @Column({ type: 'enum', enum: WebhookEvent, enumName: 'webhook_event' })
  event!: WebhookEvent;

  /** The JSON body sent, fixed when the delivery is made (every attempt sends the same bytes). */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'enum', enum: WebhookDeliveryStatus, enumName: 'webhook_delivery_status', default: WebhookDeliveryStatus.PENDING })
  status!: WebhookDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  /** Past this time a failed attempt is not retried: the delivery fails and its endpoint is marked failing. */
  @Column({ type: 'timestamptz' })
  retryUntil!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  /** Why the last attempt failed (a connection error, a timeout), never the receiver's body. */
  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
