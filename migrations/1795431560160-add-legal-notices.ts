import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddLegalNotices1795431560160 implements MigrationInterface {
  name = 'AddLegalNotices1795431560160';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."legal_notice_kind" AS ENUM('deliberation', 'list_of_deliberations', 'arrete', 'decision', 'marriage_banns', 'planning_permission_application', 'planning_permission_decision', 'public_inquiry', 'other')`);
    await queryRunner.query(`CREATE TYPE "public"."legal_publication_mode" AS ENUM('electronic', 'paper', 'posting')`);
    await queryRunner.query(`CREATE TABLE "legal_notices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "status" "public"."content_status" NOT NULL DEFAULT 'draft', "version" integer NOT NULL DEFAULT '1', "published_at" TIMESTAMP WITH TIME ZONE, "channels" "public"."channel" array NOT NULL DEFAULT '{web,kiosk}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by_id" uuid, "updated_by_id" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "kind" "public"."legal_notice_kind" NOT NULL, "reference" text NOT NULL, "reference_year" integer NOT NULL, "title" text NOT NULL, "summary" text, "body" text NOT NULL DEFAULT '', "body_html" text NOT NULL DEFAULT '', "act_date" date NOT NULL, "meeting_date" date, "signatory_name" text NOT NULL, "signatory_role" text NOT NULL, "publication_mode" "public"."legal_publication_mode" NOT NULL DEFAULT 'electronic', "publication_mode_decision" text, "display_from" TIMESTAMP WITH TIME ZONE NOT NULL, "display_until" TIMESTAMP WITH TIME ZONE NOT NULL, "documents" jsonb NOT NULL, "accessibility_note" text, "supersedes_id" uuid, "superseded_by_id" uuid, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "withdrawal_reason" text, "fingerprint" text, CONSTRAINT "ck_legal_notices_not_own_correction" CHECK ("supersedes_id" IS NULL OR "supersedes_id" <> "id"), CONSTRAINT "ck_legal_notices_publication_mode" CHECK ("publication_mode" = 'electronic' OR "publication_mode_decision" IS NOT NULL), CONSTRAINT "ck_legal_notices_documents" CHECK (jsonb_typeof("documents") = 'array'), CONSTRAINT "ck_legal_notices_fingerprint" CHECK (("status" <> 'published' OR "fingerprint" IS NOT NULL) AND ("fingerprint" IS NULL OR "fingerprint" ~ '^[0-9a-f]{64}$')), CONSTRAINT "ck_legal_notices_withdrawn_published" CHECK ("withdrawn_at" IS NULL OR "status" = 'published'), CONSTRAINT "ck_legal_notices_withdrawal" CHECK (("withdrawn_at" IS NULL) = ("withdrawal_reason" IS NULL)), CONSTRAINT "ck_legal_notices_reference" CHECK ("reference" ~ '^[0-9A-Za-z]+([-/._][0-9A-Za-z]+)*$'), CONSTRAINT "ck_legal_notices_reference_year" CHECK ("reference_year" = EXTRACT(YEAR FROM "act_date")), CONSTRAINT "ck_legal_notices_display_period" CHECK ("display_until" > "display_from"), CONSTRAINT "pk_legal_notices" PRIMARY KEY ("id"))`);
    // Archive: search by number (`legalNotices(reference:)`) across kinds and years.
    await queryRunner.query(`CREATE INDEX "ix_legal_notices_reference" ON "legal_notices" ("reference") `);
    // Archive without a kind filter: newest act date first.
    await queryRunner.query(`CREATE INDEX "ix_legal_notices_act_date" ON "legal_notices" ("act_date") `);
    // Archive filtered by kind, newest act date first.
    await queryRunner.query(`CREATE INDEX "ix_legal_notices_kind_act_date" ON "legal_notices" ("kind", "act_date") `);
    // The board (`legalNoticesOnDisplay`): display_from <= at < display_until, newest display_from first.
    await queryRunner.query(`CREATE INDEX "ix_legal_notices_display" ON "legal_notices" ("display_from", "display_until") `);
    // A notice is corrected by at most one published notice (the service checks first, under a row lock).
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_legal_notices_supersedes" ON "legal_notices" ("supersedes_id") WHERE "status" = 'published' AND "deleted_at" IS NULL`);
    // One number per kind and year of the act; also serves `legalNotice(kind:, reference:, year:)`.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_legal_notices_reference" ON "legal_notices" ("kind", "reference_year", "reference") WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ADD CONSTRAINT "fk_legal_notices_supersedes" FOREIGN KEY ("supersedes_id") REFERENCES "legal_notices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ADD CONSTRAINT "fk_legal_notices_superseded_by" FOREIGN KEY ("superseded_by_id") REFERENCES "legal_notices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // Written by hand (TypeORM does not model triggers): the database itself keeps a published notice
    // as it was published. Only these may change: a later end of display, the link to the correction
    // (once), the withdrawal (once), and the version/update stamps. It can never go back to draft,
    // be soft-deleted, or be deleted outright. The service refuses first with a clearer message.
    await queryRunner.query(`CREATE FUNCTION "legal_notices_keep_published"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        mutable text[] := ARRAY['display_until', 'superseded_by_id', 'withdrawn_at', 'withdrawal_reason', 'version', 'updated_at', 'updated_by_id'];
      BEGIN
        IF OLD.status <> 'published' THEN
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP = 'DELETE'
          OR (to_jsonb(NEW) - mutable) IS DISTINCT FROM (to_jsonb(OLD) - mutable)
          OR NEW.display_until < OLD.display_until
          OR (OLD.superseded_by_id IS NOT NULL AND NEW.superseded_by_id IS DISTINCT FROM OLD.superseded_by_id)
          OR (OLD.withdrawn_at IS NOT NULL AND (NEW.withdrawn_at, NEW.withdrawal_reason) IS DISTINCT FROM (OLD.withdrawn_at, OLD.withdrawal_reason))
        THEN
          RAISE EXCEPTION 'A published legal notice cannot be changed, unpublished or deleted: publish a correcting notice or withdraw it'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'tg_legal_notices_keep_published';
        END IF;
        RETURN NEW;
      END
    $$`);
    await queryRunner.query(`CREATE TRIGGER "tg_legal_notices_keep_published" BEFORE UPDATE OR DELETE ON "legal_notices" FOR EACH ROW EXECUTE FUNCTION "legal_notices_keep_published"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tg_legal_notices_keep_published" ON "legal_notices"`);
    await queryRunner.query(`DROP FUNCTION "legal_notices_keep_published"()`);
    await queryRunner.query(`ALTER TABLE "legal_notices" DROP CONSTRAINT "fk_legal_notices_superseded_by"`);
    await queryRunner.query(`ALTER TABLE "legal_notices" DROP CONSTRAINT "fk_legal_notices_supersedes"`);
    await queryRunner.query(`DROP INDEX "public"."uq_legal_notices_reference"`);
    await queryRunner.query(`DROP INDEX "public"."uq_legal_notices_supersedes"`);
    await queryRunner.query(`DROP INDEX "public"."ix_legal_notices_display"`);
    await queryRunner.query(`DROP INDEX "public"."ix_legal_notices_kind_act_date"`);
    await queryRunner.query(`DROP INDEX "public"."ix_legal_notices_act_date"`);
    await queryRunner.query(`DROP INDEX "public"."ix_legal_notices_reference"`);
    await queryRunner.query(`DROP TABLE "legal_notices"`);
    await queryRunner.query(`DROP TYPE "public"."legal_publication_mode"`);
    await queryRunner.query(`DROP TYPE "public"."legal_notice_kind"`);
  }
}
