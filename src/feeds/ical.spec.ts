import { EventStatus } from '../events/event-status';
import { CalendarEvent, CalendarEventSource, eventsCalendar, vtimezoneOf } from './ical';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- node-ical is CommonJS without bundled types
const ical = require('node-ical') as { sync: { parseICS: (text: string) => Record<string, IcalComponent> } };

/** What node-ical gives for a VEVENT (only what these tests read). */
interface IcalComponent {
  type: string;
  uid?: string;
  summary?: string;
  start?: Date & { tz?: string; dateOnly?: boolean };
  end?: Date & { tz?: string };
  status?: string;
  sequence?: string | number;
  rrule?: { toString(): string; all(): Date[] };
  exdate?: Record<string, Date>;
  recurrences?: Record<string, IcalComponent>;
  recurrenceid?: Date & { dateOnly?: boolean };
  lastmodified?: Date;
}

function source(fields: Partial<CalendarEventSource>): CalendarEventSource {
  return {
    id: '11111111-1111-4111-8111-111111111111', version: 3, updatedAt: new Date('2026-05-01T10:00:00Z'),
    title: 'Marché', summary: 'Le marché du jeudi.', placeName: 'Place de la mairie', street: null, postalCode: '59186', city: 'Anor',
    latitude: null, longitude: null, organizerName: null, priceText: null, isFree: true, registrationUrl: null,
    startsAt: new Date('2026-07-02T06:00:00Z'), endsAt: new Date('2026-07-02T10:00:00Z'), allDay: false,
    recurrenceRule: null, exceptionDates: [], occurrenceCount: null,
    eventStatus: EventStatus.SCHEDULED, postponedTo: null, cancellationReason: null, occurrenceOverrides: [],
    ...fields,
  };
}

const item = (event: CalendarEventSource): CalendarEvent => ({ event, url: `http://localhost/api/v1/events/${event.id}`, categories: ['Marchés'], organizer: null });

function vevents(text: string): IcalComponent[] {
  return Object.values(ical.sync.parseICS(text)).filter((component) => component.type === 'VEVENT');
}

