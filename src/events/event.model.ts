import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/pagination/connection';
import { ContentItem, contentItemFields, registerContentItemType } from '../content/content-item.model';
import { Channel, ContentStatus, ContentTypeName } from '../content/content.types';
import { EventEntity } from './event.entity';
import { EventStatus } from './event-status';
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

}

@ObjectType('EventOccurrence', { description: 'One occurrence of an event (a one-off event has exactly one)' })
export class EventOccurrence extends OccurrenceTimes {
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

  @Field(() => Int, { description: 'Number of occurrences in the window, all pages together (within the per-event cap)' })
  totalCount!: number;

  @Field({ description: 'True when at least one event had more occurrences in the window than the per-event cap: ask for a shorter window' })
  truncated!: boolean;
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

/** Entity → API shape: the one mapping used by GraphQL and REST. */
export function toEvent(entity: EventEntity): Event {
  return {
    ...contentItemFields(entity, ContentTypeName.EVENT),
    title: entity.title,
    summary: entity.summary,
    body: entity.body,
    bodyHtml: entity.bodyHtml,
    ...timesOf(entity, entity.allDay),
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
  };
}

export function toEventOccurrence(occurrence: Occurrence, event: EventEntity): EventOccurrence {
  return { ...timesOf(occurrence, event.allDay), event: toEvent(event) };
}

registerContentItemType(ContentTypeName.EVENT, 'Event');
