import { DEFAULT_PAGE_SIZE, Edge, MAX_PAGE_SIZE, PageInfo } from '../common/pagination/connection';
import { decodeCursor, encodeCursor } from '../common/pagination/keyset';
import { EventSchedule, expandOccurrences, MAX_OCCURRENCES_PER_EVENT_PER_QUERY, Occurrence, Window } from './recurrence';

export interface ScheduledItem extends EventSchedule {
  id: string;
}

export interface OccurrenceOf<T extends ScheduledItem> {
  occurrence: Occurrence;
  event: T;
}

export interface OccurrencePage<T extends ScheduledItem> {
  edges: Edge<OccurrenceOf<T>>[];
  pageInfo: PageInfo;
  totalCount: number;
  truncated: boolean;
}

/**
 * One page of the occurrences of `events` in the window, ordered by (start, event id), which is
 * also the cursor: keyset pagination over a list that only exists in memory. Each event gives at
 * most `capPerEvent` occurrences (its first ones) to the window, so `totalCount` and every page
 * are computed over the same, stable list. Pure: no database, no clock.
 */
export function pageOfOccurrences<T extends ScheduledItem>(events: readonly T[], window: Window,
  args: { first?: number | null; after?: string | null }, capPerEvent = MAX_OCCURRENCES_PER_EVENT_PER_QUERY): OccurrencePage<T> {
  const first = Math.min(Math.max(args.first ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const cursor = args.after ? decodeCursor(args.after, 'date') : null;
  let truncated = false;
  const all: OccurrenceOf<T>[] = [];
  for (const event of events) {
    const expanded = expandOccurrences(event, window, capPerEvent);
    truncated ||= expanded.truncated;
    for (const occurrence of expanded.occurrences) all.push({ occurrence, event });
  }
  all.sort(compareOccurrences);
  const afterCursor = cursor
    ? all.filter(({ occurrence, event }) => {
      const start = occurrence.startsAt.getTime();
      const cursorStart = (cursor.value as Date).getTime();
      return start > cursorStart || (start === cursorStart && event.id > cursor.id);
    })
    : all;
  const nodes = afterCursor.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.occurrence.startsAt, node.event.id), node }));
  return {
    edges,
    pageInfo: { hasNextPage: afterCursor.length > first, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
    totalCount: all.length,
    truncated,
  };
}

function compareOccurrences(a: OccurrenceOf<ScheduledItem>, b: OccurrenceOf<ScheduledItem>): number {
  const byStart = a.occurrence.startsAt.getTime() - b.occurrence.startsAt.getTime();
  if (byStart !== 0) return byStart;
  return a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0;
}
