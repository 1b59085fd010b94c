import { DateTime } from 'luxon';
import { Frequency, Options, RRule, Weekday } from 'rrule';

/**
 * Event dates and recurrences, as plain functions (no Nest, no database).
 *
 * Every event lives in the commune's time zone. A recurrence is expanded in *wall-clock* time and
 * each occurrence is then converted to an instant with the offset of its own date ("floating
 * time"), so "every Tuesday at 14:00" stays at 14:00 in Paris across the DST changes of the last
 * Sundays of March and October, while its UTC hour moves between 12:00 and 13:00.
 *
 * A "floating" Date below is a wall-clock time stored in the UTC fields of a Date (rrule works in
 * UTC); it is never a real instant and never leaves this module.
 */
export const EVENT_TIME_ZONE = 'Europe/Paris';

/** One window query sees at most this many occurrences of one event (its first ones). */
export const MAX_OCCURRENCES_PER_EVENT_PER_QUERY = 500;
/** A rule may produce at most this many occurrences in total (checked when it is saved). */
export const MAX_SERIES_OCCURRENCES = 3000;
export const MAX_COUNT = 1000;
/**
 * A series spans at most this many years from its start. Besides being sane for a town's agenda,
 * it bounds rrule's iteration: a rule whose filters never match (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30)
 * would otherwise be searched day by day up to the year 9999.
 */
export const MAX_SERIES_YEARS = 10;

const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export type ScheduleField = 'recurrenceRule' | 'exceptionDates';

