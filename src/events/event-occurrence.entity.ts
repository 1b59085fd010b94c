import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AssociationEntity } from '../associations/association.entity';
import { Channel, ContentStatus } from '../content/content.types';
import { EventEntity } from './event.entity';
import { EventStatus } from './event-status';

/**
 * The occurrence index: one row per occurrence of every event that is not deleted, rebuilt from the
 * event in the transaction of each of its writes (EVENT_TYPE.afterWrite), so that a list is one
 * indexed query with ORDER BY and LIMIT, whatever the window. Besides the occurrence itself it
 * copies what list filters need from the event (content status, channels, organiser, categories),
 * so that a filtered page reads this table alone until its LIMIT.
 * Never written by anything else; the migration that creates it fills it from the events.
 */
@Entity('event_occurrences')
// Lists and cursors: (starts_at, event_id) is the order and the cursor of every list.
@Index('ix_event_occurrences_start', ['startsAt', 'eventId'])
// The public lists: published occurrences only.
@Index('ix_event_occurrences_published_start', ['startsAt', 'eventId'], { where: `"content_status" = 'published'` })
// Association.upcomingEvents and the organiser filter.
@Index('ix_event_occurrences_organizer', ['organizerAssociationId', 'startsAt', 'eventId'], { where: '"organizer_association_id" IS NOT NULL' })
// Occurrences going on at an instant (begun before a window, not yet over): GiST on tstzrange(starts_at, ends_at, '()').
@Index('ix_event_occurrences_during', { synchronize: false })
export class EventOccurrenceEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_event_occurrences' })
  eventId!: string;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_event_occurrences' })
  startsAt!: Date;

  @ManyToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_event_occurrences_event' })
  event?: EventEntity;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  /** The start the schedule gives this occurrence (its RECURRENCE-ID); differs from startsAt on a rescheduled row. */
  @Column({ type: 'timestamptz' })
  originalStartsAt!: Date;

  @Column({ type: 'enum', enum: EventStatus, enumName: 'event_status' })
  eventStatus!: EventStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The row at the new date of a postponed or moved occurrence. */
  @Column({ type: 'boolean', default: false })
  rescheduled!: boolean;

  /** On the row at the old date of a postponed or moved occurrence: the new start. */
  @Column({ type: 'timestamptz', nullable: true })
  movedTo!: Date | null;

  // ---- copied from the event, for the list filters ----

  @Column({ type: 'enum', enum: ContentStatus, enumName: 'content_status' })
  contentStatus!: ContentStatus;

  @Column({ type: 'enum', enum: Channel, enumName: 'channel', array: true })
  channels!: Channel[];

  @Column({ type: 'uuid', nullable: true })
  organizerAssociationId!: string | null;

  @ManyToOne(() => AssociationEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organizer_association_id', foreignKeyConstraintName: 'fk_event_occurrences_organizer_association' })
  organizerAssociation?: AssociationEntity | null;

  /** The event's CATEGORY terms, main one first. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  categoryIds!: string[];
}
