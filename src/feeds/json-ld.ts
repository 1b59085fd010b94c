import { DateTime } from 'luxon';
import type { AssociationEntity } from '../associations/association.entity';
import type { EventEntity } from '../events/event.entity';
import { EventStatus } from '../events/event-status';

/** A JSON-LD document (schema.org vocabulary), as given to search engines and integrators. */
export type JsonLd = Record<string, unknown>;

export const SCHEMA = 'https://schema.org';
const ZONE = 'Europe/Paris';

/** One date of an event as it will happen: the next one of a series, or the event's own. */
export interface EventDate {
  startsAt: Date;
  endsAt: Date;
  status: EventStatus;
  /** Set when this date replaces an earlier one (a postponed event, a moved single date). */
  previousStartsAt: Date | null;
}

/** What the JSON-LD reads of an event: the entity and the GraphQL model both have it. */
export type EventJsonLdSource = Pick<EventEntity, 'id' | 'title' | 'summary' | 'startsAt' | 'endsAt' | 'allDay' | 'eventStatus' | 'placeName'
  | 'street' | 'postalCode' | 'city' | 'latitude' | 'longitude' | 'isFree' | 'priceText' | 'registrationUrl' | 'organizerAssociationId'
  | 'organizerName'>;

/** What the JSON-LD reads of an association: the entity and the GraphQL model both have it. */
export type AssociationJsonLdSource = Pick<AssociationEntity, 'id' | 'name' | 'summary' | 'email' | 'phone' | 'website' | 'street'
  | 'postalCode' | 'city' | 'latitude' | 'longitude' | 'meetingPlace' | 'rnaNumber' | 'siren' | 'siret'>;

export interface EventJsonLdInput {
  event: EventJsonLdSource;
  date: EventDate;
  /** Absolute address of the event's public page (its REST resource). */
  url: string;
  organizer: { name: string; url: string | null } | null;
  categories: string[];
  imageUrl: string | null;
}

/** ISO 8601 in Paris time with its offset (schema.org wants the offset); a date alone for all-day events. */
function parisDate(date: Date, allDay: boolean): string {
  const local = DateTime.fromJSDate(date, { zone: ZONE });
  return (allDay ? local.toISODate() : local.toISO({ suppressMilliseconds: true })) ?? date.toISOString();
}

const EVENT_STATUS: Record<EventStatus, string> = {
  [EventStatus.SCHEDULED]: `${SCHEMA}/EventScheduled`,
  [EventStatus.SOLD_OUT]: `${SCHEMA}/EventScheduled`,
  [EventStatus.CANCELLED]: `${SCHEMA}/EventCancelled`,
  [EventStatus.POSTPONED]: `${SCHEMA}/EventPostponed`,
};

function postalAddress(place: { street: string | null; postalCode: string | null; city: string | null }): JsonLd | undefined {
  if (!place.street && !place.postalCode && !place.city) return undefined;
  return compact({
    '@type': 'PostalAddress', streetAddress: place.street, postalCode: place.postalCode, addressLocality: place.city, addressCountry: 'FR',
  });
}

function geo(place: { latitude: number | null; longitude: number | null }): JsonLd | undefined {
  return place.latitude === null || place.longitude === null ? undefined : { '@type': 'GeoCoordinates', latitude: place.latitude, longitude: place.longitude };
}

/** Without the keys whose value is null, undefined or an empty list: schema.org readers want absent, not null. */
export function compact(value: JsonLd): JsonLd {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

/**
 * Pure: a schema.org `Event` with what Google's event rich results require (name, startDate,
 * location with an address) and recommend (endDate, eventStatus, previousStartDate, organizer,
 * offers, description, image). A date that replaces an earlier one is `EventRescheduled` with
 * `previousStartDate`; a postponed event whose new date is not known yet stays `EventPostponed`.
 */
export function eventJsonLd({ event, date, url, organizer, categories, imageUrl }: EventJsonLdInput): JsonLd {
  const status = date.previousStartsAt && date.status !== EventStatus.CANCELLED ? `${SCHEMA}/EventRescheduled` : EVENT_STATUS[date.status];
  const offers = event.isFree === null && !event.priceText && !event.registrationUrl ? undefined : compact({
    '@type': 'Offer',
    price: event.isFree ? 0 : undefined,
    priceCurrency: event.isFree ? 'EUR' : undefined,
    description: event.priceText,
    url: event.registrationUrl ?? url,
    availability: date.status === EventStatus.SOLD_OUT ? `${SCHEMA}/SoldOut` : `${SCHEMA}/InStock`,
  });
  return compact({
    '@context': SCHEMA,
    '@type': 'Event',
    '@id': url,
    url,
    name: event.title,
    description: event.summary,
    startDate: parisDate(date.startsAt, event.allDay),
    endDate: parisDate(date.endsAt, event.allDay),
    previousStartDate: date.previousStartsAt ? parisDate(date.previousStartsAt, event.allDay) : undefined,
    eventStatus: status,
    eventAttendanceMode: `${SCHEMA}/OfflineEventAttendanceMode`,
    location: compact({
      '@type': 'Place', name: event.placeName ?? event.city, address: postalAddress(event), geo: geo(event),
    }),
    organizer: organizer ? compact({ '@type': 'Organization', name: organizer.name, url: organizer.url }) : undefined,
    offers,
    image: imageUrl ? [imageUrl] : undefined,
    keywords: categories.length > 0 ? categories.join(', ') : undefined,
    isAccessibleForFree: event.isFree ?? undefined,
    inLanguage: 'fr',
  });
}

/**
 * Pure: a schema.org `NGO` (an association under the 1901 law is a non-profit organisation), with its
 * French identifiers where known (RNA, SIREN, SIRET) as `identifier` PropertyValues: schema.org has no
 * property of their own for them.
 */
export function associationJsonLd(association: AssociationJsonLdSource, url: string, logoUrl: string | null): JsonLd {
  const identifiers = [
    association.rnaNumber ? { '@type': 'PropertyValue', propertyID: 'RNA', value: association.rnaNumber } : null,
    association.siren ? { '@type': 'PropertyValue', propertyID: 'SIREN', value: association.siren } : null,
    association.siret ? { '@type': 'PropertyValue', propertyID: 'SIRET', value: association.siret } : null,
  ].filter((entry) => entry !== null);
  return compact({
    '@context': SCHEMA,
    '@type': 'NGO',
    '@id': url,
    url: association.website ?? url,
    name: association.name,
    description: association.summary,
    email: association.email,
    telephone: association.phone,
    address: postalAddress(association),
    location: association.meetingPlace ? { '@type': 'Place', name: association.meetingPlace } : undefined,
    logo: logoUrl ?? undefined,
    identifier: identifiers,
  });
}
