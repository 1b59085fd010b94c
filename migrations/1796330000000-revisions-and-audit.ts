import { MigrationInterface, QueryRunner } from 'typeorm';

const CONTENT_TABLES = ['pages', 'associations', 'events', 'legal_notices', 'procedures'];

/**
 * The SQL of each type's child rows as stored in revisions, frozen as of this migration (the
 * services hold the live copy in their ContentTypeDefinition.relationsSql).
 */
const RELATIONS_SQL: Record<string, string> = {
  page: `'{}'::jsonb`,
  legal_notice: `'{}'::jsonb`,
  association: `jsonb_build_object('categoryIds', (SELECT coalesce(jsonb_agg(link.term_id ORDER BY link.position), '[]'::jsonb) FROM association_categories link WHERE link.association_id = item.id))`,
  event: `jsonb_build_object('categoryIds', (SELECT coalesce(jsonb_agg(link.term_id ORDER BY link.position), '[]'::jsonb) FROM event_categories link WHERE link.event_id = item.id))`,
  procedure: `jsonb_build_object(
    'cases', (SELECT coalesce(jsonb_agg(jsonb_build_object('key', c.key, 'label', c.label, 'question', c.question) ORDER BY c.position), '[]'::jsonb)
                FROM procedure_cases c WHERE c.procedure_id = item.id),
    'documents', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                    'label', d.label, 'note', d.note, 'form', d.form, 'quantity', d.quantity, 'requirement', d.requirement,
                    'condition', d.condition, 'oneOfGroup', d.one_of_group,
                    'caseKeys', (SELECT coalesce(jsonb_agg(c.key ORDER BY c.position), '[]'::jsonb)
                                   FROM procedure_document_cases dc JOIN procedure_cases c ON c.id = dc.case_id WHERE dc.document_id = d.id)
                  ) ORDER BY d.position), '[]'::jsonb)
                FROM procedure_documents d WHERE d.procedure_id = item.id),
    'relatedProcedureIds', (SELECT coalesce(jsonb_agg(r.related_id ORDER BY r.position), '[]'::jsonb)
                FROM procedure_relations r WHERE r.procedure_id = item.id))`,
};
const TABLE_OF: Record<string, string> = {
  page: 'pages', association: 'associations', event: 'events', legal_notice: 'legal_notices', procedure: 'procedures',
};

/**
 * Revisions (every saved version of every item), the audit trail of staff and media events, the
 * operations the journal now names (restore, undelete, withdraw, supersede), history made
 * append-only by triggers, and `archived` removed from the content statuses (nothing ever set it).
 */
export class RevisionsAndAudit1796330000000 implements MigrationInterface {
  name = 'RevisionsAndAudit1796330000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // ---- content_status without 'archived' (constraints and the index that name the type are rebuilt)
    await queryRunner.query(`ALTER TABLE "legal_notices" DROP CONSTRAINT "ck_legal_notices_fingerprint"`);
    await queryRunner.query(`ALTER TABLE "legal_notices" DROP CONSTRAINT "ck_legal_notices_withdrawn_published"`);
    await queryRunner.query(`DROP INDEX "public"."uq_legal_notices_supersedes"`);
    await queryRunner.query(`ALTER TYPE "public"."content_status" RENAME TO "content_status_old"`);
    await queryRunner.query(`CREATE TYPE "public"."content_status" AS ENUM('draft', 'published')`);
    for (const table of CONTENT_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "status" DROP DEFAULT`);
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "status" TYPE "public"."content_status" USING "status"::text::"public"."content_status"`);
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "status" SET DEFAULT 'draft'`);
    }
    await queryRunner.query(`DROP TYPE "public"."content_status_old"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_legal_notices_supersedes" ON "legal_notices" ("supersedes_id") WHERE "status" = 'published' AND "deleted_at" IS NULL`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ADD CONSTRAINT "ck_legal_notices_fingerprint" CHECK (("status" <> 'published' OR "fingerprint" IS NOT NULL) AND ("fingerprint" IS NULL OR "fingerprint" ~ '^[0-9a-f]{64}$'))`);
    await queryRunner.query(`ALTER TABLE "legal_notices" ADD CONSTRAINT "ck_legal_notices_withdrawn_published" CHECK ("withdrawn_at" IS NULL OR "status" = 'published')`);