/** A schedule the rules refuse; `field` names the input field at fault. */
export class ScheduleError extends Error {
  constructor(readonly field: ScheduleField, message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

export interface EventSchedule {
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  /** RFC 5545 RRULE value without DTSTART, e.g. `FREQ=WEEKLY;BYDAY=TU;COUNT=10`. */
  recurrenceRule: string | null;
  /** Local dates (YYYY-MM-DD) on which an occurrence is skipped (EXDATE). */
  exceptionDates: readonly string[];
  /**
   * How many instances the rule gives (before EXDATE), as computed by checkSchedule when saved.
   * Expansion then stops right after the last one, even for an UNTIL rule whose pattern would
   * only match again centuries later.
   */
  occurrenceCount?: number | null;
}

export interface Occurrence {
  startsAt: Date;
  endsAt: Date;
}

export interface Window {
  from: Date;
  to: Date;
}

// ---- local time --------------------------------------------------------------------------------

/**
 * Local forms of instants already computed: lists show the same occurrences again and again, and a
 * time-zone conversion costs far more than a lookup (it was a quarter of an events list's CPU).
 * Bounded: emptied when full.
 */
const LOCAL_TIMES = new Map<number, string>();
const LOCAL_TIMES_MAX = 100_000;

/** Wall time in Paris without offset, e.g. `2026-03-31T14:00:00`. */
export function toLocalDateTime(instant: Date): string {
  const key = instant.getTime();
  let local = LOCAL_TIMES.get(key);
  if (local === undefined) {
    local = DateTime.fromJSDate(instant, { zone: EVENT_TIME_ZONE }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
    if (LOCAL_TIMES.size >= LOCAL_TIMES_MAX) LOCAL_TIMES.clear();
    LOCAL_TIMES.set(key, local);
  }
  return local;
}

/** Calendar date in Paris, e.g. `2026-03-31`. */
export function toLocalDate(instant: Date): string {
  return toLocalDateTime(instant).slice(0, 10);
}

export function isLocalDate(text: string): boolean {
  return LOCAL_DATE_PATTERN.test(text) && DateTime.fromISO(text, { zone: EVENT_TIME_ZONE }).isValid;
}

/** The instant of local midnight starting `date` (YYYY-MM-DD) in Paris, `days` later if given. */
export function localMidnight(date: string, days = 0): Date {
  const day = DateTime.fromISO(date, { zone: EVENT_TIME_ZONE });
  if (!LOCAL_DATE_PATTERN.test(date) || !day.isValid) throw new RangeError(`Not a calendar date: ${date}`);
  return day.plus({ days }).startOf('day').toJSDate();
}

/**
 * The last calendar day an event covers: for an all-day event the day before its exclusive end
 * (stored at the local midnight after the last day), otherwise the local date of its end.
 */
export function lastLocalDate(occurrence: Occurrence, allDay: boolean): string {
  if (!allDay) return toLocalDate(occurrence.endsAt);
  const end = DateTime.fromJSDate(occurrence.endsAt, { zone: EVENT_TIME_ZONE }).minus({ days: 1 });
  const start = DateTime.fromJSDate(occurrence.startsAt, { zone: EVENT_TIME_ZONE });
  return (end < start ? start : end).toFormat('yyyy-MM-dd');
}

function toFloating(instant: Date): Date {
  const local = DateTime.fromJSDate(instant, { zone: EVENT_TIME_ZONE });
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond));
}

/**
 * Wall time → instant with the offset in force that day. A wall time that does not exist (the
 * hour skipped in March) moves forward by the gap; one that exists twice (October) takes the
 * first, summer-time one.
 */
function fromFloating(floating: Date): Date {
  return DateTime.fromObject({
    year: floating.getUTCFullYear(), month: floating.getUTCMonth() + 1, day: floating.getUTCDate(),
    hour: floating.getUTCHours(), minute: floating.getUTCMinutes(), second: floating.getUTCSeconds(),
    millisecond: floating.getUTCMilliseconds(),
  }, { zone: EVENT_TIME_ZONE }).toJSDate();
}

const floatingDate = (floating: Date): string => floating.toISOString().slice(0, 10);

// ---- the rule ----------------------------------------------------------------------------------

const FREQUENCIES: Record<string, Frequency> = {
  YEARLY: Frequency.YEARLY, MONTHLY: Frequency.MONTHLY, WEEKLY: Frequency.WEEKLY, DAILY: Frequency.DAILY,
};
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

type RuleOptions = Partial<Options>;
type UntilSpec = { kind: 'instant'; floating: Date } | { kind: 'floating'; floating: Date } | { kind: 'date'; date: string };

interface ParsedRule {
  /** The rule as stored: upper-case, no `RRULE:` prefix. */
  text: string;
  options: RuleOptions;
  until: UntilSpec | null;
  hasTimeParts: boolean;
}

const invalidRule = (message: string): ScheduleError => new ScheduleError('recurrenceRule', message);

function integerList(key: string, value: string, min: number, max: number, negative: boolean): number[] {
  return value.split(',').map((part) => {
    const number = /^[+-]?\d{1,3}$/.test(part) ? Number(part) : Number.NaN;
    const valid = number >= 0 ? number >= min && number <= max : negative && -number >= Math.max(min, 1) && -number <= max;
    if (!valid) {
      throw invalidRule(`${key}=${value} is not valid: expected numbers from ${min} to ${max}${negative ? ` (or -${max} to -1 counting from the end)` : ''}`);
    }
    return number;
  });
}

function parseUntil(value: string): UntilSpec {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (!match) throw invalidRule(`UNTIL=${value} is not a date: write UNTIL=20270630 or UNTIL=20270630T000000Z`);
  const [, year, month, day, hour, minute, second, utc] = match;
  const date = `${year}-${month}-${day}`;
  if (!isLocalDate(date) || (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59))) {
    throw invalidRule(`UNTIL=${value} is not a real date`);
  }
  if (hour === undefined) return { kind: 'date', date };
  const fields = [Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)] as const;
  const asUtc = new Date(Date.UTC(...fields));
  return utc ? { kind: 'instant', floating: toFloating(asUtc) } : { kind: 'floating', floating: asUtc };
}

/**
 * Parses an RRULE strictly (rrule's own parser accepts `FREQ=FOO` or `COUNT=abc` silently).
 * Supported: FREQ (YEARLY, MONTHLY, WEEKLY, DAILY), INTERVAL, COUNT or UNTIL (one of them is
 * required: a rule that never ends is refused), BYDAY, BYMONTHDAY, BYMONTH, BYHOUR,
 * BYMINUTE, WKST. The start comes from the event (no DTSTART in the rule).
 */
