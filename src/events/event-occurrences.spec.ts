import { checkOccurrenceOverrides, materializeOccurrences, OccurrenceSource } from './event-occurrences';
import { EventStatus } from './event-status';
import { allOccurrences } from './recurrence';

const at = (iso: string): Date => new Date(iso);

/** Thursdays 8:00–12:00 Paris time, five weeks from 4 December 2031. */
const MARKET: OccurrenceSource = {
  startsAt: at('2031-12-04T07:00:00Z'), endsAt: at('2031-12-04T11:00:00Z'), allDay: false,
  recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=5', occurrenceCount: 5, exceptionDates: [],
  eventStatus: EventStatus.SCHEDULED, postponedTo: null, cancellationReason: null, occurrenceOverrides: [],
};

const starts = (rows: { startsAt: Date }[]): string[] => rows.map((row) => row.startsAt.toISOString());

describe('occurrence index rows', () => {
  it('gives every occurrence of a finite series, exception dates left out', () => {
    expect(starts(allOccurrences({ ...MARKET, exceptionDates: ['2031-12-18'] }))).toEqual([
      '2031-12-04T07:00:00.000Z', '2031-12-11T07:00:00.000Z', '2031-12-25T07:00:00.000Z', '2032-01-01T07:00:00.000Z',
    ]);
  });

  it('lists a postponed one-off event at its old date (POSTPONED, movedTo) and at its new one (rescheduled), same duration', () => {
    const rows = materializeOccurrences({ ...MARKET, recurrenceRule: null, occurrenceCount: null,
      eventStatus: EventStatus.POSTPONED, postponedTo: at('2031-12-20T14:00:00Z') });
    expect(rows).toEqual([
      { startsAt: at('2031-12-04T07:00:00Z'), endsAt: at('2031-12-04T11:00:00Z'), originalStartsAt: at('2031-12-04T07:00:00Z'),
        status: EventStatus.POSTPONED, reason: null, rescheduled: false, movedTo: at('2031-12-20T14:00:00Z') },
      { startsAt: at('2031-12-20T14:00:00Z'), endsAt: at('2031-12-20T18:00:00Z'), originalStartsAt: at('2031-12-04T07:00:00Z'),
        status: EventStatus.SCHEDULED, reason: null, rescheduled: true, movedTo: null },
    ]);
  });

  it('applies overrides to their occurrences only, and a cancelled event cancels all with its reason', () => {
    const source: OccurrenceSource = { ...MARKET, occurrenceOverrides: [
      { originalStartsAt: '2031-12-25T07:00:00.000Z', status: EventStatus.CANCELLED, startsAt: null, endsAt: null, reason: 'Noël' },
      { originalStartsAt: '2031-12-11T07:00:00.000Z', status: EventStatus.POSTPONED, startsAt: '2031-12-10T17:00:00.000Z', endsAt: null, reason: null },
    ] };
    const rows = materializeOccurrences(source);
    expect(rows.map((row) => [row.startsAt.toISOString(), row.status, row.rescheduled])).toEqual([
      ['2031-12-04T07:00:00.000Z', EventStatus.SCHEDULED, false],
      ['2031-12-10T17:00:00.000Z', EventStatus.SCHEDULED, true],
      ['2031-12-11T07:00:00.000Z', EventStatus.POSTPONED, false],
      ['2031-12-18T07:00:00.000Z', EventStatus.SCHEDULED, false],
      ['2031-12-25T07:00:00.000Z', EventStatus.CANCELLED, false],
      ['2032-01-01T07:00:00.000Z', EventStatus.SCHEDULED, false],
    ]);
    const cancelled = materializeOccurrences({ ...source, eventStatus: EventStatus.CANCELLED, cancellationReason: 'Travaux' });
    expect(cancelled.every((row) => row.status === EventStatus.CANCELLED && row.reason === 'Travaux')).toBe(true);
    const soldOut = materializeOccurrences({ ...MARKET, eventStatus: EventStatus.SOLD_OUT });
    expect(soldOut.every((row) => row.status === EventStatus.SOLD_OUT)).toBe(true);
  });

  it('refuses overrides that target no occurrence, twice the same one, or move onto another one, and stores the rest sorted', () => {
    const checked = checkOccurrenceOverrides(MARKET, [
      { originalStartsAt: at('2031-12-25T07:00:00Z'), status: EventStatus.CANCELLED, reason: '  Noël ' },
      { originalStartsAt: at('2031-12-04T07:00:00Z'), status: EventStatus.SOLD_OUT },
    ]);
    expect(checked.errors).toEqual([]);
    expect(checked.overrides.map((override) => [override.originalStartsAt, override.reason])).toEqual([
      ['2031-12-04T07:00:00.000Z', null], ['2031-12-25T07:00:00.000Z', 'Noël'],
    ]);
    const refused = checkOccurrenceOverrides(MARKET, [
      { originalStartsAt: at('2031-12-04T08:00:00Z'), status: EventStatus.CANCELLED },
      { originalStartsAt: at('2031-12-11T07:00:00Z'), status: EventStatus.POSTPONED, startsAt: at('2031-12-18T07:00:00Z') },
      { originalStartsAt: at('2031-12-11T07:00:00Z'), status: EventStatus.CANCELLED },
    ]);
    expect(refused.errors.map((error) => error.path)).toEqual([
      'input.occurrenceOverrides.0.originalStartsAt', 'input.occurrenceOverrides.1.startsAt', 'input.occurrenceOverrides.2.originalStartsAt',
    ]);
  });
});