    // ---- the operations the journal and revisions name
    for (const operation of ['restore', 'undelete', 'withdraw', 'supersede']) {
      await queryRunner.query(`ALTER TYPE "public"."content_operation" ADD VALUE IF NOT EXISTS '${operation}'`);
    }

    // ---- revisions
    await queryRunner.query(`CREATE TABLE "content_revisions" ("content_type" text NOT NULL, "content_id" uuid NOT NULL, "version" integer NOT NULL, "operation" "public"."content_operation" NOT NULL, "message" text, "actor_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "snapshot" jsonb NOT NULL, CONSTRAINT "pk_content_revisions" PRIMARY KEY ("content_type", "content_id", "version"))`);
    // Content written before this migration: its current version becomes its first revision.
    for (const [type, relations] of Object.entries(RELATIONS_SQL)) {
      await queryRunner.query(`
        INSERT INTO "content_revisions" ("content_type", "content_id", "version", "operation", "message", "actor_id", "created_at", "snapshot")
        SELECT '${type}', item.id, item.version,
               coalesce((SELECT journal.operation::text FROM content_journal journal
                          WHERE journal.content_type = '${type}' AND journal.content_id = item.id AND journal.version = item.version
                          ORDER BY journal.seq DESC LIMIT 1), 'update')::text::"public"."content_operation",
               'Recorded when revisions were introduced: earlier versions were not kept', item.updated_by_id, item.updated_at,
               jsonb_build_object('fields', to_jsonb(item), 'relations', ${relations})
          FROM "${TABLE_OF[type]}" item`);
    }

    // ---- audit trail of staff and media events
    await queryRunner.query(`CREATE TYPE "public"."audit_event_kind" AS ENUM('login', 'login_failed', 'lockout', 'logout', 'refresh_token_reuse', 'password_reset', 'user_create', 'user_update', 'media_upload', 'media_update', 'media_delete')`);
    await queryRunner.query(`CREATE TABLE "audit_events" ("id" BIGSERIAL NOT NULL, "kind" "public"."audit_event_kind" NOT NULL, "actor_id" uuid, "subject_type" text, "subject_id" uuid, "detail" jsonb NOT NULL DEFAULT '{}', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_audit_events" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_time" ON "audit_events" ("occurred_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_actor" ON "audit_events" ("actor_id", "occurred_at") `);
    await queryRunner.query(`CREATE INDEX "ix_content_journal_time" ON "content_journal" ("occurred_at", "seq") `);
    await queryRunner.query(`CREATE INDEX "ix_content_journal_actor" ON "content_journal" ("actor_id", "occurred_at") `);

    // ---- history is append-only, whoever connects
    await queryRunner.query(`CREATE FUNCTION "refuse_history_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: history is never changed or deleted', TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    for (const table of ['content_journal', 'content_revisions', 'audit_events']) {
      await queryRunner.query(`CREATE TRIGGER "tg_${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"()`);
      await queryRunner.query(`CREATE TRIGGER "tg_${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['content_journal', 'content_revisions', 'audit_events']) {
      await queryRunner.query(`DROP TRIGGER "tg_${table}_no_truncate" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "tg_${table}_append_only" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "refuse_history_change"()`);
    await queryRunner.query(`DROP INDEX "public"."ix_content_journal_actor"`);
    await queryRunner.query(`DROP INDEX "public"."ix_content_journal_time"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP TYPE "public"."audit_event_kind"`);
    await queryRunner.query(`DROP TABLE "content_revisions"`);
    // Enum values cannot be removed from content_operation without rebuilding it; the extra values are harmless.
  }
}
