import { EntityManager } from 'typeorm';
import { Channel, ContentStatus } from '../content/content.types';
import { EventStatus } from './event-status';

/** What a list of occurrences is filtered on; every filter reads the occurrence index alone. */
export interface OccurrenceFilter {
  /** Occurrences still going on at this instant are included. */
  from: Date;
  /** Excluded; none: no end. */
  to?: Date | null;
  /** Only occurrences of items in this content status; none: drafts and published (staff). */
  contentStatus?: ContentStatus | null;
  channel?: Channel;
  categoryId?: string;
  organizerAssociationId?: string;
}

/** A row of the occurrence index as lists read it (the event itself is loaded apart, batched). */
export interface OccurrenceRecord {
  eventId: string;
  startsAt: Date;
  endsAt: Date;
  originalStartsAt: Date;
  eventStatus: EventStatus;
  reason: string | null;
  rescheduled: boolean;
  movedTo: Date | null;
}

export interface OccurrenceCursor {
  startsAt: Date;
  eventId: string;
}

const COLUMNS = `o."event_id", o."starts_at", o."ends_at", o."original_starts_at", o."event_status", o."reason", o."rescheduled", o."moved_to"`;

interface RawOccurrence {
  event_id: string;
  starts_at: Date;
  ends_at: Date;
  original_starts_at: Date;
  event_status: EventStatus;
  reason: string | null;
  rescheduled: boolean;
  moved_to: Date | null;
}

function toRecord(row: RawOccurrence): OccurrenceRecord {
  return {
    eventId: row.event_id, startsAt: row.starts_at, endsAt: row.ends_at, originalStartsAt: row.original_starts_at,
    eventStatus: row.event_status, reason: row.reason, rescheduled: row.rescheduled, movedTo: row.moved_to,
  };
}

