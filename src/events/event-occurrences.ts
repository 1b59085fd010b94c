import type { FieldError } from '../common/errors';
import { EventStatus } from './event-status';
import { allOccurrences, EventSchedule, isLocalMidnight, Occurrence, toLocalDateTime } from './recurrence';

/**
 * One occurrence of a recurring event changed on its own, as stored with the event (jsonb, so
 * that it is versioned with it): the weekly market cancelled on 25 December, one session of a
 * course moved to the Wednesday. It targets the occurrence by the start the rule gives it
 * (`originalStartsAt`, RFC 5545's RECURRENCE-ID). Instants are ISO strings.
 */
export interface OccurrenceOverride {
  originalStartsAt: string;
  /** CANCELLED, SOLD_OUT, SCHEDULED, or POSTPONED with a new `startsAt` (a move). */
  status: EventStatus;
  startsAt: string | null;
  endsAt: string | null;
  reason: string | null;
}

/** What an override looks like when it comes in (instants as Dates). */
export interface OccurrenceOverrideValues {
  originalStartsAt: Date;
  status: EventStatus;
  startsAt?: Date | null;
  endsAt?: Date | null;
  reason?: string | null;
}

/** The event state its occurrences follow. */
export interface OccurrenceSource extends EventSchedule {
  eventStatus: EventStatus;
  postponedTo: Date | null;
  cancellationReason: string | null;
  occurrenceOverrides: readonly OccurrenceOverride[];
}

/** One row of the occurrence index (`event_occurrences`), as computed from the event. */
export interface OccurrenceRow extends Occurrence {
  /** The start the schedule gives this occurrence: its identity, what an override targets. */
  originalStartsAt: Date;
  /** This occurrence's own status: the event's, or the override's. */
  status: EventStatus;
  reason: string | null;
  /** True on the row at the new date of a postponed or moved occurrence. */
  rescheduled: boolean;
  /** On the row at the old date of a postponed or moved occurrence: its new start. */
  movedTo: Date | null;
}

const text = (value: string | null | undefined): string | null => value?.trim() || null;

/**
 * The rows of an event's occurrence index, chronological. A postponed or moved occurrence gives
 * two rows: at its old date, marked POSTPONED with `movedTo`, so that a visitor who remembers the
 * date learns that it moved; and at its new date, `rescheduled` with its `originalStartsAt`. An
 * event postponed as a whole (a one-off event) is its one occurrence moved to `postponedTo`, with
 * the same duration. A cancelled event cancels every occurrence. Pure: no database, no clock.
 */
export function materializeOccurrences(event: OccurrenceSource): OccurrenceRow[] {
  const base = allOccurrences(event);
  const overrides = new Map(event.occurrenceOverrides.map((override) => [Date.parse(override.originalStartsAt), override]));
  // What an occurrence is when nothing says otherwise: SCHEDULED or SOLD_OUT (a postponement moves, see below).
  const usual = event.eventStatus === EventStatus.SOLD_OUT ? EventStatus.SOLD_OUT : EventStatus.SCHEDULED;
  const rows: OccurrenceRow[] = [];
  base.forEach((occurrence, index) => {
    const override = overrides.get(occurrence.startsAt.getTime());
    let movedTo: Occurrence | null = null;
    if (override?.status === EventStatus.POSTPONED && override.startsAt) {
      const startsAt = new Date(override.startsAt);
      const endsAt = override.endsAt ? new Date(override.endsAt)
        : new Date(startsAt.getTime() + occurrence.endsAt.getTime() - occurrence.startsAt.getTime());
      movedTo = { startsAt, endsAt };
    } else if (!override && index === 0 && event.eventStatus === EventStatus.POSTPONED && event.postponedTo) {
      movedTo = { startsAt: event.postponedTo, endsAt: new Date(event.postponedTo.getTime() + occurrence.endsAt.getTime() - occurrence.startsAt.getTime()) };
    }
    const reason = override ? text(override.reason) : null;
    if (movedTo) {
      rows.push({ ...occurrence, originalStartsAt: occurrence.startsAt, status: EventStatus.POSTPONED, reason, rescheduled: false, movedTo: movedTo.startsAt });
      rows.push({ ...movedTo, originalStartsAt: occurrence.startsAt, status: usual, reason, rescheduled: true, movedTo: null });
      return;
    }
    const status = override ? override.status : usual;
    rows.push({ ...occurrence, originalStartsAt: occurrence.startsAt, status, reason, rescheduled: false, movedTo: null });
  });
  if (event.eventStatus === EventStatus.CANCELLED) {
    const reason = text(event.cancellationReason);
    for (const row of rows) {
      row.status = EventStatus.CANCELLED;
      row.reason = reason ?? row.reason;
    }
  }
  // One row per start: the overrides' rules refuse a move onto another occurrence; older data is kept sane.
  const starts = new Set<number>();
  return rows
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || Number(a.rescheduled) - Number(b.rescheduled))
    .filter((row) => !starts.has(row.startsAt.getTime()) && starts.add(row.startsAt.getTime()) !== undefined);
}

