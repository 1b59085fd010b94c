import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddEvents1795432842216 implements MigrationInterface {
  name = 'AddEvents1795432842216';

  /** Events ("manifestations") with their recurrence, organiser and categories. */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."event_status" AS ENUM('scheduled', 'cancelled', 'postponed', 'sold_out')`);
    await queryRunner.query(`CREATE TABLE "events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "status" "public"."content_status" NOT NULL DEFAULT 'draft', "version" integer NOT NULL DEFAULT '1', "published_at" TIMESTAMP WITH TIME ZONE, "channels" "public"."channel" array NOT NULL DEFAULT '{web,kiosk}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by_id" uuid, "updated_by_id" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "title" text NOT NULL, "summary" text, "body" text NOT NULL DEFAULT '', "body_html" text NOT NULL DEFAULT '', "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "all_day" boolean NOT NULL DEFAULT false, "recurrence_rule" text, "occurrence_count" integer, "exception_dates" date array NOT NULL DEFAULT '{}', "series_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "place_name" text, "street" text, "postal_code" text, "city" text, "latitude" double precision, "longitude" double precision, "organizer_association_id" uuid, "organizer_name" text, "is_free" boolean, "price_text" text, "registration_url" text, "image_media_id" uuid, "accessibility_notes" text, "event_status" "public"."event_status" NOT NULL DEFAULT 'scheduled', "postponed_to" TIMESTAMP WITH TIME ZONE, "cancellation_reason" text, CONSTRAINT "ck_events_exceptions_need_rule" CHECK ("recurrence_rule" IS NOT NULL OR cardinality("exception_dates") = 0), CONSTRAINT "ck_events_occurrence_count_positive" CHECK ("occurrence_count" > 0), CONSTRAINT "ck_events_occurrence_count" CHECK (("recurrence_rule" IS NULL) = ("occurrence_count" IS NULL)), CONSTRAINT "ck_events_cancellation_reason" CHECK ("cancellation_reason" IS NULL OR "event_status" = 'cancelled'), CONSTRAINT "ck_events_postponed_to" CHECK (("event_status" = 'postponed') = ("postponed_to" IS NOT NULL)), CONSTRAINT "ck_events_price" CHECK (NOT ("is_free" AND "price_text" IS NOT NULL)), CONSTRAINT "ck_events_one_organizer" CHECK ("organizer_association_id" IS NULL OR "organizer_name" IS NULL), CONSTRAINT "ck_events_longitude" CHECK ("longitude" BETWEEN -180 AND 180), CONSTRAINT "ck_events_latitude" CHECK ("latitude" BETWEEN -90 AND 90), CONSTRAINT "ck_events_geo_pair" CHECK (("latitude" IS NULL) = ("longitude" IS NULL)), CONSTRAINT "ck_events_postal_code" CHECK ("postal_code" ~ '^[0-9]{5}$'), CONSTRAINT "ck_events_series_end" CHECK ("series_ends_at" >= "ends_at"), CONSTRAINT "ck_events_ends_after_start" CHECK ("ends_at" >= "starts_at"), CONSTRAINT "ck_events_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'), CONSTRAINT "pk_events" PRIMARY KEY ("id"))`);
    // Organiser filter of events(…) and Association.upcomingEvents: events of these associations not yet over.
    await queryRunner.query(`CREATE INDEX "ix_events_organizer_association" ON "events" ("organizer_association_id", "series_ends_at") WHERE "organizer_association_id" IS NOT NULL`);
    // Window queries (events(from, to), upcomingEvents): series_ends_at >= from AND starts_at < to.
    await queryRunner.query(`CREATE INDEX "ix_events_window" ON "events" ("series_ends_at", "starts_at") `);
    // event(slug:) and GET /api/v1/events/:slug; a deleted event frees its slug.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_events_slug" ON "events" ("slug") WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`CREATE TABLE "event_categories" ("event_id" uuid NOT NULL, "term_id" uuid NOT NULL, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_event_categories" PRIMARY KEY ("event_id", "term_id"))`);
    // Category filter of events(…): events of one term (the primary key serves an event's categories).
    await queryRunner.query(`CREATE INDEX "ix_event_categories_term" ON "event_categories" ("term_id", "event_id") `);
    await queryRunner.query(`ALTER TABLE "events" ADD CONSTRAINT "fk_events_organizer_association" FOREIGN KEY ("organizer_association_id") REFERENCES "associations"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "event_categories" ADD CONSTRAINT "fk_event_categories_event" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "event_categories" ADD CONSTRAINT "fk_event_categories_term" FOREIGN KEY ("term_id") REFERENCES "taxonomy_terms"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_categories" DROP CONSTRAINT "fk_event_categories_term"`);
    await queryRunner.query(`ALTER TABLE "event_categories" DROP CONSTRAINT "fk_event_categories_event"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "fk_events_organizer_association"`);
    await queryRunner.query(`DROP INDEX "public"."ix_event_categories_term"`);
    await queryRunner.query(`DROP TABLE "event_categories"`);
    await queryRunner.query(`DROP INDEX "public"."uq_events_slug"`);
    await queryRunner.query(`DROP INDEX "public"."ix_events_window"`);
    await queryRunner.query(`DROP INDEX "public"."ix_events_organizer_association"`);
    await queryRunner.query(`DROP TABLE "events"`);
    await queryRunner.query(`DROP TYPE "public"."event_status"`);
  }
}
