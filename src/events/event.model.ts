import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/pagination/connection';
import { ContentItem, contentItemFields, registerContentItemType } from '../content/content-item.model';
import { Channel, ContentStatus, ContentTypeName } from '../content/content.types';
import { EventEntity } from './event.entity';
import { EventStatus } from './event-status';
import type { OccurrenceOverride } from './event-occurrences';
import type { OccurrenceRecord } from './event-occurrences.query';
import { EVENT_TIME_ZONE, lastLocalDate, Occurrence, toLocalDate, toLocalDateTime } from './recurrence';

const LOCAL_TIME = 'Wall-clock time in the event\'s time zone (Europe/Paris), without offset, e.g. 2026-03-29T14:00:00';

/** When something happens, as instants and as Paris wall-clock times: an occurrence, or an event's first one. */
@ObjectType({ isAbstract: true })
abstract class OccurrenceTimes {
  @Field({ description: 'Start. For an all-day event: local midnight of its first day' })
  startsAt!: Date;

  @Field({ description: 'End. For an all-day event: local midnight AFTER its last day (exclusive)' })
  endsAt!: Date;

  @Field({ description: LOCAL_TIME })
  startsAtLocal!: string;

  @Field({ description: LOCAL_TIME })
  endsAtLocal!: string;

  @Field({ description: 'Local date (YYYY-MM-DD) of the first day' })
  startDate!: string;

  @Field({ description: 'Local date (YYYY-MM-DD) of the last day, included' })
  endDate!: string;

  @Field()
  allDay!: boolean;

  @Field({ description: 'Always Europe/Paris' })
  timeZone!: string;
}

@ObjectType('EventOccurrenceOverride', { description: 'One occurrence of a recurring event changed on its own (it shows in every list)' })
export class EventOccurrenceOverride {
  @Field({ description: 'The start the schedule gives the occurrence: which one is changed' })
  originalStartsAt!: Date;

  @Field(() => EventStatus, { description: 'CANCELLED, SOLD_OUT, SCHEDULED, or POSTPONED: moved to startsAt' })
  status!: EventStatus;

  @Field(() => Date, { nullable: true, description: 'New start of a moved occurrence' })
  startsAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'New end of a moved occurrence, when not the same duration' })
  endsAt!: Date | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;
}

@ObjectType('Event', { implements: () => [ContentItem], description: 'An event ("manifestation") of the commune or its associations; its times are those of its first occurrence' })
export class Event extends OccurrenceTimes implements ContentItem {
  // The ContentItem fields: GraphQL takes them, with their descriptions, from the interface.
  id!: string;
  contentType!: ContentTypeName;
  slug!: string;
  channels!: Channel[];
  status!: ContentStatus;
  version!: number;
  publishedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field({ description: 'Markdown source' })
  body!: string;

  @Field({ description: 'HTML rendered from the Markdown body, sanitised (no raw HTML, no script links)' })
  bodyHtml!: string;

  @Field(() => String, { nullable: true, description: 'RFC 5545 RRULE (without DTSTART, which is startsAt); null for a one-off event' })
  recurrenceRule!: string | null;

  @Field(() => [String], { description: 'Local dates (YYYY-MM-DD) skipped by the recurrence (EXDATE)' })
  exceptionDates!: string[];

  @Field(() => Int, { nullable: true, description: 'How many occurrences the rule gives, exception dates not subtracted; null for a one-off event' })
  occurrenceCount!: number | null;

  @Field(() => String, { nullable: true })
  placeName!: string | null;

  @Field(() => String, { nullable: true })
  street!: string | null;

  @Field(() => String, { nullable: true })
  postalCode!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => Float, { nullable: true })
  latitude!: number | null;

  @Field(() => Float, { nullable: true })
  longitude!: number | null;

  @Field(() => ID, { nullable: true, description: 'The organising association of the directory, if any (see organizer)' })
  organizerAssociationId!: string | null;

  @Field(() => String, { nullable: true, description: 'Organiser in free text, when not an association of the directory' })
  organizerName!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'null: not said' })
  isFree!: boolean | null;

  @Field(() => String, { nullable: true })
  priceText!: string | null;

  @Field(() => String, { nullable: true })
  registrationUrl!: string | null;

  @Field(() => ID, { nullable: true, description: 'Image from the media library (see image)' })
  imageMediaId!: string | null;

  @Field(() => String, { nullable: true })
  accessibilityNotes!: string | null;

  @Field(() => EventStatus)
  eventStatus!: EventStatus;

  @Field(() => Date, { nullable: true, description: 'New start of a postponed event' })
  postponedTo!: Date | null;

  @Field(() => String, { nullable: true })
  cancellationReason!: string | null;

  @Field(() => [EventOccurrenceOverride], { description: 'Single occurrences of a recurring event cancelled, sold out or moved' })
  occurrenceOverrides!: EventOccurrenceOverride[];
}