/** Builds positional parameters as it goes. */
class Parameters {
  readonly values: unknown[] = [];

  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/**
 * The filters as SQL conditions on `o`. A content status is written as a literal (it is one of
 * two enum values), so that the planner can use the partial index of published occurrences.
 */
function conditions(filter: OccurrenceFilter, parameters: Parameters, cursor: OccurrenceCursor | null): string[] {
  const where: string[] = [];
  if (filter.contentStatus) where.push(`o."content_status" = '${filter.contentStatus === ContentStatus.PUBLISHED ? 'published' : 'draft'}'`);
  if (filter.channel) where.push(`o."channels" @> ARRAY[${parameters.add(filter.channel, '"channel"')}]`);
  if (filter.categoryId) where.push(`o."category_ids" @> ARRAY[${parameters.add(filter.categoryId, 'uuid')}]`);
  if (filter.organizerAssociationId) where.push(`o."organizer_association_id" = ${parameters.add(filter.organizerAssociationId, 'uuid')}`);
  if (cursor) {
    where.push(`(o."starts_at", o."event_id") > (${parameters.add(cursor.startsAt.toISOString(), 'timestamptz')}, ${parameters.add(cursor.eventId, 'uuid')})`);
  }
  return where;
}

/**
 * One page of occurrences in list order (start, then event id), as ONE statement whatever the
 * window or the amount of data: the occurrences going on at `from` (a GiST range test: there are
 * few) and those starting in [from, to) (the (starts_at, event_id) index, read until the LIMIT),
 * each part limited, merged and limited again.
 */
function pageSql(filter: OccurrenceFilter, cursor: OccurrenceCursor | null, limit: number, parameters: Parameters,
  extra: string[] = []): string {
  const from = parameters.add(filter.from.toISOString(), 'timestamptz');
  const common = [...extra, ...conditions(filter, parameters, cursor)];
  const to = filter.to ? ` AND o."starts_at" < ${parameters.add(filter.to.toISOString(), 'timestamptz')}` : '';
  const and = common.map((condition) => ` AND ${condition}`).join('');
  const size = parameters.add(limit, 'int');
  return `SELECT * FROM (
      (SELECT ${COLUMNS} FROM "event_occurrences" o
        WHERE tstzrange(o."starts_at", o."ends_at", '()') @> ${from}${and}
        ORDER BY o."starts_at", o."event_id" LIMIT ${size})
      UNION ALL
      (SELECT ${COLUMNS} FROM "event_occurrences" o
        WHERE o."starts_at" >= ${from}${to}${and}
        ORDER BY o."starts_at", o."event_id" LIMIT ${size})
    ) AS page ORDER BY "starts_at", "event_id" LIMIT ${size}`;
}

/** How a page's events are joined to it: what to select of `e`, and which events a caller may see. */
export interface EventJoin {
  /** A JSON expression of the event row `e` (see JsonEntityReader.selectSql). */
  eventJson: string;
  /** Which events the caller may see, as a condition on `e` (ContentReader.visibleSql). */
  visibleSql: string;
  /** More JSON read with each visible event, by name: SQL expressions over `e` (its categories…). */
  related?: Record<string, string>;
}

/** A page's row: the occurrence, its event as JSON (null if not visible) and the `related` values. */
export interface OccurrenceWithEventJson {
  occurrence: OccurrenceRecord;
  event: Record<string, unknown> | null;
  related: Record<string, unknown>;
}

/**
 * The same page with each occurrence's event in the same statement, as JSON (null when the caller
 * may not see the event: the occurrence is then left out by the caller, but still counts for "is
 * there a next page", as it did when events were loaded apart).
 */
export async function pageOfOccurrencesWithEvents(manager: EntityManager, filter: OccurrenceFilter, cursor: OccurrenceCursor | null,
  limit: number, join: EventJoin): Promise<OccurrenceWithEventJson[]> {
  const parameters = new Parameters();
  const page = pageSql(filter, cursor, limit, parameters);
  const visible = join.visibleSql;
  const related = Object.entries(join.related ?? {}).map(([name, sql]) => `, CASE WHEN ${visible} THEN ${sql} END AS "related_${name}"`).join('');
  const rows: (RawOccurrence & { event: Record<string, unknown> | null } & Record<string, unknown>)[] = await manager.query(
    `SELECT page.*, CASE WHEN ${visible} THEN ${join.eventJson} END AS "event"${related}
       FROM (${page}) AS page LEFT JOIN "events" e ON e."id" = page."event_id"
      ORDER BY page."starts_at", page."event_id"`,
    parameters.values,
  );
  const names = Object.keys(join.related ?? {});
  return rows.map((row) => ({
    occurrence: toRecord(row), event: row.event, related: Object.fromEntries(names.map((name) => [name, row[`related_${name}`]])),
  }));
}

/** How many occurrences the filter gives, all pages together: one statement, run only when a client asks. */
export async function countOccurrences(manager: EntityManager, filter: OccurrenceFilter): Promise<number> {
  const parameters = new Parameters();
  const from = parameters.add(filter.from.toISOString(), 'timestamptz');
  const to = filter.to ? ` AND o."starts_at" < ${parameters.add(filter.to.toISOString(), 'timestamptz')}` : '';
  const and = conditions(filter, parameters, null).map((condition) => ` AND ${condition}`).join('');
  const [row]: { count: number }[] = await manager.query(
    `SELECT count(*)::int AS "count" FROM "event_occurrences" o
      WHERE (tstzrange(o."starts_at", o."ends_at", '()') @> ${from} OR (o."starts_at" >= ${from}${to}))${and}`,
    parameters.values,
  );
  return row.count;
}

/**
 * The first `limit` occurrences from `from` of the events of each organiser, for many organisers in
 * one statement (a lateral page per organiser), grouped in the order of `organizerIds`.
 */
export async function firstOccurrencesByOrganizer(manager: EntityManager, organizerIds: readonly string[],
  filter: Omit<OccurrenceFilter, 'organizerAssociationId'>, limit: number): Promise<OccurrenceRecord[][]> {
  const parameters = new Parameters();
  const ids = parameters.add([...organizerIds], 'uuid[]');
  // The organiser condition refers to the lateral's outer row; the rest is any list's page.
  const inner = pageSql(filter, null, limit, parameters, ['o."organizer_association_id" = organizer."id"']);
  const rows: (RawOccurrence & { organizer_id: string })[] = await manager.query(
    `SELECT organizer."id" AS "organizer_id", page.* FROM unnest(${ids}) AS organizer("id") CROSS JOIN LATERAL (${inner}) AS page`,
    parameters.values,
  );
  const groups = new Map<string, OccurrenceRecord[]>();
  for (const row of rows) {
    const group = groups.get(row.organizer_id) ?? [];
    group.push(toRecord(row));
    groups.set(row.organizer_id, group);
  }
  const inOrder = (a: OccurrenceRecord, b: OccurrenceRecord): number =>
    a.startsAt.getTime() - b.startsAt.getTime() || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
  return organizerIds.map((id) => (groups.get(id) ?? []).sort(inOrder));
}
