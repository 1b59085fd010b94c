import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddTaxonomy1795430980825 implements MigrationInterface {
  name = 'AddTaxonomy1795430980825';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."vocabulary" AS ENUM('category', 'procedure_theme')`);
    await queryRunner.query(`CREATE TABLE "taxonomy_terms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "vocabulary" "public"."vocabulary" NOT NULL, "slug" text NOT NULL, "label" text NOT NULL, "position" integer NOT NULL DEFAULT '0', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_taxonomy_terms_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'), CONSTRAINT "pk_taxonomy_terms" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_taxonomy_terms_slug" ON "taxonomy_terms" ("vocabulary", "slug") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_taxonomy_terms_slug"`);
    await queryRunner.query(`DROP TABLE "taxonomy_terms"`);
    await queryRunner.query(`DROP TYPE "public"."vocabulary"`);
  }
}
