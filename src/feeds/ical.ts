import { ICalCalendar, ICalEvent, ICalEventData, ICalEventStatus, formatDate, formatDateTZ } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';
import { EventStatus } from '../events/event-status';
import { materializeOccurrences, OccurrenceSource } from '../events/event-occurrences';
import { allOccurrences, EVENT_TIME_ZONE, toLocalDate } from '../events/recurrence';

/**
 * iCalendar (RFC 5545) for events, made with ical-generator. Pure: no Nest, no database, no clock
 * (DTSTAMP is the event's last change, so the same events always give the same bytes and ETag).
 *
 * - UID `<event id>@parvis`: stable whatever the title, slug or dates become.
 * - Times in `TZID=Europe/Paris` with its VTIMEZONE (generated from the tz database, once per calendar);
 *   all-day events as `VALUE=DATE`, their EXDATE and RECURRENCE-ID too (RFC 5545 §3.8.4.4: a
 *   RECURRENCE-ID has the value type of DTSTART; an EXDATE of dates names the instances of a DATE series).
 * - A series is its RRULE (UNTIL rewritten as the COUNT of instances the rule gives, which is exact
 *   and avoids RFC 5545's "UNTIL must be UTC with a TZID start"), EXDATE for its exception dates and
 *   its occurrences cancelled one by one, and one VEVENT with RECURRENCE-ID for each occurrence moved
 *   or sold out on its own.
 * - A cancelled event is `STATUS:CANCELLED` (calendars that already hold it strike it out); a
 *   postponed one-off event is at its new date. `SEQUENCE` is the event's version and
 *   `LAST-MODIFIED` its last change, so subscribed calendars notice every change.
 */

/** What a VEVENT is made from: the event (its columns) and what lists add. */
export interface CalendarEventSource extends OccurrenceSource {
  id: string;
  version: number;
  updatedAt: Date;
  title: string;
  summary: string | null;
  placeName: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
  organizerName: string | null;
  priceText: string | null;
  isFree: boolean | null;
  registrationUrl: string | null;
}

export interface CalendarEvent {
  event: CalendarEventSource;
  /** Absolute address of the event (its REST representation, or the site's page). */
  url: string;
  categories: string[];
  /** The organising association's name, or the free-text organiser. */
  organizer: string | null;
}

export interface CalendarMeta {
  name: string;
  description?: string;
  /** Absolute address of the feed itself. */
  url: string;
}

const VTIMEZONES = new Map<string, string | null>();

/**
 * The VTIMEZONE of an IANA zone, from `timezones-ical-library` (built from the tz database by vzic,
 * updated with each tz release): for Europe/Paris, CEST from the last Sunday of March and CET from
 * the last Sunday of October, as an RRULE pair. Null for a zone the library does not know (asked
 * only after checking the list, as the library logs an unknown name to the console). Kept per zone:
 * the block only changes with the package.
 */
export function vtimezoneOf(zone: string): string | null {
  if (!VTIMEZONES.has(zone)) {
    const known = (tzlib_get_timezones(false) as string[]).includes(zone);
    const block = known ? tzlib_get_ical_block(zone, false) : null;
    const text = Array.isArray(block) ? block[0] : block;
    VTIMEZONES.set(zone, text?.startsWith('BEGIN:VTIMEZONE') ? text : null);
  }
  return VTIMEZONES.get(zone) ?? null;
}

export const ICAL_UID_DOMAIN = 'parvis';

export function eventUid(eventId: string): string {
  return `${eventId}@${ICAL_UID_DOMAIN}`;
}

/** An instant as a Paris date-time, so that ical-generator writes it as local time with TZID=Europe/Paris. */
const paris = (instant: Date): DateTime => DateTime.fromJSDate(instant, { zone: EVENT_TIME_ZONE });

