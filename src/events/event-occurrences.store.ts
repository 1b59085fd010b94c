import { materializeOccurrences, OccurrenceSource } from './event-occurrences';

/** Anything that runs SQL in the caller's transaction: an EntityManager, a QueryRunner (migrations). */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** An event as its occurrence rows need it; `deletedAt` set means no rows. */
export interface IndexedEvent extends OccurrenceSource {
  id: string;
  deletedAt: Date | null;
}

/**
 * Rewrites the occurrence index of these events: their rows are deleted, then the rows computed
 * from each live event inserted in one statement, which copies the list filters (content status,
 * channels, organiser, categories) from the event's row and category links as they stand in the
 * same transaction. Two statements whatever the number of events.
 */
export async function writeOccurrences(runner: SqlRunner, events: readonly IndexedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await runner.query('DELETE FROM "event_occurrences" WHERE "event_id" = ANY($1::uuid[])', [events.map((event) => event.id)]);
  const rows = events.filter((event) => !event.deletedAt).flatMap((event) => materializeOccurrences(event).map((row) => ({
    event_id: event.id,
    starts_at: row.startsAt.toISOString(),
    ends_at: row.endsAt.toISOString(),
    original_starts_at: row.originalStartsAt.toISOString(),
    event_status: row.status,
    reason: row.reason,
    rescheduled: row.rescheduled,
    moved_to: row.movedTo?.toISOString() ?? null,
  })));
  if (rows.length === 0) return;
  await runner.query(
    `INSERT INTO "event_occurrences" ("event_id", "starts_at", "ends_at", "original_starts_at", "event_status", "reason", "rescheduled", "moved_to",
       "content_status", "channels", "organizer_association_id", "category_ids")
     SELECT r."event_id", r."starts_at", r."ends_at", r."original_starts_at", r."event_status"::"event_status", r."reason", r."rescheduled", r."moved_to",
       e."status", e."channels", e."organizer_association_id",
       COALESCE((SELECT array_agg(c."term_id" ORDER BY c."position", c."term_id") FROM "event_categories" c WHERE c."event_id" = e."id"), '{}')
       FROM jsonb_to_recordset($1::jsonb) AS r("event_id" uuid, "starts_at" timestamptz, "ends_at" timestamptz, "original_starts_at" timestamptz,
         "event_status" text, "reason" text, "rescheduled" boolean, "moved_to" timestamptz)
       JOIN "events" e ON e."id" = r."event_id" AND e."deleted_at" IS NULL`,
    [JSON.stringify(rows)],
  );
}
