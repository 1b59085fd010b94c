import { EventRuleState, resolveEventRules } from './event-rules';
import { EventStatus } from './event-status';
import { localMidnight } from './recurrence';

const STORED: EventRuleState = {
  startsAt: new Date('2026-05-06T16:00:00Z'), endsAt: new Date('2026-05-06T18:00:00Z'), allDay: false,
  recurrenceRule: null, exceptionDates: [], occurrenceCount: null, seriesEndsAt: new Date('2026-05-06T18:00:00Z'),
  eventStatus: EventStatus.SCHEDULED, postponedTo: null, cancellationReason: null, isFree: null, priceText: null,
  latitude: null, longitude: null, organizerAssociationId: null, organizerName: 'Comité des fêtes', occurrenceOverrides: [],
};

const paths = (result: ReturnType<typeof resolveEventRules>): string[] => result.errors.map((error) => error.path).sort();

describe('event rules', () => {
  it('keeps the duration when only the start moves, and the number of days of an all-day event', () => {
    const moved = resolveEventRules({ startsAt: new Date('2026-05-07T08:00:00Z') }, STORED);
    expect(moved.values?.endsAt.toISOString()).toBe('2026-05-07T10:00:00.000Z');
    const fair: EventRuleState = { ...STORED, allDay: true, startsAt: localMidnight('2026-06-13'), endsAt: localMidnight('2026-06-16'),
      seriesEndsAt: localMidnight('2026-06-16') };
    const later = resolveEventRules({ startDate: '2026-07-04' }, fair);
    expect(later.values?.startsAt).toEqual(localMidnight('2026-07-04'));
    expect(later.values?.endsAt).toEqual(localMidnight('2026-07-07'));
  });

  it('turns a timed event into an all-day one only with a first day, and refuses times with it', () => {
    expect(resolveEventRules({ allDay: true }, STORED).values?.startsAt).toEqual(localMidnight('2026-05-06'));
    expect(paths(resolveEventRules({ title: 'x', allDay: true }, null))).toEqual(['input.startDate']);
    expect(paths(resolveEventRules({ allDay: true, startDate: '2026-05-06', endsAt: new Date() }, null))).toEqual(['input.endsAt']);
    expect(paths(resolveEventRules({ startDate: '2026-05-06' }, STORED))).toEqual(['input.startDate']);
    expect(paths(resolveEventRules({ allDay: true, startDate: '2026-02-30' }, null))).toEqual(['input.startDate']);
  });

  it('requires a start and an end for a new event with times', () => {
    expect(paths(resolveEventRules({ title: 'x' }, null))).toEqual(['input.endsAt', 'input.startsAt']);
  });

  it('clears the new date and the reason when the status moves on, and checks the new date is later', () => {
    const postponed = { ...STORED, eventStatus: EventStatus.POSTPONED, postponedTo: new Date('2026-06-01T16:00:00Z') };
    expect(resolveEventRules({ eventStatus: EventStatus.SCHEDULED }, postponed).values).toMatchObject({ postponedTo: null });
    expect(resolveEventRules({ title: 'x' }, postponed).values?.postponedTo).toEqual(postponed.postponedTo);
    const cancelled = { ...STORED, eventStatus: EventStatus.CANCELLED, cancellationReason: 'Pluie' };
    expect(resolveEventRules({ eventStatus: EventStatus.SOLD_OUT }, cancelled).values).toMatchObject({ cancellationReason: null });
    expect(paths(resolveEventRules({ eventStatus: EventStatus.POSTPONED, postponedTo: new Date('2026-05-01T00:00:00Z') }, STORED)))
      .toEqual(['input.postponedTo']);
  });

  it('makes a priced event not free, and refuses a price on an event marked free', () => {
    expect(resolveEventRules({ priceText: '5 €' }, STORED).values).toMatchObject({ isFree: false, priceText: '5 €' });
    expect(paths(resolveEventRules({ isFree: true }, { ...STORED, isFree: false, priceText: '5 €' }))).toEqual(['input.isFree']);
    expect(resolveEventRules({ isFree: true, priceText: null }, { ...STORED, priceText: '5 €' }).values).toMatchObject({ isFree: true, priceText: null });
  });

  it('lets one kind of organiser replace the other', () => {
    const id = '6f1c2d4e-0000-4000-8000-000000000001';
    expect(resolveEventRules({ organizerAssociationId: id }, STORED).values).toMatchObject({ organizerAssociationId: id, organizerName: null });
    expect(resolveEventRules({ organizerName: 'Mairie' }, { ...STORED, organizerAssociationId: id, organizerName: null }).values)
      .toMatchObject({ organizerAssociationId: null, organizerName: 'Mairie' });
    expect(resolveEventRules({ organizerName: null }, STORED).values).toMatchObject({ organizerAssociationId: null, organizerName: null });
  });

  it('drops the exception dates with the rule', () => {
    const series = { ...STORED, recurrenceRule: 'FREQ=WEEKLY;COUNT=3', exceptionDates: ['2026-05-13'], occurrenceCount: 3 };
    expect(resolveEventRules({ recurrenceRule: null }, series).values).toMatchObject({ recurrenceRule: null, exceptionDates: [], occurrenceCount: null });
  });
});
