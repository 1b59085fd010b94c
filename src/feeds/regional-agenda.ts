import { DateTime } from 'luxon';
import type { EventEntity } from '../events/event.entity';
import { EventStatus } from '../events/event-status';

/**
 * The shape regional and national agendas (OpenAgenda and the aggregators built on it) take in:
 * multilingual text fields keyed by language, a title of at most 140 characters, a description of at
 * most 200, and explicit dates ("timings", begin/end pairs, at most 800) instead of a rule.
 */
export const AGENDA_LIMITS = { title: 140, description: 200, timings: 800 } as const;

/** OpenAgenda's event status codes. */
export const AGENDA_STATUS: Record<EventStatus, number> = {
  [EventStatus.SCHEDULED]: 1,
  [EventStatus.POSTPONED]: 4,
  [EventStatus.SOLD_OUT]: 5,
  [EventStatus.CANCELLED]: 6,
};
/** An event whose date moved and is known again: "reporté" with its new date. */
const RESCHEDULED = 2;

export interface AgendaTiming {
  begin: string;
  end: string;
}

export interface AgendaEvent {
  uid: string;
  slug: string;
  title: { fr: string };
  description: { fr: string };
  longDescription: { fr: string };
  keywords: { fr: string[] };
  conditions: { fr: string } | null;
  registration: string[];
  status: number;
  timings: AgendaTiming[];
  location: { name: string | null; address: string | null; postalCode: string | null; city: string | null; latitude: number | null; longitude: number | null; countryCode: 'FR' };
  links: { url: string };
  updatedAt: string;
}

/** Pure: a text cut at a word boundary to at most `max` characters, ending with "…" when cut. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max / 2 ? cut.slice(0, atWord) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

function parisTime(date: Date): string {
  return DateTime.fromJSDate(date, { zone: 'Europe/Paris' }).toISO({ suppressMilliseconds: true }) ?? date.toISOString();
}

export interface AgendaEventInput {
  event: EventEntity;
  /** The dates still to come, cancelled single dates and moved-from dates left out, in order. */
  timings: Array<{ startsAt: Date; endsAt: Date }>;
  rescheduled: boolean;
  categories: string[];
  url: string;
  /** The Markdown body, when `event` was read without it (lists read summaries). */
  body?: string;
}

/** Pure: one event in the regional agendas' shape. */
export function agendaEvent({ event, timings, rescheduled, categories, url, body }: AgendaEventInput): AgendaEvent {
  const address = [event.street].filter(Boolean).join(', ') || null;
  return {
    uid: event.id,
    slug: event.slug,
    title: { fr: shorten(event.title, AGENDA_LIMITS.title) },
    description: { fr: shorten(event.summary ?? event.title, AGENDA_LIMITS.description) },
    longDescription: { fr: body ?? event.body ?? '' },
    keywords: { fr: categories },
    conditions: event.priceText ? { fr: event.priceText } : event.isFree ? { fr: 'Gratuit' } : null,
    registration: event.registrationUrl ? [event.registrationUrl] : [],
    status: rescheduled && event.eventStatus !== EventStatus.CANCELLED ? RESCHEDULED : AGENDA_STATUS[event.eventStatus],
    timings: timings.slice(0, AGENDA_LIMITS.timings).map((timing) => ({ begin: parisTime(timing.startsAt), end: parisTime(timing.endsAt) })),
    location: {
      name: event.placeName, address, postalCode: event.postalCode, city: event.city, latitude: event.latitude, longitude: event.longitude, countryCode: 'FR',
    },
    links: { url },
    updatedAt: event.updatedAt.toISOString(),
  };
}