/**
 * Checks occurrence overrides against the schedule they will apply to and returns them as
 * stored, or every broken rule with its input path (`input.occurrenceOverrides.2.startsAt`):
 * an override targets an occurrence the rule gives (not an exception date), once; only a
 * POSTPONED one has a new start, which must not be another occurrence's start; a new end is not
 * before the new start; an all-day occurrence moves to a local midnight.
 */
export function checkOccurrenceOverrides(schedule: EventSchedule, overrides: readonly OccurrenceOverrideValues[]):
  { overrides: OccurrenceOverride[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const at = (index: number, field: string, message: string): void => {
    errors.push({ path: `input.occurrenceOverrides.${index}.${field}`, message });
  };
  if (overrides.length === 0) return { overrides: [], errors };
  if (schedule.recurrenceRule === null) {
    errors.push({ path: 'input.occurrenceOverrides', message: 'Occurrence overrides change one date of a recurring event: for a one-off event, change the event itself (eventStatus, dates)' });
    return { overrides: [], errors };
  }
  const base = allOccurrences(schedule);
  const originals = new Set(base.map((occurrence) => occurrence.startsAt.getTime()));
  const taken = new Set(originals);
  const targeted = new Set<number>();
  const result: OccurrenceOverride[] = [];
  overrides.forEach((override, index) => {
    const original = override.originalStartsAt.getTime();
    if (!originals.has(original)) {
      at(index, 'originalStartsAt', `${toLocalDateTime(override.originalStartsAt)} (Paris time) is not an occurrence of this event: give the start of one of its occurrences as listed (an exception date has none)`);
    } else if (targeted.has(original)) {
      at(index, 'originalStartsAt', 'Another override already targets this occurrence: give one override per occurrence');
    }
    targeted.add(original);
    const moved = override.status === EventStatus.POSTPONED;
    const startsAt = override.startsAt ?? null;
    const endsAt = override.endsAt ?? null;
    if (moved && !startsAt) at(index, 'startsAt', 'A postponed (moved) occurrence needs its new start (startsAt)');
    if (!moved && startsAt) at(index, 'startsAt', 'Only a POSTPONED occurrence has a new start');
    if (!moved && endsAt) at(index, 'endsAt', 'Only a POSTPONED occurrence has a new end');
    if (moved && startsAt) {
      if (endsAt && endsAt.getTime() < startsAt.getTime()) at(index, 'endsAt', 'The new end must not be before the new start');
      if (schedule.allDay && !isLocalMidnight(startsAt)) {
        at(index, 'startsAt', 'An all-day occurrence moves to a whole day: give the local midnight (Paris time) starting its new first day');
      }
      if (startsAt.getTime() === original) at(index, 'startsAt', 'The new start is the occurrence\'s own start: give another date, or leave the occurrence as it is');
      else if (taken.has(startsAt.getTime())) at(index, 'startsAt', 'Another occurrence of this event already starts then: choose another time');
      taken.add(startsAt.getTime());
    }
    result.push({
      originalStartsAt: override.originalStartsAt.toISOString(),
      status: override.status,
      startsAt: moved && startsAt ? startsAt.toISOString() : null,
      endsAt: moved && endsAt ? endsAt.toISOString() : null,
      reason: text(override.reason),
    });
  });
  result.sort((a, b) => Date.parse(a.originalStartsAt) - Date.parse(b.originalStartsAt));
  return { overrides: result, errors };
}
