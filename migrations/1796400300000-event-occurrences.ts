import { MigrationInterface, QueryRunner } from 'typeorm';
import { EventStatus } from '../src/events/event-status';
import { OccurrenceOverride } from '../src/events/event-occurrences';
import { IndexedEvent, writeOccurrences } from '../src/events/event-occurrences.store';

/** Events read and indexed per round trip. */
const BATCH = 200;

interface EventRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  all_day: boolean;
  recurrence_rule: string | null;
  occurrence_count: number | null;
  exception_dates: string[];
  event_status: EventStatus;
  postponed_to: Date | null;
  cancellation_reason: string | null;
  occurrence_overrides: OccurrenceOverride[];
}

export class EventOccurrences1796400300000 implements MigrationInterface {
  name = 'EventOccurrences1796400300000';

  /**
   * The occurrence index (src/events/event-occurrence.entity.ts): one row per occurrence of every
   * live event, kept by the events module in the transaction of every event write, so that a list
   * is one indexed query with ORDER BY and LIMIT. Events gain their occurrence overrides (single
   * dates cancelled or moved). The index is then filled from the existing events with the same
   * pure functions the application uses (recurrence expansion is TypeScript, not SQL).
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "events" ADD "occurrence_overrides" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "events" ADD CONSTRAINT "ck_events_occurrence_overrides" CHECK (jsonb_typeof("occurrence_overrides") = 'array')`);
    await queryRunner.query(`CREATE TABLE "event_occurrences" ("event_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "original_starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "event_status" "public"."event_status" NOT NULL, "reason" text, "rescheduled" boolean NOT NULL DEFAULT false, "moved_to" TIMESTAMP WITH TIME ZONE, "content_status" "public"."content_status" NOT NULL, "channels" "public"."channel" array NOT NULL, "organizer_association_id" uuid, "category_ids" uuid array NOT NULL DEFAULT '{}', CONSTRAINT "pk_event_occurrences" PRIMARY KEY ("event_id", "starts_at"))`);
    // Staff lists (drafts included) and cursors: ORDER BY starts_at, event_id.
    await queryRunner.query(`CREATE INDEX "ix_event_occurrences_start" ON "event_occurrences" ("starts_at", "event_id") `);
    // Public lists: published occurrences in list order, read until the LIMIT.
    await queryRunner.query(`CREATE INDEX "ix_event_occurrences_published_start" ON "event_occurrences" ("starts_at", "event_id") WHERE "content_status" = 'published'`);
    // Association.upcomingEvents and the organiser filter.
    await queryRunner.query(`CREATE INDEX "ix_event_occurrences_organizer" ON "event_occurrences" ("organizer_association_id", "starts_at", "event_id") WHERE "organizer_association_id" IS NOT NULL`);
    // Occurrences going on at the start of a window (begun before it, not yet over): a range containment test.
    await queryRunner.query(`CREATE INDEX "ix_event_occurrences_during" ON "event_occurrences" USING gist (tstzrange("starts_at", "ends_at", '()'))`);
    await queryRunner.query(`ALTER TABLE "event_occurrences" ADD CONSTRAINT "fk_event_occurrences_event" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "event_occurrences" ADD CONSTRAINT "fk_event_occurrences_organizer_association" FOREIGN KEY ("organizer_association_id") REFERENCES "associations"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await this.backfill(queryRunner);
  }

  /** Indexes every live event (public so that a test can run it again on a database with data). */
  async backfill(queryRunner: QueryRunner): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = (await queryRunner.query(
        `SELECT "id", "starts_at", "ends_at", "all_day", "recurrence_rule", "occurrence_count", "exception_dates"::text[] AS "exception_dates",
                "event_status", "postponed_to", "cancellation_reason", "occurrence_overrides"
           FROM "events" WHERE "deleted_at" IS NULL AND "id" > $1 ORDER BY "id" LIMIT ${BATCH}`,
        [after],
      )) as EventRow[];
      if (rows.length === 0) return;
      await writeOccurrences(queryRunner, rows.map((row): IndexedEvent => ({
        id: row.id,
        deletedAt: null,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        allDay: row.all_day,
        recurrenceRule: row.recurrence_rule,
        occurrenceCount: row.occurrence_count,
        exceptionDates: row.exception_dates,
        eventStatus: row.event_status,
        postponedTo: row.postponed_to,
        cancellationReason: row.cancellation_reason,
        occurrenceOverrides: row.occurrence_overrides,
      })));
      after = rows[rows.length - 1].id;
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "event_occurrences"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "ck_events_occurrence_overrides"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "occurrence_overrides"`);
  }
}
