import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddProcedures1795432301732 implements MigrationInterface {
  name = 'AddProcedures1795432301732';

  // Procedure sheets (fiches démarches), their cases, required documents and "see also" links.
  // No index on audiences or search_text: the sheets number in tens, a scan is what the planner picks.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."procedure_audience" AS ENUM('individuals', 'associations', 'businesses')`);
    await queryRunner.query(`CREATE TYPE "public"."procedure_location_kind" AS ENUM('town_hall_desk', 'other_office', 'online_only')`);
    await queryRunner.query(`CREATE TABLE "procedures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "status" "public"."content_status" NOT NULL DEFAULT 'draft', "version" integer NOT NULL DEFAULT '1', "published_at" TIMESTAMP WITH TIME ZONE, "channels" "public"."channel" array NOT NULL DEFAULT '{web,kiosk}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by_id" uuid, "updated_by_id" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "title" text NOT NULL, "sort_title" text NOT NULL, "search_text" text NOT NULL DEFAULT '', "audiences" "public"."procedure_audience" array NOT NULL DEFAULT '{individuals}', "theme_id" uuid, "summary" text, "explanation" text NOT NULL DEFAULT '', "explanation_html" text NOT NULL DEFAULT '', "location_kind" "public"."procedure_location_kind" NOT NULL DEFAULT 'town_hall_desk', "office_name" text, "office_address" text, "office_opening_hours" text, "cost" text, "processing_time" text, "online_services" jsonb NOT NULL DEFAULT '[]', "legal_references" text array NOT NULL DEFAULT '{}', "last_reviewed_on" date, CONSTRAINT "ck_procedures_office" CHECK ("location_kind" <> 'other_office' OR "office_name" IS NOT NULL), CONSTRAINT "ck_procedures_audiences" CHECK (cardinality("audiences") >= 1), CONSTRAINT "ck_procedures_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'), CONSTRAINT "pk_procedures" PRIMARY KEY ("id"))`);
    // Theme filter of procedures(theme:), and the RESTRICT check when a theme term is deleted.
    await queryRunner.query(`CREATE INDEX "ix_procedures_theme" ON "procedures" ("theme_id") `);
    // Default list order: keyset pagination on (sort_title, id) over live sheets.
    await queryRunner.query(`CREATE INDEX "ix_procedures_sort_title" ON "procedures" ("sort_title", "id") WHERE "deleted_at" IS NULL`);
    // Lookup by slug (procedure(slug:), /api/v1/procedures/:slug, checklist); a slug is free again once its sheet is deleted.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_procedures_slug" ON "procedures" ("slug") WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`CREATE TABLE "procedure_relations" ("procedure_id" uuid NOT NULL, "related_id" uuid NOT NULL, "position" integer NOT NULL, CONSTRAINT "ck_procedure_relations_position" CHECK ("position" >= 0), CONSTRAINT "ck_procedure_relations_not_self" CHECK ("procedure_id" <> "related_id"), CONSTRAINT "pk_procedure_relations" PRIMARY KEY ("procedure_id", "related_id"))`);
    // Reverse lookup of related sheets: the sheets that link to a given sheet.
    await queryRunner.query(`CREATE INDEX "ix_procedure_relations_related" ON "procedure_relations" ("related_id") `);
    await queryRunner.query(`CREATE TABLE "procedure_cases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procedure_id" uuid NOT NULL, "key" text NOT NULL, "label" text NOT NULL, "question" text NOT NULL, "position" integer NOT NULL, CONSTRAINT "ck_procedure_cases_position" CHECK ("position" >= 0), CONSTRAINT "ck_procedure_cases_key" CHECK ("key" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'), CONSTRAINT "pk_procedure_cases" PRIMARY KEY ("id"))`);
    // One label per question in a sheet.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_procedure_cases_label" ON "procedure_cases" ("procedure_id", "question", "label") `);
    // Unique case keys in a sheet; with procedure_id first it also serves the batched load of the cases of many sheets.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_procedure_cases_key" ON "procedure_cases" ("procedure_id", "key") `);
    await queryRunner.query(`CREATE TYPE "public"."procedure_document_form" AS ENUM('original', 'copy', 'original_and_copy')`);
    await queryRunner.query(`CREATE TYPE "public"."procedure_document_requirement" AS ENUM('mandatory', 'conditional')`);
    await queryRunner.query(`CREATE TABLE "procedure_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procedure_id" uuid NOT NULL, "label" text NOT NULL, "note" text, "form" "public"."procedure_document_form" NOT NULL, "quantity" integer NOT NULL DEFAULT '1', "requirement" "public"."procedure_document_requirement" NOT NULL, "condition" text, "one_of_group" text, "position" integer NOT NULL, CONSTRAINT "ck_procedure_documents_condition" CHECK (("requirement" = 'conditional') = ("condition" IS NOT NULL)), CONSTRAINT "ck_procedure_documents_position" CHECK ("position" >= 0), CONSTRAINT "ck_procedure_documents_quantity" CHECK ("quantity" BETWEEN 1 AND 10), CONSTRAINT "pk_procedure_documents" PRIMARY KEY ("id"))`);
    // Batched load of the documents of many sheets, in their order.
    await queryRunner.query(`CREATE INDEX "ix_procedure_documents_procedure" ON "procedure_documents" ("procedure_id", "position") `);
    await queryRunner.query(`CREATE TABLE "procedure_document_cases" ("document_id" uuid NOT NULL, "case_id" uuid NOT NULL, CONSTRAINT "pk_procedure_document_cases" PRIMARY KEY ("document_id", "case_id"))`);
    // ON DELETE CASCADE from procedure_cases (the primary key serves lookups by document).
    await queryRunner.query(`CREATE INDEX "ix_procedure_document_cases_case" ON "procedure_document_cases" ("case_id") `);
    await queryRunner.query(`ALTER TABLE "procedures" ADD CONSTRAINT "fk_procedures_theme" FOREIGN KEY ("theme_id") REFERENCES "taxonomy_terms"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procedure_relations" ADD CONSTRAINT "fk_procedure_relations_procedure" FOREIGN KEY ("procedure_id") REFERENCES "procedures"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procedure_relations" ADD CONSTRAINT "fk_procedure_relations_related" FOREIGN KEY ("related_id") REFERENCES "procedures"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procedure_cases" ADD CONSTRAINT "fk_procedure_cases_procedure" FOREIGN KEY ("procedure_id") REFERENCES "procedures"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procedure_documents" ADD CONSTRAINT "fk_procedure_documents_procedure" FOREIGN KEY ("procedure_id") REFERENCES "procedures"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procedure_document_cases" ADD CONSTRAINT "fk_procedure_document_cases_document" FOREIGN KEY ("document_id") REFERENCES "procedure_documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "procedure_document_cases" ADD CONSTRAINT "fk_procedure_document_cases_case" FOREIGN KEY ("case_id") REFERENCES "procedure_cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "procedure_document_cases" DROP CONSTRAINT "fk_procedure_document_cases_case"`);
    await queryRunner.query(`ALTER TABLE "procedure_document_cases" DROP CONSTRAINT "fk_procedure_document_cases_document"`);
    await queryRunner.query(`ALTER TABLE "procedure_documents" DROP CONSTRAINT "fk_procedure_documents_procedure"`);
    await queryRunner.query(`ALTER TABLE "procedure_cases" DROP CONSTRAINT "fk_procedure_cases_procedure"`);
    await queryRunner.query(`ALTER TABLE "procedure_relations" DROP CONSTRAINT "fk_procedure_relations_related"`);
    await queryRunner.query(`ALTER TABLE "procedure_relations" DROP CONSTRAINT "fk_procedure_relations_procedure"`);
    await queryRunner.query(`ALTER TABLE "procedures" DROP CONSTRAINT "fk_procedures_theme"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procedure_document_cases_case"`);
    await queryRunner.query(`DROP TABLE "procedure_document_cases"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procedure_documents_procedure"`);
    await queryRunner.query(`DROP TABLE "procedure_documents"`);
    await queryRunner.query(`DROP TYPE "public"."procedure_document_requirement"`);
    await queryRunner.query(`DROP TYPE "public"."procedure_document_form"`);
    await queryRunner.query(`DROP INDEX "public"."uq_procedure_cases_key"`);
    await queryRunner.query(`DROP INDEX "public"."uq_procedure_cases_label"`);
    await queryRunner.query(`DROP TABLE "procedure_cases"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procedure_relations_related"`);
    await queryRunner.query(`DROP TABLE "procedure_relations"`);
    await queryRunner.query(`DROP INDEX "public"."uq_procedures_slug"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procedures_sort_title"`);
    await queryRunner.query(`DROP INDEX "public"."ix_procedures_theme"`);
    await queryRunner.query(`DROP TABLE "procedures"`);
    await queryRunner.query(`DROP TYPE "public"."procedure_location_kind"`);
    await queryRunner.query(`DROP TYPE "public"."procedure_audience"`);
  }
}