/** The whole calendar: one VTIMEZONE, then the VEVENTs of each event. */
export function eventsCalendar(events: readonly CalendarEvent[], meta: CalendarMeta): string {
  const calendar = new ICalCalendar({
    name: meta.name,
    description: meta.description,
    url: meta.url,
    prodId: { company: 'Parvis', product: 'Parvis', language: 'FR' },
    // No calendar-wide zone: ical-generator would then write DTSTAMP and LAST-MODIFIED in local time,
    // where RFC 5545 wants UTC. Each event has TZID=Europe/Paris, and the generator gives its VTIMEZONE.
    timezone: { name: null, generator: vtimezoneOf },
  });
  for (const item of events) addEvent(calendar, item);
  return calendar.toString();
}

function addEvent(calendar: ICalCalendar, item: CalendarEvent): void {
  const { event } = item;
  const rows = materializeOccurrences(event);
  const cancelled = event.eventStatus === EventStatus.CANCELLED;
  const common = {
    id: eventUid(event.id),
    sequence: event.version,
    stamp: event.updatedAt,
    lastModified: event.updatedAt,
    timezone: EVENT_TIME_ZONE,
    allDay: event.allDay,
    description: description(item),
    location: location(event),
    url: item.url,
    categories: item.categories.map((name) => ({ name })),
  };
  if (event.recurrenceRule === null) {
    // A postponed one-off event is at its new date (the row the occurrence index marks rescheduled).
    const at = rows.find((row) => row.rescheduled) ?? { startsAt: event.startsAt, endsAt: event.endsAt };
    calendar.createEvent({
      ...common,
      start: paris(at.startsAt),
      end: paris(at.endsAt),
      summary: summaryOf(event.title, event.eventStatus),
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
    return;
  }
  const overrides = cancelled ? [] : event.occurrenceOverrides;
  const cancelledStarts = overrides.filter((override) => override.status === EventStatus.CANCELLED).map((override) => new Date(override.originalStartsAt));
  calendar.createEvent({
    ...common,
    start: paris(event.startsAt),
    end: paris(event.endsAt),
    summary: summaryOf(event.title, event.eventStatus),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    repeating: recurrenceLines(event, [...exceptionStarts(event), ...cancelledStarts]),
  });
  // The occurrences changed on their own: moved (their row at the new date) or sold out.
  for (const row of rows) {
    const override = overrides.find((candidate) => Date.parse(candidate.originalStartsAt) === row.originalStartsAt.getTime());
    if (!override) continue;
    const moved = override.status === EventStatus.POSTPONED && row.rescheduled;
    const soldOut = override.status === EventStatus.SOLD_OUT;
    if (!moved && !soldOut) continue;
    const occurrence: ICalEventData = {
      ...common,
      start: paris(row.startsAt),
      end: paris(row.endsAt),
      summary: summaryOf(event.title, soldOut ? EventStatus.SOLD_OUT : event.eventStatus),
      status: ICalEventStatus.CONFIRMED,
      description: [override.reason, common.description].filter(Boolean).join('\n\n'),
    };
    calendar.createEvent(event.allDay
      ? new AllDayOccurrence(occurrence, calendar, row.originalStartsAt)
      : { ...occurrence, recurrenceId: paris(row.originalStartsAt) });
  }
}

/**
 * An overridden occurrence of an all-day series. RFC 5545 (§3.8.4.4) wants its RECURRENCE-ID of the
 * same value type as the series' DTSTART, a DATE (`RECURRENCE-ID;VALUE=DATE:20270105`); a strict
 * reader (a CalDAV server, a parser matching instances by value) otherwise refuses the override or
 * fails to bind it to its series. ical-generator 10 always writes RECURRENCE-ID as a DATE-TIME
 * (its `recurrenceId` has no all-day form, and `x()` takes `X-` names only), so this VEVENT is made
 * without `recurrenceId` and its own text gets the one line, before `END:VEVENT` (the order of
 * properties is free). The calendar still escapes, folds and assembles everything else.
 */
export class AllDayOccurrence extends ICalEvent {
  private readonly recurrenceDate: string;

  constructor(data: ICalEventData, calendar: ICalCalendar, originalStartsAt: Date) {
    super(data, calendar);
    this.recurrenceDate = toLocalDate(originalStartsAt).replaceAll('-', '');
  }

  override toString(): string {
    const text = super.toString();
    const end = 'END:VEVENT\r\n';
    if (!text.endsWith(end)) throw new Error('ical-generator changed how it ends a VEVENT: see AllDayOccurrence');
    return `${text.slice(0, -end.length)}RECURRENCE-ID;VALUE=DATE:${this.recurrenceDate}\r\n${end}`;
  }
}

/** The starts the rule gives on the event's exception dates (EXDATE lists instances, not days). */
function exceptionStarts(event: CalendarEventSource): Date[] {
  if (event.exceptionDates.length === 0) return [];
  const excluded = new Set(event.exceptionDates);
  return allOccurrences({ ...event, exceptionDates: [] })
    .filter((occurrence) => excluded.has(toLocalDate(occurrence.startsAt)))
    .map((occurrence) => occurrence.startsAt);
}

/** `RRULE:` with UNTIL as COUNT, then one EXDATE line (ical-generator passes these lines through). */
function recurrenceLines(event: CalendarEventSource, excluded: Date[]): string {
  const parts = (event.recurrenceRule ?? '').replace(/^RRULE:/i, '').split(';').filter(Boolean);
  const rule = event.occurrenceCount
    ? [...parts.filter((part) => !/^(UNTIL|COUNT)=/i.test(part)), `COUNT=${event.occurrenceCount}`]
    : parts;
  const lines = [`RRULE:${rule.join(';')}`];
  const starts = [...new Set(excluded.map((start) => start.getTime()))].sort((a, b) => a - b).map((time) => paris(new Date(time)));
  if (starts.length > 0) {
    lines.push(event.allDay
      ? `EXDATE;VALUE=DATE:${starts.map((start) => formatDate(EVENT_TIME_ZONE, start, true)).join(',')}`
      : formatDateTZ(EVENT_TIME_ZONE, 'EXDATE', starts[0], { timezone: EVENT_TIME_ZONE })
        + starts.slice(1).map((start) => `,${formatDate(EVENT_TIME_ZONE, start, false, true)}`).join(''));
  }
  return lines.join('\n');
}

const STATUS_LABELS: Partial<Record<EventStatus, string>> = {
  [EventStatus.CANCELLED]: 'annulé',
  [EventStatus.POSTPONED]: 'reporté',
  [EventStatus.SOLD_OUT]: 'complet',
};

/** The title, with what happened to the event in French, as calendars show no status but cancelled. */
function summaryOf(title: string, status: EventStatus): string {
  const label = STATUS_LABELS[status];
  return label ? `${title} (${label})` : title;
}

function description(item: CalendarEvent): string {
  const { event } = item;
  const price = event.isFree ? 'Gratuit' : event.priceText;
  return [
    event.summary,
    item.organizer && `Organisé par ${item.organizer}`,
    price && `Tarif : ${price}`,
    event.registrationUrl && `Inscription : ${event.registrationUrl}`,
    event.eventStatus === EventStatus.CANCELLED && event.cancellationReason ? `Annulé : ${event.cancellationReason}` : null,
    event.eventStatus === EventStatus.POSTPONED ? `Reporté (initialement le ${toLocalDate(event.startsAt)})` : null,
    item.url,
  ].filter(Boolean).join('\n\n');
}

function location(event: CalendarEventSource): { title: string; address?: string; geo?: { lat: number; lon: number } } | null {
  const address = [event.street, [event.postalCode, event.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const title = event.placeName ?? address;
  if (!title) return null;
  return {
    title,
    ...(address && address !== title ? { address } : {}),
    ...(event.latitude !== null && event.longitude !== null ? { geo: { lat: event.latitude, lon: event.longitude } } : {}),
  };
}
