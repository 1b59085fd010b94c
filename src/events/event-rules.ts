import type { FieldError } from '../common/errors';
import type { EventFieldsInput } from './dto/event.input';
import { EventStatus } from './event-status';
import { checkOccurrenceOverrides, OccurrenceOverride } from './event-occurrences';
import { checkSchedule, isLocalDate, lastLocalDate, localMidnight, ScheduleError, toLocalDate } from './recurrence';

/** The fields whose rules span several inputs, as stored (null when creating). */
export interface EventRuleState {
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  recurrenceRule: string | null;
  exceptionDates: string[];
  occurrenceCount: number | null;
  seriesEndsAt: Date;
  eventStatus: EventStatus;
  postponedTo: Date | null;
  cancellationReason: string | null;
  /** One-date changes of a recurring event, checked against the schedule (see event-occurrences.ts). */
  occurrenceOverrides: OccurrenceOverride[];
  isFree: boolean | null;
  priceText: string | null;
  latitude: number | null;
  longitude: number | null;
  organizerAssociationId: string | null;
  organizerName: string | null;
}

type Times = Pick<EventRuleState, 'startsAt' | 'endsAt' | 'allDay'>;

const field = (name: string, message: string): FieldError => ({ path: `input.${name}`, message });
const given = <T>(value: T | undefined): value is T => value !== undefined;
const text = (value: string | null | undefined): string | null => value?.trim() || null;
const DAY_MS = 24 * 60 * 60 * 1000;

function resolveAllDay(input: EventFieldsInput, stored: Times | null, errors: FieldError[]): Times | null {
  if (given(input.startsAt) || given(input.endsAt)) {
    errors.push(field(given(input.startsAt) ? 'startsAt' : 'endsAt', 'An all-day event takes startDate and endDate (local days), not times'));
  }
  const storedFirst = stored ? toLocalDate(stored.startsAt) : undefined;
  const startDate = input.startDate ?? storedFirst;
  if (!startDate) {
    errors.push(field('startDate', 'Give the first day (startDate) of an all-day event'));
    return null;
  }
  if (!isLocalDate(startDate)) errors.push(field('startDate', `${startDate} is not a real date`));
  if (given(input.endDate) && !isLocalDate(input.endDate)) errors.push(field('endDate', `${input.endDate} is not a real date`));
  if (errors.length > 0) return null;
  let endDate = input.endDate ?? startDate;
  if (!given(input.endDate) && stored?.allDay && storedFirst) {
    // Moving the first day alone keeps the number of days.
    const days = Math.round((localMidnight(lastLocalDate(stored, true)).getTime() - localMidnight(storedFirst).getTime()) / DAY_MS);
    endDate = toLocalDate(localMidnight(startDate, days));
  }
  if (endDate < startDate) {
    errors.push(field('endDate', 'The last day must not be before the first day'));
    return null;
  }
  return { startsAt: localMidnight(startDate), endsAt: localMidnight(endDate, 1), allDay: true };
}

function resolveTimed(input: EventFieldsInput, stored: Times | null, errors: FieldError[]): Times | null {
  if (given(input.startDate) || given(input.endDate)) {
    errors.push(field(given(input.startDate) ? 'startDate' : 'endDate',
      'startDate and endDate are for all-day events: give startsAt and endsAt, or set allDay to true'));
  }
  const timedBefore = stored && !stored.allDay ? stored : null;
  const startsAt = input.startsAt ?? timedBefore?.startsAt;
  let endsAt = input.endsAt ?? timedBefore?.endsAt;
  if (timedBefore && given(input.startsAt) && !given(input.endsAt)) {
    // Moving the start alone keeps the duration.
    endsAt = new Date(input.startsAt.getTime() + (timedBefore.endsAt.getTime() - timedBefore.startsAt.getTime()));
  }
  if (!startsAt) errors.push(field('startsAt', 'Give the start (startsAt), or set allDay to true with startDate'));
  if (!endsAt) errors.push(field('endsAt', 'Give the end (endsAt)'));
  if (!startsAt || !endsAt || errors.length > 0) return null;
  if (endsAt.getTime() < startsAt.getTime()) {
    errors.push(field('endsAt', 'The end must not be before the start'));
    return null;
  }
  return { startsAt, endsAt, allDay: false };
}

function resolveSchedule(input: EventFieldsInput, stored: EventRuleState | null, times: Times, errors: FieldError[]) {
  const recurrenceRule = given(input.recurrenceRule) ? input.recurrenceRule : stored?.recurrenceRule ?? null;
  const exceptionDates = input.exceptionDates ?? (recurrenceRule === null ? [] : stored?.exceptionDates ?? []);
  try {
    return checkSchedule({ ...times, recurrenceRule, exceptionDates });
  } catch (error) {
    if (!(error instanceof ScheduleError)) throw error;
    errors.push(field(error.field, error.message));
    return null;
  }
}

