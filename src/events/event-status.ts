import { registerEnumType } from '@nestjs/graphql';

/** What is happening to the event itself; distinct from the content status (draft, published). */
export enum EventStatus {
  SCHEDULED = 'scheduled',
  CANCELLED = 'cancelled',
  POSTPONED = 'postponed',
  SOLD_OUT = 'sold_out',
}

registerEnumType(EventStatus, {
  name: 'EventStatus',
  description: 'Whether the event takes place: a cancelled or postponed event stays listed, marked',
  valuesMap: {
    SCHEDULED: { description: 'Takes place as announced' },
    CANCELLED: { description: 'Will not take place (see cancellationReason)' },
    POSTPONED: { description: 'Moved to a later date (see postponedTo)' },
    SOLD_OUT: { description: 'Takes place, no seats left' },
  },
});
