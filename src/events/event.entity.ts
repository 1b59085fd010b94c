import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AssociationEntity } from '../associations/association.entity';
import { ContentEntity } from '../content/content.entity';
import { TaxonomyTermEntity } from '../taxonomy/taxonomy-term.entity';
import { EventStatus } from './event-status';
import type { OccurrenceOverride } from './event-occurrences';

/** node-pg returns a `date` as a Date at local midnight; the API wants the calendar date back. */
const LOCAL_DATES = {
  to: (dates: string[] | undefined): string[] | undefined => dates,
  from: (dates: (Date | string)[] | null): string[] => (dates ?? []).map((date) => {
    if (typeof date === 'string') return date;
    const pad = (n: number): string => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }),
};

/**
 * An event ("manifestation"). Times are instants (`timestamptz`) in the commune's time zone,
 * Europe/Paris. An all-day event is stored from the local midnight of its first day to the local
 * midnight after its last day (the iCalendar convention of an exclusive end), so every event is
 * one instant range and windows, sorting and the CHECK work the same for both kinds.
 * A recurring event keeps its rule (RRULE), exception dates and occurrence overrides; its
 * occurrences are materialised in `event_occurrences` (EventOccurrenceEntity) in the transaction of
 * every write, and lists read that index.
 */
@Entity('events')
@Index('uq_events_slug', ['slug'], { unique: true, where: '"deleted_at" IS NULL' })
// Serves the window queries (events(from, to), upcomingEvents): series_ends_at >= from AND starts_at < to.
@Index('ix_events_window', ['seriesEndsAt', 'startsAt'])
// Serves the organiser filter and Association.upcomingEvents.
@Index('ix_events_organizer_association', ['organizerAssociationId', 'seriesEndsAt'], { where: '"organizer_association_id" IS NOT NULL' })
@Check('ck_events_slug', `"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check('ck_events_ends_after_start', '"ends_at" >= "starts_at"')
@Check('ck_events_series_end', '"series_ends_at" >= "ends_at"')
@Check('ck_events_postal_code', `"postal_code" ~ '^[0-9]{5}$'`)
@Check('ck_events_geo_pair', '("latitude" IS NULL) = ("longitude" IS NULL)')
@Check('ck_events_latitude', '"latitude" BETWEEN -90 AND 90')
@Check('ck_events_longitude', '"longitude" BETWEEN -180 AND 180')
@Check('ck_events_one_organizer', '"organizer_association_id" IS NULL OR "organizer_name" IS NULL')
@Check('ck_events_price', 'NOT ("is_free" AND "price_text" IS NOT NULL)')
@Check('ck_events_postponed_to', `("event_status" = 'postponed') = ("postponed_to" IS NOT NULL)`)
@Check('ck_events_cancellation_reason', `"cancellation_reason" IS NULL OR "event_status" = 'cancelled'`)
@Check('ck_events_occurrence_count', '("recurrence_rule" IS NULL) = ("occurrence_count" IS NULL)')
@Check('ck_events_occurrence_count_positive', '"occurrence_count" > 0')
@Check('ck_events_occurrence_overrides', `jsonb_typeof("occurrence_overrides") = 'array'`)
@Check('ck_events_exceptions_need_rule', `"recurrence_rule" IS NOT NULL OR cardinality("exception_dates") = 0`)
export class EventEntity extends ContentEntity {
  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  /** Markdown source as written by staff. */
  @Column({ type: 'text', default: '' })
  body!: string;

  /** Sanitised HTML rendered from `body` at write time. */
  @Column({ type: 'text', default: '' })
  bodyHtml!: string;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  /** Exclusive local midnight after the last day for an all-day event. */
  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'boolean', default: false })
  allDay!: boolean;

  /** RFC 5545 RRULE without DTSTART (the start is `startsAt`); always ends (COUNT or UNTIL). */
  @Column({ type: 'text', nullable: true })
  recurrenceRule!: string | null;

  /**
   * How many instances the rule gives (before EXDATE), computed when saved: expansion stops right
   * after the last one instead of searching on (see recurrence.ts).
   */
  @Column({ type: 'integer', nullable: true })
  occurrenceCount!: number | null;

  /** Local dates on which the recurrence is skipped (EXDATE). */
  @Column({ type: 'date', array: true, default: () => "'{}'", transformer: LOCAL_DATES })
  exceptionDates!: string[];

  /** End of the last occurrence (`endsAt` for a one-off event); maintained by the service. */
  @Column({ type: 'timestamptz' })
  seriesEndsAt!: Date;

  @Column({ type: 'text', nullable: true })
  placeName!: string | null;

  @Column({ type: 'text', nullable: true })
  street!: string | null;

  @Column({ type: 'text', nullable: true })
  postalCode!: string | null;

  @Column({ type: 'text', nullable: true })
  city!: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude!: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude!: number | null;

  /** An association of the directory; or else `organizerName` in free text. */
  @Column({ type: 'uuid', nullable: true })
  organizerAssociationId!: string | null;

  @ManyToOne(() => AssociationEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organizer_association_id', foreignKeyConstraintName: 'fk_events_organizer_association' })
  organizerAssociation?: AssociationEntity | null;

  @Column({ type: 'text', nullable: true })
  organizerName!: string | null;

  /** null: not said. */
  @Column({ type: 'boolean', nullable: true })
  isFree!: boolean | null;

  /** "5 €, gratuit pour les moins de 12 ans" */
  @Column({ type: 'text', nullable: true })
  priceText!: string | null;

  @Column({ type: 'text', nullable: true })
  registrationUrl!: string | null;

  /** The image in the media library; its use is recorded in media_usages (which has the foreign key). */
  @Column({ type: 'uuid', nullable: true })
  imageMediaId!: string | null;

  @Column({ type: 'text', nullable: true })
  accessibilityNotes!: string | null;

  @Column({ type: 'enum', enum: EventStatus, enumName: 'event_status', default: EventStatus.SCHEDULED })
  eventStatus!: EventStatus;

  /** New start of a postponed event; set exactly when the status is `postponed`. */
  @Column({ type: 'timestamptz', nullable: true })
  postponedTo!: Date | null;

  @Column({ type: 'text', nullable: true })
  cancellationReason!: string | null;

  /** Single occurrences cancelled, sold out or moved, by their original start (checked by event-rules.ts). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  occurrenceOverrides!: OccurrenceOverride[];
}

/** An event's categories (terms of the `category` vocabulary). */
@Entity('event_categories')
// Serves the category filter of the event lists: events of one term.
@Index('ix_event_categories_term', ['termId', 'eventId'])
export class EventCategoryEntity {
  @PrimaryColumn({ type: 'uuid' })
  eventId!: string;

  @PrimaryColumn({ type: 'uuid' })
  termId!: string;

  /** Keeps the order staff chose; the first category is the main one. */
  @Column({ type: 'integer', default: 0 })
  position!: number;

  @ManyToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_event_categories_event' })
  event?: EventEntity;

  @ManyToOne(() => TaxonomyTermEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'term_id', foreignKeyConstraintName: 'fk_event_categories_term' })
  term?: TaxonomyTermEntity;
}
