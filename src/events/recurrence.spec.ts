import {
  checkSchedule, EventSchedule, expandOccurrences, lastLocalDate, localMidnight, MAX_SERIES_OCCURRENCES, normalizeRecurrenceRule,
  ScheduleError, toLocalDate, toLocalDateTime,
} from './recurrence';

const at = (iso: string): Date => new Date(iso);

/** "Club des aînés": Tuesdays 14:00–16:00 Paris time; 2026-03-24 is a Tuesday in winter time (UTC+1). */
function weekly(rule: string, exceptionDates: string[] = []): EventSchedule {
  return { startsAt: at('2026-03-24T13:00:00Z'), endsAt: at('2026-03-24T15:00:00Z'), allDay: false, recurrenceRule: rule, exceptionDates };
}

const YEAR_2026 = { from: at('2026-01-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') };

function refusal(work: () => unknown): ScheduleError {
  try {
    work();
  } catch (error) {
    if (error instanceof ScheduleError) return error;
    throw error;
  }
  throw new Error('expected a ScheduleError');
}

describe('recurrence', () => {
  describe('local time', () => {
    it('gives the Paris wall time and date of an instant, with the offset of that date', () => {
      expect(toLocalDateTime(at('2026-01-15T13:00:00Z'))).toBe('2026-01-15T14:00:00');
      expect(toLocalDateTime(at('2026-07-15T12:00:00Z'))).toBe('2026-07-15T14:00:00');
      expect(toLocalDate(at('2026-07-15T22:30:00Z'))).toBe('2026-07-16');
    });

    it('finds local midnight, and the last day of an all-day event stored with an exclusive end', () => {
      expect(localMidnight('2026-06-14').toISOString()).toBe('2026-06-13T22:00:00.000Z');
      expect(localMidnight('2026-12-31', 1).toISOString()).toBe('2026-12-31T23:00:00.000Z');
      const fair = { startsAt: localMidnight('2026-06-14'), endsAt: localMidnight('2026-06-16') };
      expect(lastLocalDate(fair, true)).toBe('2026-06-15');
      expect(lastLocalDate({ startsAt: at('2026-06-14T08:00:00Z'), endsAt: at('2026-06-14T10:00:00Z') }, false)).toBe('2026-06-14');
    });
  });

  describe('expansion across daylight-saving changes', () => {
    it('keeps a weekly 14:00 event at 14:00 local while its UTC hour moves on 2026-03-29 and 2026-10-25', () => {
      const schedule = weekly('FREQ=WEEKLY;BYDAY=TU;UNTIL=20261103T235959Z');
      expect(checkSchedule(schedule).seriesEndsAt.toISOString()).toBe('2026-11-03T15:00:00.000Z');
      const { occurrences } = expandOccurrences(schedule, YEAR_2026);
      const local = occurrences.map((o) => toLocalDateTime(o.startsAt));
      expect(local.every((time) => time.endsWith('T14:00:00'))).toBe(true);
      expect(occurrences.map((o) => toLocalDateTime(o.endsAt)).every((time) => time.endsWith('T16:00:00'))).toBe(true);
      const utcHourOn = (date: string): number => occurrences.find((o) => toLocalDate(o.startsAt) === date)!.startsAt.getUTCHours();
      expect(utcHourOn('2026-03-24')).toBe(13); // winter time, before 29 March
      expect(utcHourOn('2026-03-31')).toBe(12); // summer time
      expect(utcHourOn('2026-10-20')).toBe(12);
      expect(utcHourOn('2026-10-27')).toBe(13); // winter time again after 25 October
      expect(local[0]).toBe('2026-03-24T14:00:00');
      expect(local[local.length - 1]).toBe('2026-11-03T14:00:00');
      expect(occurrences).toHaveLength(33);
    });

    it('keeps all-day events on whole local days across the change of time', () => {
      const schedule: EventSchedule = {
        startsAt: localMidnight('2026-03-28'), endsAt: localMidnight('2026-03-28', 1), allDay: true,
        recurrenceRule: 'FREQ=DAILY;COUNT=3', exceptionDates: [],
      };
      const { occurrences } = expandOccurrences(schedule, YEAR_2026);
      expect(occurrences.map((o) => [toLocalDateTime(o.startsAt), toLocalDateTime(o.endsAt)])).toEqual([
        ['2026-03-28T00:00:00', '2026-03-29T00:00:00'],
        ['2026-03-29T00:00:00', '2026-03-30T00:00:00'],
        ['2026-03-30T00:00:00', '2026-03-31T00:00:00'],
      ]);
      // 29 March lasts 23 hours in Paris.
      expect(occurrences[1].endsAt.getTime() - occurrences[1].startsAt.getTime()).toBe(23 * 3600 * 1000);
    });
  });

  describe('COUNT, UNTIL and exception dates', () => {
    it('stops after COUNT occurrences', () => {
      const { occurrences } = expandOccurrences(weekly('FREQ=WEEKLY;BYDAY=TU;COUNT=4'), YEAR_2026);
      expect(occurrences.map((o) => toLocalDate(o.startsAt))).toEqual(['2026-03-24', '2026-03-31', '2026-04-07', '2026-04-14']);
    });

    it('includes the UNTIL day when UNTIL is a date, and converts a UTC UNTIL to local time', () => {
      const byDate = expandOccurrences(weekly('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260414'), YEAR_2026).occurrences;
      expect(byDate.map((o) => toLocalDate(o.startsAt)).pop()).toBe('2026-04-14');
      // 12:00Z is 14:00 in Paris on 14 April: the 14:00 occurrence is the last one included.
      const byInstant = expandOccurrences(weekly('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260414T120000Z'), YEAR_2026).occurrences;
      expect(byInstant.map((o) => toLocalDate(o.startsAt)).pop()).toBe('2026-04-14');
      const justBefore = expandOccurrences(weekly('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260414T115959Z'), YEAR_2026).occurrences;
      expect(justBefore.map((o) => toLocalDate(o.startsAt)).pop()).toBe('2026-04-07');
    });

    it('skips exception dates, which do not replace the occurrences COUNT removed', () => {
      const schedule = weekly('FREQ=WEEKLY;BYDAY=TU;COUNT=4', ['2026-03-31']);
      const checked = checkSchedule(schedule);
      expect(checked.seriesEndsAt.toISOString()).toBe('2026-04-14T14:00:00.000Z');
      const dates = expandOccurrences(schedule, YEAR_2026).occurrences.map((o) => toLocalDate(o.startsAt));
      expect(dates).toEqual(['2026-03-24', '2026-04-07', '2026-04-14']);
    });

    it('moves the series end back when the last occurrence is an exception', () => {
      expect(checkSchedule(weekly('FREQ=WEEKLY;BYDAY=TU;COUNT=2', ['2026-03-31'])).seriesEndsAt.toISOString()).toBe('2026-03-24T15:00:00.000Z');
    });
  });

  describe('caps', () => {
    it('returns at most `cap` occurrences of one event, the first ones, and says it truncated', () => {
      const schedule: EventSchedule = {
        startsAt: at('2026-05-01T06:00:00Z'), endsAt: at('2026-05-01T06:30:00Z'), allDay: false,
        recurrenceRule: 'FREQ=DAILY;BYHOUR=8,9,10,11,12,13,14,15,16,17,18;COUNT=900', exceptionDates: [],
      };
      const capped = expandOccurrences(schedule, YEAR_2026);
      expect(capped.occurrences).toHaveLength(500);
      expect(capped.truncated).toBe(true);
      expect(toLocalDateTime(capped.occurrences[0].startsAt)).toBe('2026-05-01T08:00:00');
      const small = expandOccurrences(schedule, YEAR_2026, 3);
      expect(small.occurrences.map((o) => toLocalDateTime(o.startsAt))).toEqual(['2026-05-01T08:00:00', '2026-05-01T09:00:00', '2026-05-01T10:00:00']);
      expect(expandOccurrences(schedule, { from: at('2026-05-02T00:00:00Z'), to: at('2026-05-03T00:00:00Z') }).truncated).toBe(false);
    });

    it('refuses a rule that gives too many occurrences in total', () => {
      const schedule: EventSchedule = {
        startsAt: at('2026-05-01T06:00:00Z'), endsAt: at('2026-05-01T06:30:00Z'), allDay: false,
        recurrenceRule: 'FREQ=DAILY;BYHOUR=8,9,10,11,12,13,14,15,16,17,18;UNTIL=20300101', exceptionDates: [],
      };
      expect(refusal(() => checkSchedule(schedule)).message).toContain(String(MAX_SERIES_OCCURRENCES));
    });

    it('refuses a series longer than 10 years, by UNTIL or by COUNT, and a rule whose filters never match', () => {
      expect(refusal(() => checkSchedule(weekly('FREQ=WEEKLY;BYDAY=TU;UNTIL=20370101'))).message).toMatch(/10 years/);
      expect(refusal(() => checkSchedule(weekly('FREQ=YEARLY;COUNT=12'))).message).toMatch(/10 years/);
      // Without the horizon, rrule would search day by day up to the year 9999 (tens of seconds).
      expect(refusal(() => checkSchedule(weekly('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=5'))).message).toMatch(/first occurrence/);
      expect(refusal(() => checkSchedule(weekly('FREQ=DAILY;INTERVAL=7;BYDAY=WE;COUNT=5'))).message).toMatch(/first occurrence/);
      expect(checkSchedule(weekly('FREQ=YEARLY;COUNT=10')).seriesEndsAt.toISOString()).toBe('2035-03-24T15:00:00.000Z') // winter time: DST starts on 25 March 2035;
    });
  });

  describe('windows', () => {
    it('lists an occurrence that began before the window and is still going on', () => {
      const fair: EventSchedule = {
        startsAt: localMidnight('2026-06-13'), endsAt: localMidnight('2026-06-15'), allDay: true, recurrenceRule: null, exceptionDates: [],
      };
      expect(expandOccurrences(fair, { from: at('2026-06-14T10:00:00Z'), to: at('2026-06-20T00:00:00Z') }).occurrences).toHaveLength(1);
      expect(expandOccurrences(fair, { from: at('2026-06-15T10:00:00Z'), to: at('2026-06-20T00:00:00Z') }).occurrences).toHaveLength(0);
    });

    it('expands only the part of a series inside the window', () => {
      const { occurrences } = expandOccurrences(weekly('FREQ=WEEKLY;BYDAY=TU;COUNT=20'),
        { from: at('2026-04-08T00:00:00Z'), to: at('2026-04-22T00:00:00Z') });
      expect(occurrences.map((o) => toLocalDate(o.startsAt))).toEqual(['2026-04-14', '2026-04-21']);
    });
  });

  describe('refusals', () => {
    it.each([
      ['FREQ=WEEKLY;BYDAY=TU', /must end/],
      ['FREQ=FOO;COUNT=2', /FREQ=FOO/],
      ['FREQ=WEEKLY;BYDAY=XX;COUNT=2', /BYDAY/],
      ['FREQ=WEEKLY;COUNT=abc', /COUNT/],
      ['FREQ=WEEKLY;FOO=1;COUNT=2', /FOO/],
      ['GARBAGE', /KEY=VALUE/],
      ['FREQ=WEEKLY;COUNT=2;UNTIL=20270101', /not both/],
      ['FREQ=WEEKLY;UNTIL=20271399', /UNTIL/],
      ['FREQ=WEEKLY;BYDAY=1TU;COUNT=3', /MONTHLY/],
      ['FREQ=HOURLY;COUNT=3', /not supported/],
      ['FREQ=WEEKLY;COUNT=3;DTSTART=20260324T130000Z', /DTSTART/],
      ['FREQ=MONTHLY;BYDAY=TU;BYSETPOS=-1;COUNT=3', /BYSETPOS/],
    ])('refuses %s', (rule, message) => {
      const error = refusal(() => checkSchedule(weekly(rule)));
      expect(error.field).toBe('recurrenceRule');
      expect(error.message).toMatch(message);
    });

    it('accepts a start that is the numbered weekday the rule asks for, in its month or its year', () => {
      // 2026-03-24 is the 4th and the second-to-last Tuesday of March (the 31st is one), and the 12th Tuesday of 2026.
      for (const rule of ['FREQ=MONTHLY;BYDAY=4TU;COUNT=3', 'FREQ=MONTHLY;BYDAY=-2TU;COUNT=3', 'FREQ=YEARLY;BYDAY=12TU;COUNT=2',
        'FREQ=YEARLY;BYMONTH=3;BYDAY=-2TU;COUNT=2', 'FREQ=MONTHLY;BYMONTHDAY=-8;COUNT=2', 'FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=14,16;COUNT=4']) {
        expect(checkSchedule(weekly(rule)).recurrenceRule).toBe(rule);
      }
      const fourthTuesdays = expandOccurrences({ ...weekly('FREQ=MONTHLY;BYDAY=4TU;COUNT=3'), occurrenceCount: 3 }, YEAR_2026).occurrences;
      expect(fourthTuesdays.map((o) => toLocalDate(o.startsAt))).toEqual(['2026-03-24', '2026-04-28', '2026-05-26']);
      expect(refusal(() => checkSchedule(weekly('FREQ=MONTHLY;BYDAY=3TU;COUNT=3'))).message).toMatch(/first occurrence/);
      expect(refusal(() => checkSchedule(weekly('FREQ=MONTHLY;BYDAY=-1TU;COUNT=3'))).message).toMatch(/first occurrence/);
    });

    it('stops expanding after the saved number of occurrences', () => {
      const checked = checkSchedule(weekly('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260414'));
      expect(checked.occurrenceCount).toBe(4);
      expect(expandOccurrences({ ...weekly(checked.recurrenceRule!), occurrenceCount: 2 }, YEAR_2026).occurrences).toHaveLength(2);
    });

    it('refuses a start that is not the first occurrence of its rule', () => {
      expect(refusal(() => checkSchedule(weekly('FREQ=WEEKLY;BYDAY=FR;COUNT=3'))).message).toMatch(/first occurrence/);
      expect(refusal(() => checkSchedule(weekly('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260301'))).message).toMatch(/no occurrence/);
    });

    it('refuses exception dates that are malformed, not in the series, on a one-off event, or exclude everything', () => {
      expect(refusal(() => checkSchedule(weekly('FREQ=WEEKLY;COUNT=3', ['2026-02-30']))).field).toBe('exceptionDates');
      expect(refusal(() => checkSchedule(weekly('FREQ=WEEKLY;COUNT=3', ['2026-03-25']))).message).toMatch(/not a date of this event/);
      expect(refusal(() => checkSchedule(weekly('FREQ=WEEKLY;COUNT=1', ['2026-03-24']))).message).toMatch(/Every occurrence/);
      expect(refusal(() => checkSchedule({ ...weekly('x'), recurrenceRule: null, exceptionDates: ['2026-03-24'] })).field).toBe('exceptionDates');
    });

    it('refuses hours in the rule of an all-day event', () => {
      const schedule: EventSchedule = {
        startsAt: localMidnight('2026-06-14'), endsAt: localMidnight('2026-06-15'), allDay: true,
        recurrenceRule: 'FREQ=DAILY;BYHOUR=10;COUNT=2', exceptionDates: [],
      };
      expect(refusal(() => checkSchedule(schedule)).message).toMatch(/all-day/);
    });

    it('normalises the rule text', () => {
      expect(normalizeRecurrenceRule(' rrule:freq=weekly;byday=tu;count=3; ')).toBe('FREQ=WEEKLY;BYDAY=TU;COUNT=3');
    });
  });
});
