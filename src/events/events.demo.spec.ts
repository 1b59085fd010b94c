import { DateTime } from 'luxon';
import { resolveEventRules } from './event-rules';
import { DEMO_EVENTS, demoEventInput } from './events.demo';
import { EVENT_TIME_ZONE } from './recurrence';

describe('demo events', () => {
  const seedDays = ['2026-11-23', '2027-01-01', '2027-03-29', '2027-06-30', '2027-10-31'];

  it.each(seedDays)('are all valid when seeded on %s, and all lie ahead', (seedDay) => {
    const today = DateTime.fromISO(seedDay, { zone: EVENT_TIME_ZONE });
    for (const demo of DEMO_EVENTS) {
      const input = demoEventInput(demo, today, new Map(), null);
      const { values, errors } = resolveEventRules(input, null);
      expect({ title: demo.title, errors }).toEqual({ title: demo.title, errors: [] });
      expect(values!.startsAt.getTime()).toBeGreaterThan(today.toJSDate().getTime());
    }
  });

  it('has about forty events with recurrences, all-day events, a cancellation and a postponement', () => {
    expect(DEMO_EVENTS.length).toBeGreaterThanOrEqual(38);
    expect(DEMO_EVENTS.filter((demo) => demo.rule).length).toBeGreaterThanOrEqual(8);
    expect(DEMO_EVENTS.filter((demo) => !demo.time).length).toBeGreaterThanOrEqual(5);
    expect(DEMO_EVENTS.map((demo) => demo.eventStatus)).toEqual(expect.arrayContaining(['cancelled', 'postponed', 'sold_out']));
    expect(new Set(DEMO_EVENTS.map((demo) => demo.slug)).size).toBe(DEMO_EVENTS.length);
  });

  it('cancels the market on the public holidays that fall on a Friday, with the reason', () => {
    const market = DEMO_EVENTS.find((demo) => demo.slug === 'marche-hebdomadaire')!;
    const input = demoEventInput(market, DateTime.fromISO('2026-11-23', { zone: EVENT_TIME_ZONE }), new Map(), null);
    expect(input.occurrenceOverrides?.map((override) => [override.originalStartsAt.toISOString(), override.status, override.reason])).toEqual([
      ['2026-12-25T07:00:00.000Z', 'cancelled', 'Jour férié'], ['2027-01-01T07:00:00.000Z', 'cancelled', 'Jour férié'],
    ]);
  });
});