function parseRule(input: string): ParsedRule {
  const text = input.trim().toUpperCase().replace(/^RRULE:/, '').replace(/;$/, '');
  if (!text) throw invalidRule('The recurrence rule is empty: leave it out for a one-off event');
  const options: RuleOptions = {};
  let until: UntilSpec | null = null;
  const seen = new Set<string>();
  for (const part of text.split(';')) {
    const [key, value, ...rest] = part.split('=');
    if (!key || value === undefined || value === '' || rest.length > 0) throw invalidRule(`"${part}" is not a KEY=VALUE part of an RRULE`);
    if (seen.has(key)) throw invalidRule(`${key} appears twice`);
    seen.add(key);
    switch (key) {
      case 'FREQ':
        if (!(value in FREQUENCIES)) throw invalidRule(`FREQ=${value} is not supported: use YEARLY, MONTHLY, WEEKLY or DAILY (BYHOUR gives several times a day)`);
        options.freq = FREQUENCIES[value];
        break;
      case 'INTERVAL':
        if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 366) throw invalidRule('INTERVAL must be a number from 1 to 366');
        options.interval = Number(value);
        break;
      case 'COUNT':
        if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_COUNT) throw invalidRule(`COUNT must be a number from 1 to ${MAX_COUNT}`);
        options.count = Number(value);
        break;
      case 'UNTIL':
        until = parseUntil(value);
        break;
      case 'BYDAY':
        options.byweekday = value.split(',').map((day) => {
          const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(day);
          if (!match) throw invalidRule(`BYDAY=${value} is not valid: use MO, TU, WE, TH, FR, SA, SU, optionally numbered like 1FR or -1SU`);
          const weekday = new Weekday(WEEKDAYS.indexOf(match[2]));
          if (match[1] === undefined) return weekday;
          const nth = Number(match[1]);
          if (nth === 0 || Math.abs(nth) > 53) throw invalidRule(`BYDAY=${value}: the number before the day must be from 1 to 53 or -53 to -1`);
          return weekday.nth(nth);
        });
        break;
      case 'BYMONTHDAY':
        options.bymonthday = integerList(key, value, 1, 31, true);
        break;
      case 'BYMONTH':
        options.bymonth = integerList(key, value, 1, 12, false);
        break;
      case 'BYHOUR':
        options.byhour = integerList(key, value, 0, 23, false);
        break;
      case 'BYMINUTE':
        options.byminute = integerList(key, value, 0, 59, false);
        break;
      case 'WKST':
        if (!WEEKDAYS.includes(value)) throw invalidRule(`WKST=${value} is not a day: use MO … SU`);
        options.wkst = WEEKDAYS.indexOf(value);
        break;
      case 'DTSTART':
        throw invalidRule('Leave DTSTART out: the rule starts at the event\'s start');
      default:
        throw invalidRule(`${key} is not supported in a recurrence rule`);
    }
  }
  if (options.freq === undefined) throw invalidRule('The rule needs a FREQ, e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=10');
  if (options.count !== undefined && until) throw invalidRule('Give COUNT or UNTIL, not both');
  if (options.count === undefined && !until) {
    throw invalidRule('A recurrence must end: add COUNT (number of occurrences) or UNTIL (last date), e.g. ;UNTIL=20270630');
  }
  const numbered = Array.isArray(options.byweekday) && options.byweekday.some((day) => day instanceof Weekday && day.n !== undefined);
  if (numbered && options.freq !== Frequency.MONTHLY && options.freq !== Frequency.YEARLY) {
    throw invalidRule('A numbered BYDAY (like 1FR) needs FREQ=MONTHLY or FREQ=YEARLY');
  }
  return { text, options, until, hasTimeParts: options.byhour !== undefined || options.byminute !== undefined };
}

function untilFloating(until: UntilSpec): Date {
  // UNTIL is inclusive; a date alone means "up to the end of that local day".
  if (until.kind === 'date') return new Date(Date.parse(`${until.date}T23:59:59.999Z`));
  return until.floating;
}

function seriesHorizon(floatingStart: Date): Date {
  const horizon = new Date(floatingStart.getTime());
  horizon.setUTCFullYear(horizon.getUTCFullYear() + MAX_SERIES_YEARS);
  return horizon;
}

function buildRule(schedule: EventSchedule, parsed: ParsedRule): RRule {
  const dtstart = toFloating(schedule.startsAt);
  const horizon = seriesHorizon(dtstart);
  const until = parsed.until ? untilFloating(parsed.until) : null;
  return new RRule({
    ...parsed.options,
    count: schedule.occurrenceCount ?? parsed.options.count ?? null,
    dtstart,
    // rrule.js honours COUNT and UNTIL together: the horizon bounds every rule, COUNT ones included.
    until: until && until < horizon ? until : horizon,
    bysecond: [dtstart.getUTCSeconds()],
  });
}

const asList = <T>(value: T | T[] | null | undefined): T[] | null => (value === null || value === undefined ? null : Array.isArray(value) ? value : [value]);

/** Position of a day among the same weekdays of its month or year: from the start (1, 2…) and from the end (-1, -2…). */
function weekdayRanks(dayIndex: number, length: number): [number, number] {
  return [Math.floor((dayIndex - 1) / 7) + 1, -(Math.floor((length - dayIndex) / 7) + 1)];
}