function resolveStatus(input: EventFieldsInput, stored: EventRuleState | null, startsAt: Date | null, errors: FieldError[]) {
  const eventStatus = input.eventStatus ?? stored?.eventStatus ?? EventStatus.SCHEDULED;
  const postponed = eventStatus === EventStatus.POSTPONED;
  const cancelled = eventStatus === EventStatus.CANCELLED;
  let postponedTo = given(input.postponedTo) ? input.postponedTo : postponed ? stored?.postponedTo ?? null : null;
  if (!postponed && input.postponedTo) errors.push(field('postponedTo', 'Only a POSTPONED event has a new date (postponedTo)'));
  if (postponed && !postponedTo) errors.push(field('postponedTo', 'A postponed event needs its new date (postponedTo)'));
  if (postponed && postponedTo && startsAt && postponedTo.getTime() <= startsAt.getTime()) {
    errors.push(field('postponedTo', 'The new date must be after the original start'));
  }
  if (!postponed) postponedTo = null;
  if (!cancelled && text(input.cancellationReason)) {
    errors.push(field('cancellationReason', 'Only a CANCELLED event has a cancellation reason'));
  }
  const cancellationReason = !cancelled ? null : given(input.cancellationReason) ? text(input.cancellationReason) : stored?.cancellationReason ?? null;
  return { eventStatus, postponedTo, cancellationReason };
}

/**
 * The overrides given (they replace the stored ones), or the stored ones, checked against the
 * schedule as it will be: a change of the rule or of the start that leaves a stored override
 * without its occurrence is refused, so that no override silently stops applying.
 */
function resolveOverrides(input: EventFieldsInput, stored: EventRuleState | null, times: Times,
  schedule: { recurrenceRule: string | null; exceptionDates: string[]; occurrenceCount: number | null }, errors: FieldError[]) {
  const givenOverrides = input.occurrenceOverrides !== undefined;
  const values = givenOverrides
    ? input.occurrenceOverrides ?? []
    : (stored?.occurrenceOverrides ?? []).map((override) => ({
      ...override,
      originalStartsAt: new Date(override.originalStartsAt),
      startsAt: override.startsAt ? new Date(override.startsAt) : null,
      endsAt: override.endsAt ? new Date(override.endsAt) : null,
    }));
  const checked = checkOccurrenceOverrides({ ...times, ...schedule }, values);
  if (checked.errors.length > 0 && !givenOverrides) {
    errors.push(field('occurrenceOverrides', `This change leaves the occurrence overrides without their occurrences (${checked.errors[0].message}): `
      + 'give occurrenceOverrides again with this change (an empty list removes them)'));
  } else {
    errors.push(...checked.errors);
  }
  return checked.overrides;
}

function resolvePrice(input: EventFieldsInput, stored: EventRuleState | null, errors: FieldError[]) {
  const priceText = given(input.priceText) ? text(input.priceText) : stored?.priceText ?? null;
  let isFree = given(input.isFree) ? input.isFree : stored?.isFree ?? null;
  if (isFree === true && priceText) {
    errors.push(given(input.priceText)
      ? field('priceText', 'A free event has no price: set isFree to false, or leave priceText out')
      : field('isFree', 'This event has a price (priceText): clear it to mark the event free'));
  }
  if (priceText && isFree === null) isFree = false;
  return { isFree, priceText };
}

function resolveOrganizer(input: EventFieldsInput, stored: EventRuleState | null, errors: FieldError[]) {
  const associationId = input.organizerAssociationId;
  const name = text(input.organizerName);
  if (associationId && name) {
    errors.push(field('organizerName', 'Give either an association (organizerAssociationId) or an organiser name, not both'));
  }
  // Setting one kind of organiser replaces the other.
  if (associationId) return { organizerAssociationId: associationId, organizerName: null };
  if (name) return { organizerAssociationId: null, organizerName: name };
  return {
    organizerAssociationId: given(associationId) ? null : stored?.organizerAssociationId ?? null,
    organizerName: given(input.organizerName) ? null : stored?.organizerName ?? null,
  };
}

function resolveCoordinates(input: EventFieldsInput, stored: EventRuleState | null, errors: FieldError[]) {
  const latitude = given(input.latitude) ? input.latitude : stored?.latitude ?? null;
  const longitude = given(input.longitude) ? input.longitude : stored?.longitude ?? null;
  if ((latitude === null) !== (longitude === null)) {
    errors.push(field(latitude === null ? 'latitude' : 'longitude', 'Give both latitude and longitude, or neither'));
  }
  return { latitude, longitude };
}

/**
 * The rules that span several fields, applied to what the event will be after this input (an
 * update sends only what changes). Returns the resulting values, or every broken rule with its
 * input field path, so a form shows all of them at once.
 */
export function resolveEventRules(input: EventFieldsInput, stored: EventRuleState | null):
  { values: EventRuleState; errors: [] } | { values: null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const allDay = input.allDay ?? stored?.allDay ?? false;
  const times = allDay ? resolveAllDay(input, stored, errors) : resolveTimed(input, stored, errors);
  const schedule = times ? resolveSchedule(input, stored, times, errors) : null;
  const status = resolveStatus(input, stored, times?.startsAt ?? null, errors);
  if (status.eventStatus === EventStatus.POSTPONED && schedule?.recurrenceRule) {
    errors.push(field('eventStatus', 'A recurring event is not postponed as a whole: move the occurrences concerned with occurrenceOverrides '
      + '(status POSTPONED and their new startsAt), or change its dates'));
  }
  const occurrenceOverrides = times && schedule ? resolveOverrides(input, stored, times, schedule, errors) : [];
  const price = resolvePrice(input, stored, errors);
  const organizer = resolveOrganizer(input, stored, errors);
  const coordinates = resolveCoordinates(input, stored, errors);
  if (!times || !schedule || errors.length > 0) return { values: null, errors };
  return { values: { ...times, ...schedule, ...status, occurrenceOverrides, ...price, ...organizer, ...coordinates }, errors: [] };
}