@ObjectType('EventOccurrence', {
  description: 'One occurrence of an event (a one-off event has one). A postponed or moved occurrence is listed twice: '
    + 'at its old date (eventStatus POSTPONED, movedTo) and at its new date (rescheduled, previousStartsAt)',
})
export class EventOccurrence extends OccurrenceTimes {
  @Field(() => EventStatus, { description: 'This occurrence\'s status: the event\'s, or the one staff gave this date' })
  eventStatus!: EventStatus;

  @Field(() => String, { nullable: true, description: 'Why it is cancelled, moved or changed, when staff said so' })
  reason!: string | null;

  @Field({ description: 'The start its schedule gives it: the occurrence\'s identity (what an occurrence override targets)' })
  originalStartsAt!: Date;

  @Field({ description: 'True at the new date of a postponed or moved occurrence' })
  rescheduled!: boolean;

  @Field(() => Date, { nullable: true, description: 'At the new date of a postponed or moved occurrence: where it was' })
  previousStartsAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'At the old date of a postponed or moved occurrence: its new start' })
  movedTo!: Date | null;

  @Field(() => Event)
  event!: Event;
}

@ObjectType('EventOccurrenceEdge')
export class EventOccurrenceEdge {
  @Field({ description: 'Position of this occurrence: its start and its event' })
  cursor!: string;

  @Field(() => EventOccurrence)
  node!: EventOccurrence;
}

@ObjectType('EventOccurrenceConnection')
export class EventOccurrenceConnection {
  @Field(() => [EventOccurrenceEdge])
  edges!: EventOccurrenceEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Resolved by EventOccurrenceConnectionResolver, which runs `countAll` only when the field is selected. */
  @Field(() => Int, { description: 'Number of occurrences matching the filters, all pages together (counted only when selected)' })
  totalCount?: number;

  @Field({ deprecationReason: 'Always false: occurrences are no longer capped per event' })
  truncated!: boolean;

  /** Not a field: the count behind totalCount. */
  countAll!: () => Promise<number>;
}

/** Start, end and their local forms: the same for an event's first occurrence and any other. */
function timesOf(occurrence: Occurrence, allDay: boolean) {
  return {
    startsAt: occurrence.startsAt,
    endsAt: occurrence.endsAt,
    startsAtLocal: toLocalDateTime(occurrence.startsAt),
    endsAtLocal: toLocalDateTime(occurrence.endsAt),
    startDate: toLocalDate(occurrence.startsAt),
    endDate: lastLocalDate(occurrence, allDay),
    allDay,
    timeZone: EVENT_TIME_ZONE,
  };
}

/**
 * Entity → API shape: the one mapping used by GraphQL and REST. Built with Object.assign rather than
 * object spread: on Node 20, `{ ...a, b, ...c }` costs 20 to 100 times more (bench/NOTES.md), and
 * lists map every row.
 */
export function toEvent(entity: EventEntity): Event {
  return Object.assign(contentItemFields(entity, ContentTypeName.EVENT), {
    title: entity.title,
    summary: entity.summary,
    body: entity.body,
    bodyHtml: entity.bodyHtml,
    recurrenceRule: entity.recurrenceRule,
    exceptionDates: entity.exceptionDates,
    occurrenceCount: entity.occurrenceCount,
    placeName: entity.placeName,
    street: entity.street,
    postalCode: entity.postalCode,
    city: entity.city,
    latitude: entity.latitude,
    longitude: entity.longitude,
    organizerAssociationId: entity.organizerAssociationId,
    organizerName: entity.organizerName,
    isFree: entity.isFree,
    priceText: entity.priceText,
    registrationUrl: entity.registrationUrl,
    imageMediaId: entity.imageMediaId,
    accessibilityNotes: entity.accessibilityNotes,
    eventStatus: entity.eventStatus,
    postponedTo: entity.postponedTo,
    cancellationReason: entity.cancellationReason,
    occurrenceOverrides: (entity.occurrenceOverrides ?? []).map(toOccurrenceOverride),
  }, timesOf(entity, entity.allDay));
}

function toOccurrenceOverride(stored: OccurrenceOverride): EventOccurrenceOverride {
  return {
    originalStartsAt: new Date(stored.originalStartsAt),
    status: stored.status,
    startsAt: stored.startsAt ? new Date(stored.startsAt) : null,
    endsAt: stored.endsAt ? new Date(stored.endsAt) : null,
    reason: stored.reason,
  };
}

/** An occurrence of the index with its event (whose body a list leaves out: see EventsResolver.body). */
export function toEventOccurrence(occurrence: OccurrenceRecord, event: EventEntity): EventOccurrence {
  return Object.assign(timesOf(occurrence, event.allDay), {
    eventStatus: occurrence.eventStatus,
    reason: occurrence.reason,
    originalStartsAt: occurrence.originalStartsAt,
    rescheduled: occurrence.rescheduled,
    previousStartsAt: occurrence.rescheduled ? occurrence.originalStartsAt : null,
    movedTo: occurrence.movedTo,
    event: toEvent(event),
  });
}

registerContentItemType(ContentTypeName.EVENT, 'Event');
