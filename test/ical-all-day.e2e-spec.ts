import { loginAs } from './support/auth-helpers';
import { createPublished, createTerm, EVENT, Versioned } from './support/content-factories';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 13, iCalendar leftovers: an all-day series writes its EXDATE and the RECURRENCE-ID of a moved
 * occurrence as DATE values (RFC 5545: the same value type as DTSTART), and the VTIMEZONE of
 * Europe/Paris comes from the tz database; each checked on the raw lines and through node-ical.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports -- node-ical is CommonJS without bundled types
const ical = require('node-ical') as { sync: { parseICS: (text: string) => Record<string, IcalComponent> } };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the same library the feed uses, read here to compare
const { tzlib_get_ical_block } = require('timezones-ical-library') as { tzlib_get_ical_block: (zone: string) => string[] };

type IcalDate = Date & { tz?: string; dateOnly?: boolean };

/** What node-ical gives for a component (only what these tests read). */
interface IcalComponent {
  type: string;
  uid?: string;
  summary?: string;
  start?: IcalDate;
  end?: IcalDate;
  exdate?: Record<string, IcalDate>;
  recurrences?: Record<string, IcalComponent>;
  recurrenceid?: IcalDate;
}

/** A binary-safe body as text. */
function text(res: { text?: string; body?: unknown }): string {
  return Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text ?? '';
}

const lines = (body: string): string[] => body.split('\r\n');

function vevents(body: string): IcalComponent[] {
  return Object.values(ical.sync.parseICS(body)).filter((component) => component.type === 'VEVENT');
}

describe('iCalendar: all-day series and the generated VTIMEZONE (issue 13)', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' });
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  async function update(ref: Versioned, input: Record<string, unknown>): Promise<void> {
    const res = await t.gql('mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) { updateEvent(id: $id, version: $v, input: $input) { id version } }',
      { id: ref.id, v: ref.version, input }, editor);
    expect(res.body.errors).toBeUndefined();
  }

  async function calendarOf(id: string): Promise<string> {
    return text(await t.http().get(`/api/v1/events/${id}.ics`).buffer(true).expect(200));
  }

  it('writes a moved occurrence of an all-day series with RECURRENCE-ID;VALUE=DATE, and its EXDATE as dates', async () => {
    // Tuesdays from 7 January 2031, four times: the 14th moved to Thursday the 16th, the 21st excluded.
    const fair = await createPublished(t, editor, EVENT, {
      title: 'Bourse aux vêtements', allDay: true, startDate: '2031-01-07', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4', exceptionDates: ['2031-01-21'],
    });
    await update(fair, { occurrenceOverrides: [{ originalStartsAt: '2031-01-13T23:00:00Z', status: 'POSTPONED', startsAt: '2031-01-15T23:00:00Z', reason: 'Salle prise' }] });

    const body = await calendarOf(fair.id);
    const eventLines = lines(body.slice(body.indexOf('BEGIN:VEVENT')));
    expect(eventLines.filter((line) => /^(DTSTART|RECURRENCE-ID|EXDATE)/.test(line))).toEqual([
      'DTSTART;VALUE=DATE:20310107', 'EXDATE;VALUE=DATE:20310121',
      'DTSTART;VALUE=DATE:20310116', 'RECURRENCE-ID;VALUE=DATE:20310114',
    ]);

    const [series, ...others] = vevents(body);
    expect(others).toEqual([]);
    expect(series.start?.dateOnly).toBe(true);
    expect(Object.keys(series.exdate ?? {})).toEqual(['2031-01-21']);
    expect(series.exdate?.['2031-01-21'].dateOnly).toBe(true);
    // Bound to its series by date alone: node-ical files a DATE-valued RECURRENCE-ID under its day only.
    expect(Object.keys(series.recurrences ?? {})).toEqual(['2031-01-14']);
    const moved = series.recurrences?.['2031-01-14'];
    expect(moved?.recurrenceid?.dateOnly).toBe(true);
    expect(moved?.start?.dateOnly).toBe(true);
    expect(moved?.uid).toBe(series.uid);
    expect(moved?.summary).toBe('Bourse aux vêtements');
    // The all-day occurrence lasts one day, from its new date.
    expect(lines(body)).toContain('DTEND;VALUE=DATE:20310117');
  });

  it('also writes the all-day override as a date in the events feed', async () => {
    const category = (await createTerm(t, editor, 'CATEGORY', 'Journées')).id;
    const fair = await createPublished(t, editor, EVENT, {
      title: 'Journée du patrimoine', allDay: true, startDate: '2031-09-20', recurrenceRule: 'FREQ=DAILY;COUNT=2', categoryIds: [category],
    });
    await update(fair, { occurrenceOverrides: [{ originalStartsAt: '2031-09-20T22:00:00Z', status: 'SOLD_OUT' }] });
    const body = text(await t.http().get('/feeds/events.ics').query({ category }).buffer(true).expect(200));
    expect(lines(body).filter((line) => line.startsWith('RECURRENCE-ID'))).toEqual(['RECURRENCE-ID;VALUE=DATE:20310921']);
    const [series] = vevents(body);
    expect(Object.values(series.recurrences ?? {}).map((occurrence) => occurrence.summary)).toEqual(['Journée du patrimoine (complet)']);
  });

  it('carries one VTIMEZONE of Europe/Paris from the tz database, with STANDARD and DAYLIGHT, that puts summer and winter times at the right instant', async () => {
    const category = (await createTerm(t, editor, 'CATEGORY', 'Saisons')).id;
    await createPublished(t, editor, EVENT, { ...EVENT.createInput(1), title: 'Feu de la Saint-Jean', startsAt: '2031-06-24T19:30:00Z', endsAt: '2031-06-24T22:00:00Z', categoryIds: [category] });
    await createPublished(t, editor, EVENT, { ...EVENT.createInput(2), title: 'Marché de Noël', startsAt: '2031-12-13T09:00:00Z', endsAt: '2031-12-13T17:00:00Z', categoryIds: [category] });
    const body = text(await t.http().get('/feeds/events.ics').query({ category }).buffer(true).expect(200));

    expect(body.match(/^BEGIN:VTIMEZONE\r$/gm)).toHaveLength(1);
    const block = body.slice(body.indexOf('BEGIN:VTIMEZONE'), body.indexOf('END:VTIMEZONE') + 'END:VTIMEZONE'.length);
    expect(block).toBe(tzlib_get_ical_block('Europe/Paris')[0]);
    expect(lines(block)).toEqual(expect.arrayContaining(['TZID:Europe/Paris', 'BEGIN:STANDARD', 'TZOFFSETTO:+0100', 'BEGIN:DAYLIGHT', 'TZOFFSETTO:+0200']));

    expect(lines(body)).toEqual(expect.arrayContaining(['DTSTART;TZID=Europe/Paris:20310624T213000', 'DTSTART;TZID=Europe/Paris:20311213T100000']));
    const parsed = ical.sync.parseICS(body);
    expect(Object.values(parsed).filter((component) => component.type === 'VTIMEZONE')).toHaveLength(1);
    const starts = Object.fromEntries(vevents(body).map((event) => [event.summary, event.start?.toISOString()]));
    expect(starts).toEqual({ 'Feu de la Saint-Jean': '2031-06-24T19:30:00.000Z', 'Marché de Noël': '2031-12-13T09:00:00.000Z' });
  });
});