/**
 * Whether the start itself satisfies every filter of the rule, checked by hand before rrule runs:
 * rrule searches period by period until it finds a date, so a rule that can never match would
 * keep it busy up to the year 9999. When the start matches, the start is the first occurrence and
 * the calendar's 400-year cycle bounds the search for the next ones.
 */
function startMatchesRule(options: RuleOptions, start: Date): boolean {
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + 1;
  const day = start.getUTCDate();
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const weekday = (start.getUTCDay() + 6) % 7; // rrule counts from Monday = 0
  const months = asList(options.bymonth);
  if (months && !months.includes(month)) return false;
  const monthDays = asList(options.bymonthday);
  if (monthDays && !monthDays.some((value) => (value > 0 ? value : daysInMonth + value + 1) === day)) return false;
  const hours = asList(options.byhour);
  if (hours && !hours.includes(start.getUTCHours())) return false;
  const minutes = asList(options.byminute);
  if (minutes && !minutes.includes(start.getUTCMinutes())) return false;
  const weekdays = asList(options.byweekday) as Weekday[] | null;
  if (!weekdays) return true;
  // A numbered day (1SA, -1TH) counts within the month, or within the year for YEARLY without BYMONTH.
  const inYear = options.freq === Frequency.YEARLY && !months;
  const dayOfYear = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / DAY_MS) + 1;
  const daysInYear = Math.round((Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS);
  const ranks = inYear ? weekdayRanks(dayOfYear, daysInYear) : weekdayRanks(day, daysInMonth);
  return weekdays.some((candidate) => candidate.weekday === weekday && (candidate.n === undefined || ranks.includes(candidate.n)));
}

const TOO_LONG = `A recurrence spans at most ${MAX_SERIES_YEARS} years: end it sooner (COUNT or UNTIL)`;

/** The normalised rule text, or a ScheduleError on `recurrenceRule`. */
export function normalizeRecurrenceRule(input: string): string {
  return parseRule(input).text;
}

function durationOf(schedule: EventSchedule): number {
  // Wall-clock length: 14:00–16:00 stays 14:00–16:00 on a DST day, all-day events stay whole days.
  return toFloating(schedule.endsAt).getTime() - toFloating(schedule.startsAt).getTime();
}

function occurrenceAt(floatingStart: Date, duration: number): Occurrence {
  return { startsAt: fromFloating(floatingStart), endsAt: fromFloating(new Date(floatingStart.getTime() + duration)) };
}

/**
 * Checks a whole schedule before it is saved and returns what the database keeps: the
 * normalised rule and `seriesEndsAt`, the end of the last occurrence (one-off: `endsAt`), so that
 * window queries select candidate events with one indexed range test.
 * The event's start must itself be the first occurrence of its rule (RFC 5545 leaves the set
 * undefined otherwise, and calendar apps would disagree with us).
 */
export function checkSchedule(schedule: EventSchedule):
  { recurrenceRule: string | null; exceptionDates: string[]; occurrenceCount: number | null; seriesEndsAt: Date } {
  const exceptionDates = [...new Set(schedule.exceptionDates)].sort();
  for (const date of exceptionDates) {
    if (!isLocalDate(date)) throw new ScheduleError('exceptionDates', `${date} is not a date: write YYYY-MM-DD`);
  }
  if (schedule.recurrenceRule === null) {
    if (exceptionDates.length > 0) throw new ScheduleError('exceptionDates', 'Exception dates only apply to a recurring event');
    return { recurrenceRule: null, exceptionDates, occurrenceCount: null, seriesEndsAt: schedule.endsAt };
  }
  const parsed = parseRule(schedule.recurrenceRule);
  if (schedule.allDay && parsed.hasTimeParts) throw invalidRule('An all-day event has no hours: remove BYHOUR and BYMINUTE');
  const first = toFloating(schedule.startsAt);
  if (parsed.until && untilFloating(parsed.until) > seriesHorizon(first)) throw invalidRule(TOO_LONG);
  const notFirst = `The event's start (${toLocalDateTime(schedule.startsAt)}) must be the first occurrence of the rule: start it on a day and at a time the rule includes`;
  if (!startMatchesRule(parsed.options, first)) throw invalidRule(notFirst);
  const starts: Date[] = [];
  buildRule({ ...schedule, occurrenceCount: null }, parsed).all((date) => {
    starts.push(date);
    return starts.length <= MAX_SERIES_OCCURRENCES;
  });
  // With COUNT, fewer occurrences than asked means the horizon cut the series.
  if (parsed.options.count && starts.length > 0 && starts.length < parsed.options.count) throw invalidRule(TOO_LONG);
  if (starts.length > MAX_SERIES_OCCURRENCES) {
    throw invalidRule(`The rule gives more than ${MAX_SERIES_OCCURRENCES} occurrences: end it sooner (COUNT or UNTIL)`);
  }
  if (starts.length === 0 || starts[0].getTime() !== first.getTime()) {
    throw invalidRule(`${notFirst}${starts.length === 0 ? ' (this rule gives no occurrence before its end)' : ''}`);
  }
  const dates = new Set(starts.map(floatingDate));
  const stray = exceptionDates.find((date) => !dates.has(date));
  if (stray) throw new ScheduleError('exceptionDates', `${stray} is not a date of this event: exception dates must be dates the rule gives`);
  const excluded = new Set(exceptionDates);
  const kept = starts.filter((start) => !excluded.has(floatingDate(start)));
  if (kept.length === 0) throw new ScheduleError('exceptionDates', 'Every occurrence is excluded: remove some exception dates');
  const last = occurrenceAt(kept[kept.length - 1], durationOf(schedule));
  return { recurrenceRule: parsed.text, exceptionDates, occurrenceCount: starts.length, seriesEndsAt: last.endsAt };
}