describe('eventsCalendar (iCalendar)', () => {
  it('writes a one-off event with a stable UID, Paris local times with their VTIMEZONE, SEQUENCE and LAST-MODIFIED', () => {
    const text = eventsCalendar([item(source({}))], { name: 'Agenda', url: 'http://localhost/feeds/events.ics' });
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Paris');
    expect(text).toContain('DTSTART;TZID=Europe/Paris:20260702T080000');
    expect(text).toContain('DTSTAMP:20260501T100000Z');
    expect(text).toContain('LAST-MODIFIED:20260501T100000Z');
    const [event] = vevents(text);
    expect(event.uid).toBe('11111111-1111-4111-8111-111111111111@parvis');
    expect(event.start?.toISOString()).toBe('2026-07-02T06:00:00.000Z');
    expect(event.start?.tz).toBe('Europe/Paris');
    expect(Number(event.sequence)).toBe(3);
    expect(event.lastmodified?.toISOString()).toBe('2026-05-01T10:00:00.000Z');
    expect(event.status).toBe('CONFIRMED');
  });

  it('writes a series as RRULE with UNTIL as COUNT, exception dates and cancelled occurrences as EXDATE, moves as RECURRENCE-ID', () => {
    const text = eventsCalendar([item(source({
      recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20260730', occurrenceCount: 5, exceptionDates: ['2026-07-09'],
      occurrenceOverrides: [
        { originalStartsAt: '2026-07-16T06:00:00.000Z', status: EventStatus.CANCELLED, startsAt: null, endsAt: null, reason: 'Fête' },
        { originalStartsAt: '2026-07-23T06:00:00.000Z', status: EventStatus.POSTPONED, startsAt: '2026-07-24T06:00:00.000Z', endsAt: null, reason: 'Travaux' },
      ],
    }))], { name: 'Agenda', url: 'http://localhost/feeds/events.ics' });
    expect(text).toContain('RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=5');
    expect(text).toContain('EXDATE;TZID=Europe/Paris:20260709T080000,20260716T080000');
    const [master] = vevents(text);
    expect([...new Set(Object.values(master.exdate ?? {}).map((date) => date.toISOString()))].sort()).toEqual(['2026-07-09T06:00:00.000Z', '2026-07-16T06:00:00.000Z']);
    const moved = [...new Map(Object.values(master.recurrences ?? {}).map((occurrence) => [occurrence.recurrenceid?.toISOString(), occurrence])).values()];
    expect(moved).toHaveLength(1);
    expect(moved[0].recurrenceid?.toISOString()).toBe('2026-07-23T06:00:00.000Z');
    expect(moved[0].start?.toISOString()).toBe('2026-07-24T06:00:00.000Z');
    expect(moved[0].end?.toISOString()).toBe('2026-07-24T10:00:00.000Z');
  });

  it('marks a cancelled event STATUS:CANCELLED and puts a postponed one-off event at its new date', () => {
    const text = eventsCalendar([
      item(source({ eventStatus: EventStatus.CANCELLED, cancellationReason: 'Pluie' })),
      item(source({ id: '22222222-2222-4222-8222-222222222222', eventStatus: EventStatus.POSTPONED, postponedTo: new Date('2026-07-09T06:00:00Z') })),
    ], { name: 'Agenda', url: 'http://localhost/feeds/events.ics' });
    const [cancelled, postponed] = vevents(text);
    expect(cancelled.status).toBe('CANCELLED');
    expect(postponed.start?.toISOString()).toBe('2026-07-09T06:00:00.000Z');
    expect(postponed.end?.toISOString()).toBe('2026-07-09T10:00:00.000Z');
  });

  it('writes a sold-out occurrence as a RECURRENCE-ID at its own time, marked "complet", and nothing for a whole cancelled series but its status', () => {
    const soldOut = eventsCalendar([item(source({
      recurrenceRule: 'FREQ=WEEKLY;COUNT=3', occurrenceCount: 3,
      occurrenceOverrides: [{ originalStartsAt: '2026-07-09T06:00:00.000Z', status: EventStatus.SOLD_OUT, startsAt: null, endsAt: null, reason: null }],
    }))], { name: 'Agenda', url: 'http://localhost/feeds/events.ics' });
    const [master] = vevents(soldOut);
    const [occurrence] = Object.values(master.recurrences ?? {});
    expect(occurrence.summary).toBe('Marché (complet)');
    expect(occurrence.start?.toISOString()).toBe('2026-07-09T06:00:00.000Z');

    const cancelled = eventsCalendar([item(source({
      recurrenceRule: 'FREQ=WEEKLY;COUNT=3', occurrenceCount: 3, eventStatus: EventStatus.CANCELLED,
      occurrenceOverrides: [{ originalStartsAt: '2026-07-09T06:00:00.000Z', status: EventStatus.SOLD_OUT, startsAt: null, endsAt: null, reason: null }],
    }))], { name: 'Agenda', url: 'http://localhost/feeds/events.ics' });
    expect(vevents(cancelled)).toEqual([expect.objectContaining({ status: 'CANCELLED', summary: 'Marché (annulé)' })]);
  });

  it('writes an all-day event as dates in Paris', () => {
    const text = eventsCalendar([item(source({ allDay: true, startsAt: new Date('2026-07-01T22:00:00Z'), endsAt: new Date('2026-07-03T22:00:00Z') }))],
      { name: 'Agenda', url: 'http://localhost/feeds/events.ics' });
    expect(text).toContain('DTSTART;VALUE=DATE:20260702');
    expect(text).toContain('DTEND;VALUE=DATE:20260704');
  });

  describe('an all-day series', () => {
    // Tuesdays from 29 December 2026, four times; 12 January excluded, 5 January moved to Thursday 7.
    const series = () => eventsCalendar([item(source({
      allDay: true, startsAt: new Date('2026-12-28T23:00:00Z'), endsAt: new Date('2026-12-29T23:00:00Z'),
      recurrenceRule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4', occurrenceCount: 4, exceptionDates: ['2027-01-12'],
      occurrenceOverrides: [{ originalStartsAt: '2027-01-04T23:00:00.000Z', status: EventStatus.POSTPONED, startsAt: '2027-01-06T23:00:00.000Z', endsAt: null, reason: 'Salle prise' }],
    }))], { name: 'Agenda', url: 'http://localhost/feeds/events.ics' });

    it('writes the RECURRENCE-ID of a moved occurrence as a DATE, like its DTSTART (RFC 5545 3.8.4.4)', () => {
      const text = series();
      const lines = text.split('\r\n');
      expect(lines.filter((line) => line.startsWith('RECURRENCE-ID'))).toEqual(['RECURRENCE-ID;VALUE=DATE:20270105']);
      expect(text).toContain('DTSTART;VALUE=DATE:20270107');
      const [master] = vevents(text);
      expect(master.start?.dateOnly).toBe(true);
      const overrides = Object.values(master.recurrences ?? {});
      expect(overrides).toHaveLength(1);
      expect(overrides[0].recurrenceid?.dateOnly).toBe(true);
      expect(overrides[0].start?.dateOnly).toBe(true);
      expect(overrides[0].summary).toBe('Marché');
      expect(Object.keys(master.recurrences ?? {})).toEqual(['2027-01-05']);
    });

    it('writes the EXDATE of an all-day series as DATE values', () => {
      const text = series();
      expect(text.split('\r\n').filter((line) => line.startsWith('EXDATE'))).toEqual(['EXDATE;VALUE=DATE:20270112']);
      const [master] = vevents(text);
      expect(Object.values(master.exdate ?? {}).every((date) => (date as Date & { dateOnly?: boolean }).dateOnly === true)).toBe(true);
      expect(Object.keys(master.exdate ?? {})).toContain('2027-01-12');
    });

    it('keeps a timed series\' RECURRENCE-ID a date-time in Paris', () => {
      const text = eventsCalendar([item(source({
        recurrenceRule: 'FREQ=WEEKLY;COUNT=3', occurrenceCount: 3,
        occurrenceOverrides: [{ originalStartsAt: '2026-07-09T06:00:00.000Z', status: EventStatus.SOLD_OUT, startsAt: null, endsAt: null, reason: null }],
      }))], { name: 'Agenda', url: 'http://localhost/feeds/events.ics' });
      expect(text).toContain('RECURRENCE-ID;TZID=Europe/Paris:20260709T080000');
      expect(text).not.toContain('RECURRENCE-ID;VALUE=DATE');
    });
  });

  describe('the VTIMEZONE', () => {
    it('is generated from the tz database, once, with its STANDARD and DAYLIGHT rules', () => {
      const text = eventsCalendar([item(source({})), item(source({ id: '22222222-2222-4222-8222-222222222222' }))],
        { name: 'Agenda', url: 'http://localhost/feeds/events.ics' });
      expect(text.match(/^BEGIN:VTIMEZONE$/gm)).toHaveLength(1);
      const block = text.slice(text.indexOf('BEGIN:VTIMEZONE'), text.indexOf('END:VTIMEZONE'));
      expect(block).toContain('TZID:Europe/Paris');
      expect(block).toMatch(/BEGIN:STANDARD\r\n[\s\S]*TZOFFSETTO:\+0100[\s\S]*END:STANDARD/);
      expect(block).toMatch(/BEGIN:DAYLIGHT\r\n[\s\S]*TZOFFSETTO:\+0200[\s\S]*END:DAYLIGHT/);
      // The library's block as it stands (with the tz release's LAST-MODIFIED), not a hand-written one.
      expect(text).toContain(`${vtimezoneOf('Europe/Paris')}\r\n`);
    });

    it('lets a parser put a summer and a winter time of Paris at the right UTC instant', () => {
      const text = eventsCalendar([
        item(source({ startsAt: new Date('2026-07-02T06:00:00Z'), endsAt: new Date('2026-07-02T08:00:00Z') })),
        item(source({ id: '22222222-2222-4222-8222-222222222222', startsAt: new Date('2026-12-03T07:00:00Z'), endsAt: new Date('2026-12-03T09:00:00Z') })),
      ], { name: 'Agenda', url: 'http://localhost/feeds/events.ics' });
      expect(text).toContain('DTSTART;TZID=Europe/Paris:20260702T080000');
      expect(text).toContain('DTSTART;TZID=Europe/Paris:20261203T080000');
      const [summer, winter] = vevents(text);
      expect(summer.start?.toISOString()).toBe('2026-07-02T06:00:00.000Z');
      expect(winter.start?.toISOString()).toBe('2026-12-03T07:00:00.000Z');
    });

    it('is null for a zone the library does not know', () => {
      expect(vtimezoneOf('Europe/Atlantis')).toBeNull();
      expect(vtimezoneOf('Europe/Paris')).toMatch(/^BEGIN:VTIMEZONE\r\nTZID:Europe\/Paris\r\n/);
    });
  });
});
