import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11, points 1–3: the commune settings (one row), and on legal notices the effective start of
 * display (the later of displayFrom and publication), the publication mode recorded at publication
 * (null for drafts), the date of the council decision, and the end of a planning instruction.
 */
export class CommuneSettingsAndNoticeDisplay1796400100000 implements MigrationInterface {
  name = 'CommuneSettingsAndNoticeDisplay1796400100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."audit_event_kind" ADD VALUE IF NOT EXISTS 'settings_update'`);

    // One row: Parvis serves one commune. Created empty (electronic publication, the legal default).
    await queryRunner.query(`CREATE TABLE "commune_settings" ("id" smallint NOT NULL, "name" text, "insee_code" text, "population" integer, "publication_mode" "public"."legal_publication_mode" NOT NULL DEFAULT 'electronic', "publication_decision_reference" text, "publication_decision_date" date, "demo_values" boolean NOT NULL DEFAULT false, "version" integer NOT NULL DEFAULT '1', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by_id" uuid, CONSTRAINT "ck_commune_settings_publication_mode" CHECK ("publication_mode" = 'electronic' OR ("population" < 3500 AND "publication_decision_reference" IS NOT NULL AND "publication_decision_date" IS NOT NULL)), CONSTRAINT "ck_commune_settings_population" CHECK ("population" >= 0), CONSTRAINT "ck_commune_settings_insee_code" CHECK ("insee_code" ~ '^(0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-8])[0-9]{3}$'), CONSTRAINT "ck_commune_settings_single_row" CHECK ("id" = 1), CONSTRAINT "pk_commune_settings" PRIMARY KEY ("id"))`);
    await queryRunner.query(`INSERT INTO "commune_settings" ("id") VALUES (1)`);

    await queryRunner.query(`ALTER TABLE "legal_notices" ADD "publication_mode_decision_date" date`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ADD "effective_display_from" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ADD "instruction_ends_on" date`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ALTER COLUMN "publication_mode" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ALTER COLUMN "publication_mode" DROP DEFAULT`);
    // Back-fill, trigger off (it keeps published rows as published; these columns did not exist then):
    // a draft has no mode until it is published; a published notice went on display when it was put
    // online if its displayFrom was earlier (a notice published after its window keeps that truth).
    await queryRunner.query(`ALTER TABLE "legal_notices" DISABLE TRIGGER "tg_legal_notices_keep_published"`);
    await queryRunner.query(`UPDATE "legal_notices" SET "publication_mode" = NULL, "publication_mode_decision" = NULL WHERE "status" <> 'published'`);
    await queryRunner.query(`UPDATE "legal_notices" SET "effective_display_from" = GREATEST("display_from", COALESCE("published_at", "display_from")) WHERE "status" = 'published'`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ENABLE TRIGGER "tg_legal_notices_keep_published"`);

    // The board: effective_display_from <= at < display_until.
    await queryRunner.query(`DROP INDEX "public"."ix_legal_notices_display"`);
    await queryRunner.query(`CREATE INDEX "ix_legal_notices_display" ON "legal_notices" ("effective_display_from", "display_until") `);
    await queryRunner.query(`ALTER TABLE "legal_notices" ADD CONSTRAINT "ck_legal_notices_effective_display" CHECK ("status" <> 'published' OR "effective_display_from" IS NOT NULL)`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ADD CONSTRAINT "ck_legal_notices_published_mode" CHECK ("status" <> 'published' OR "publication_mode" IS NOT NULL)`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ADD CONSTRAINT "ck_legal_notices_instruction" CHECK ("instruction_ends_on" IS NULL OR "kind" = 'planning_permission_application')`);

    // The trigger, as before, plus the end of a planning instruction.
    await queryRunner.query(keepPublishedFunction(true));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(keepPublishedFunction(false));
    await queryRunner.query(`ALTER TABLE "legal_notices" DROP CONSTRAINT "ck_legal_notices_instruction"`);
    await queryRunner.query(`ALTER TABLE "legal_notices" DROP CONSTRAINT "ck_legal_notices_published_mode"`);
    await queryRunner.query(`ALTER TABLE "legal_notices" DROP CONSTRAINT "ck_legal_notices_effective_display"`);
    await queryRunner.query(`DROP INDEX "public"."ix_legal_notices_display"`);
    await queryRunner.query(`CREATE INDEX "ix_legal_notices_display" ON "legal_notices" ("display_from", "display_until") `);
    await queryRunner.query(`ALTER TABLE "legal_notices" DISABLE TRIGGER "tg_legal_notices_keep_published"`);
    await queryRunner.query(`UPDATE "legal_notices" SET "publication_mode" = 'electronic' WHERE "publication_mode" IS NULL`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ENABLE TRIGGER "tg_legal_notices_keep_published"`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ALTER COLUMN "publication_mode" SET DEFAULT 'electronic'`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ALTER COLUMN "publication_mode" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "legal_notices" DROP COLUMN "instruction_ends_on"`);
    await queryRunner.query(`ALTER TABLE "legal_notices" DROP COLUMN "effective_display_from"`);
    await queryRunner.query(`ALTER TABLE "legal_notices" DROP COLUMN "publication_mode_decision_date"`);
    await queryRunner.query(`DROP TABLE "commune_settings"`);
    // PostgreSQL cannot drop an enum value: 'settings_update' stays in audit_event_kind (unused).
  }
}

/**
 * The function of the trigger that keeps a published notice as it was published, as
 * AddLegalNotices1795431560160 wrote it (`instruction` false: what `down` restores) or, with
 * `instruction`, also letting the end of a planning instruction be entered or moved later after
 * publication (an incomplete file lengthens it), never earlier or removed.
 */
function keepPublishedFunction(instruction: boolean): string {
  const mutable = ['display_until', ...(instruction ? ['instruction_ends_on'] : []), 'superseded_by_id', 'withdrawn_at', 'withdrawal_reason',
    'version', 'updated_at', 'updated_by_id'];
  const instructionCheck = instruction
    ? `
          OR (OLD.instruction_ends_on IS NOT NULL AND (NEW.instruction_ends_on IS NULL OR NEW.instruction_ends_on < OLD.instruction_ends_on))`
    : '';
  return `CREATE OR REPLACE FUNCTION "legal_notices_keep_published"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        mutable text[] := ARRAY[${mutable.map((column) => `'${column}'`).join(', ')}];
      BEGIN
        IF OLD.status <> 'published' THEN
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP = 'DELETE'
          OR (to_jsonb(NEW) - mutable) IS DISTINCT FROM (to_jsonb(OLD) - mutable)
          OR NEW.display_until < OLD.display_until${instructionCheck}
          OR (OLD.superseded_by_id IS NOT NULL AND NEW.superseded_by_id IS DISTINCT FROM OLD.superseded_by_id)
          OR (OLD.withdrawn_at IS NOT NULL AND (NEW.withdrawn_at, NEW.withdrawal_reason) IS DISTINCT FROM (OLD.withdrawn_at, OLD.withdrawal_reason))
        THEN
          RAISE EXCEPTION 'A published legal notice cannot be changed, unpublished or deleted: publish a correcting notice or withdraw it'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'tg_legal_notices_keep_published';
        END IF;
        RETURN NEW;
      END
    $$`;
}