/** An occurrence belongs to a window if it overlaps it (an all-day fair running today counts). */
function overlaps(occurrence: Occurrence, window: Window): boolean {
  const start = occurrence.startsAt.getTime();
  return start < window.to.getTime() && (occurrence.endsAt.getTime() > window.from.getTime() || start >= window.from.getTime());
}

/**
 * The occurrences of a saved event that overlap the window, in chronological order: at most
 * `cap` (the first ones), `truncated` telling whether more were left out.
 */
export function expandOccurrences(schedule: EventSchedule, window: Window,
  cap = MAX_OCCURRENCES_PER_EVENT_PER_QUERY): { occurrences: Occurrence[]; truncated: boolean } {
  if (schedule.recurrenceRule === null) {
    const single = { startsAt: schedule.startsAt, endsAt: schedule.endsAt };
    return { occurrences: overlaps(single, window) && cap > 0 ? [single] : [], truncated: false };
  }
  const duration = durationOf(schedule);
  const rule = buildRule(schedule, parseRule(schedule.recurrenceRule));
  const excluded = new Set(schedule.exceptionDates);
  // Search a little wider in wall time (offsets, occurrences begun before the window), then filter exactly.
  const after = new Date(toFloating(window.from).getTime() - duration - DAY_MS);
  const before = new Date(toFloating(window.to).getTime() + DAY_MS);
  const occurrences: Occurrence[] = [];
  rule.between(after, before, true, (start) => {
    if (excluded.has(floatingDate(start))) return true;
    const occurrence = occurrenceAt(start, duration);
    if (overlaps(occurrence, window)) occurrences.push(occurrence);
    return occurrences.length <= cap;
  });
  const truncated = occurrences.length > cap;
  return { occurrences: occurrences.slice(0, cap), truncated };
}

/**
 * Every occurrence of a saved event, in chronological order, exception dates left out: the rows
 * of its occurrence index. Series are finite (COUNT or UNTIL, at most MAX_SERIES_OCCURRENCES).
 */
export function allOccurrences(schedule: EventSchedule): Occurrence[] {
  if (schedule.recurrenceRule === null) return [{ startsAt: schedule.startsAt, endsAt: schedule.endsAt }];
  const duration = durationOf(schedule);
  const rule = buildRule(schedule, parseRule(schedule.recurrenceRule));
  const excluded = new Set(schedule.exceptionDates);
  const occurrences: Occurrence[] = [];
  let seen = 0;
  rule.all((start) => {
    seen += 1;
    if (!excluded.has(floatingDate(start))) occurrences.push(occurrenceAt(start, duration));
    return seen < MAX_SERIES_OCCURRENCES;
  });
  return occurrences;
}

/** Whether an instant is a local midnight in Paris (the start of an all-day occurrence). */
export function isLocalMidnight(instant: Date): boolean {
  const local = DateTime.fromJSDate(instant, { zone: EVENT_TIME_ZONE });
  return local.hour === 0 && local.minute === 0 && local.second === 0 && local.millisecond === 0;
}
