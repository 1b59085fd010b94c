import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { DateTime } from 'luxon';
import { AssociationEntity } from '../associations/association.entity';
import { formatPhoneForDisplay } from '../associations/phone';
import { EventEntity } from '../events/event.entity';
import { EventStatus } from '../events/event-status';
import { OccurrenceRecord } from '../events/event-occurrences.query';
import { EVENT_TIME_ZONE } from '../events/recurrence';

/**
 * CSV for French spreadsheets (Excel, LibreOffice as installed in France): UTF-8 with a BOM (without
 * it Excel reads the accents as Windows-1252), `;` between fields (`,` is the decimal separator), one
 * header row of French column names, local Paris times. Made by csv-stringify, which quotes as needed.
 */

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | null;
}

/** A page of rows and whether another one follows; `next` fetches it (a cursor kept by the caller). */
export interface CsvPage<Row> {
  rows: Row[];
  next: (() => Promise<CsvPage<Row>>) | null;
}

/**
 * Streams pages of rows into `out` as CSV, one page in memory at a time, waiting while the client
 * reads slower than the pages come (back-pressure), and stopping if it goes away.
 */
export async function streamCsv<Row>(out: Writable, columns: readonly CsvColumn<Row>[], first: CsvPage<Row>): Promise<void> {
  const csv = stringify({ delimiter: ';', bom: true, header: true, columns: columns.map((column) => ({ key: column.header, header: column.header })), record_delimiter: 'windows' });
  csv.pipe(out);
  let page: CsvPage<Row> | null = first;
  try {
    while (page && !out.destroyed) {
      for (const row of page.rows) {
        const record = Object.fromEntries(columns.map((column) => [column.header, column.value(row) ?? '']));
        if (!csv.write(record)) await once(csv, 'drain');
      }
      page = page.next ? await page.next() : null;
    }
  } finally {
    csv.end();
  }
}

/** `2031-06-13 18:00` in Paris (what spreadsheets recognise as a date and time); the date alone for all-day. */
export function localDateTime(instant: Date, dateOnly = false): string {
  return DateTime.fromJSDate(instant, { zone: EVENT_TIME_ZONE }).toFormat(dateOnly ? 'yyyy-LL-dd' : 'yyyy-LL-dd HH:mm');
}

const yesNo = (value: boolean | null): string => (value === null ? '' : value ? 'oui' : 'non');

export const EVENT_STATUS_LABELS: Record<EventStatus, string> = {
  [EventStatus.SCHEDULED]: 'programmé',
  [EventStatus.CANCELLED]: 'annulé',
  [EventStatus.POSTPONED]: 'reporté',
  [EventStatus.SOLD_OUT]: 'complet',
};

/** One occurrence of the events list, with its event and what lists add. */
export interface EventCsvRow {
  occurrence: OccurrenceRecord;
  event: EventEntity;
  categories: string[];
  organizer: string | null;
  link: string;
}

export const EVENT_CSV_COLUMNS: readonly CsvColumn<EventCsvRow>[] = [
  { header: 'Début', value: ({ occurrence, event }) => localDateTime(occurrence.startsAt, event.allDay) },
  // An all-day event ends at the midnight after its last day: its last day is the day before.
  { header: 'Fin', value: ({ occurrence, event }) => localDateTime(event.allDay ? new Date(occurrence.endsAt.getTime() - 1) : occurrence.endsAt, event.allDay) },
  { header: 'Journée entière', value: ({ event }) => yesNo(event.allDay) },
  { header: 'Titre', value: ({ event }) => event.title },
  { header: 'Résumé', value: ({ event }) => event.summary },
  { header: 'Statut', value: ({ occurrence }) => EVENT_STATUS_LABELS[occurrence.eventStatus] },
  { header: 'Reporté au', value: ({ occurrence, event }) => occurrence.movedTo && localDateTime(occurrence.movedTo, event.allDay) },
  { header: 'Catégories', value: ({ categories }) => categories.join(', ') },
  { header: 'Organisateur', value: ({ organizer }) => organizer },
  { header: 'Lieu', value: ({ event }) => event.placeName },
  { header: 'Adresse', value: ({ event }) => event.street },
  { header: 'Code postal', value: ({ event }) => event.postalCode },
  { header: 'Commune', value: ({ event }) => event.city },
  { header: 'Latitude', value: ({ event }) => event.latitude },
  { header: 'Longitude', value: ({ event }) => event.longitude },
  { header: 'Gratuit', value: ({ event }) => yesNo(event.isFree) },
  { header: 'Tarif', value: ({ event }) => event.priceText },
  { header: 'Inscription', value: ({ event }) => event.registrationUrl },
  { header: 'Identifiant', value: ({ event }) => event.id },
  { header: 'Lien', value: ({ link }) => link },
];

export interface AssociationCsvRow {
  association: AssociationEntity;
  categories: string[];
  link: string;
}

export const ASSOCIATION_CSV_COLUMNS: readonly CsvColumn<AssociationCsvRow>[] = [
  { header: 'Nom', value: ({ association }) => association.name },
  { header: 'Objet', value: ({ association }) => association.summary },
  { header: 'Catégories', value: ({ categories }) => categories.join(', ') },
  { header: 'Contact', value: ({ association }) => association.contactName },
  { header: 'Rôle du contact', value: ({ association }) => association.contactRole },
  { header: 'Courriel', value: ({ association }) => association.email },
  { header: 'Téléphone', value: ({ association }) => association.phone && formatPhoneForDisplay(association.phone) },
  { header: 'Site web', value: ({ association }) => association.website },
  { header: 'Adresse', value: ({ association }) => association.street },
  { header: 'Code postal', value: ({ association }) => association.postalCode },
  { header: 'Commune', value: ({ association }) => association.city },
  { header: 'Lieu de réunion', value: ({ association }) => association.meetingPlace },
  { header: 'Horaires', value: ({ association }) => association.schedule },
  { header: 'N° RNA', value: ({ association }) => association.rnaNumber },
  { header: 'SIREN', value: ({ association }) => association.siren },
  { header: 'SIRET', value: ({ association }) => association.siret },
  { header: 'Accueille de nouveaux membres', value: ({ association }) => yesNo(association.acceptsNewMembers) },
  { header: 'Identifiant', value: ({ association }) => association.id },
  { header: 'Lien', value: ({ link }) => link },
];
