import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddContentCoreAndPages1795430686572 implements MigrationInterface {
  name = 'AddContentCoreAndPages1795430686572';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."content_operation" AS ENUM('create', 'update', 'move', 'publish', 'unpublish', 'delete')`);
    await queryRunner.query(`CREATE TABLE "content_journal" ("seq" BIGSERIAL NOT NULL, "content_type" text NOT NULL, "content_id" uuid NOT NULL, "operation" "public"."content_operation" NOT NULL, "version" integer NOT NULL, "actor_id" uuid, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_content_journal" PRIMARY KEY ("seq"))`);
    await queryRunner.query(`CREATE INDEX "ix_content_journal_item" ON "content_journal" ("content_type", "content_id", "seq") `);
    await queryRunner.query(`CREATE TYPE "public"."content_status" AS ENUM('draft', 'published', 'archived')`);
    await queryRunner.query(`CREATE TYPE "public"."channel" AS ENUM('web', 'kiosk')`);
    await queryRunner.query(`CREATE TABLE "pages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "status" "public"."content_status" NOT NULL DEFAULT 'draft', "version" integer NOT NULL DEFAULT '1', "published_at" TIMESTAMP WITH TIME ZONE, "channels" "public"."channel" array NOT NULL DEFAULT '{web,kiosk}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by_id" uuid, "updated_by_id" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "parent_id" uuid, "position" integer NOT NULL DEFAULT '0', "path" text NOT NULL, "title" text NOT NULL, "kiosk_title" text, "summary" text, "body" text NOT NULL DEFAULT '', "body_html" text NOT NULL DEFAULT '', "external_url" text, "seo_description" text, CONSTRAINT "ck_pages_not_own_parent" CHECK ("parent_id" IS NULL OR "parent_id" <> "id"), CONSTRAINT "ck_pages_position" CHECK ("position" >= 0), CONSTRAINT "ck_pages_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'), CONSTRAINT "pk_pages" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_pages_parent_position" ON "pages" ("parent_id", "position") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_pages_path" ON "pages" ("path") WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`ALTER TABLE "pages" ADD CONSTRAINT "fk_pages_parent" FOREIGN KEY ("parent_id") REFERENCES "pages"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pages" DROP CONSTRAINT "fk_pages_parent"`);
    await queryRunner.query(`DROP INDEX "public"."uq_pages_path"`);
    await queryRunner.query(`DROP INDEX "public"."ix_pages_parent_position"`);
    await queryRunner.query(`DROP TABLE "pages"`);
    await queryRunner.query(`DROP TYPE "public"."channel"`);
    await queryRunner.query(`DROP TYPE "public"."content_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_content_journal_item"`);
    await queryRunner.query(`DROP TABLE "content_journal"`);
    await queryRunner.query(`DROP TYPE "public"."content_operation"`);
  }
}
