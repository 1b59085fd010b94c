import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddAssociations1795431459717 implements MigrationInterface {
  name = 'AddAssociations1795431459717';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "associations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "status" "public"."content_status" NOT NULL DEFAULT 'draft', "version" integer NOT NULL DEFAULT '1', "published_at" TIMESTAMP WITH TIME ZONE, "channels" "public"."channel" array NOT NULL DEFAULT '{web,kiosk}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by_id" uuid, "updated_by_id" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "name" text NOT NULL, "sort_name" text COLLATE "C" NOT NULL, "search_name" text COLLATE "C" NOT NULL, "summary" text, "body" text NOT NULL DEFAULT '', "body_html" text NOT NULL DEFAULT '', "contact_name" text, "contact_role" text, "email" text, "phone" text, "website" text, "street" text, "postal_code" text, "city" text, "latitude" double precision, "longitude" double precision, "meeting_place" text, "schedule" text, "logo_media_id" uuid, "rna_number" text, "siren" text, "siret" text, "accepts_new_members" boolean NOT NULL DEFAULT true, CONSTRAINT "ck_associations_summary_length" CHECK (char_length("summary") <= 300), CONSTRAINT "ck_associations_longitude" CHECK ("longitude" BETWEEN -180 AND 180), CONSTRAINT "ck_associations_latitude" CHECK ("latitude" BETWEEN -90 AND 90), CONSTRAINT "ck_associations_geo_pair" CHECK (("latitude" IS NULL) = ("longitude" IS NULL)), CONSTRAINT "ck_associations_siret_of_siren" CHECK ("siren" IS NULL OR "siret" IS NULL OR left("siret", 9) = "siren"), CONSTRAINT "ck_associations_siret" CHECK ("siret" ~ '^[0-9]{14}$'), CONSTRAINT "ck_associations_siren" CHECK ("siren" ~ '^[0-9]{9}$'), CONSTRAINT "ck_associations_rna" CHECK ("rna_number" ~ '^W[0-9]{9}$'), CONSTRAINT "ck_associations_postal_code" CHECK ("postal_code" ~ '^[0-9]{5}$'), CONSTRAINT "ck_associations_phone" CHECK ("phone" ~ '^[+][1-9][0-9]{6,14}$'), CONSTRAINT "ck_associations_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'), CONSTRAINT "pk_associations" PRIMARY KEY ("id"))`);
    // The directory's order (sort_name, id): keyset pagination of associations(), and the letter
    // filter (sort_name LIKE 'e%' uses a btree in the "C" collation).
    await queryRunner.query(`CREATE INDEX "ix_associations_sort_name" ON "associations" ("sort_name", "id") `);
    // association(slug:) and GET /api/v1/associations/:slug; a deleted association frees its slug.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_associations_slug" ON "associations" ("slug") WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`CREATE TABLE "association_categories" ("association_id" uuid NOT NULL, "term_id" uuid NOT NULL, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_association_categories" PRIMARY KEY ("association_id", "term_id"))`);
    // The category filter of associations(category:); the primary key serves the categories of a list.
    await queryRunner.query(`CREATE INDEX "ix_association_categories_term" ON "association_categories" ("term_id", "association_id") `);
    await queryRunner.query(`ALTER TABLE "association_categories" ADD CONSTRAINT "fk_association_categories_association" FOREIGN KEY ("association_id") REFERENCES "associations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "association_categories" ADD CONSTRAINT "fk_association_categories_term" FOREIGN KEY ("term_id") REFERENCES "taxonomy_terms"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "association_categories" DROP CONSTRAINT "fk_association_categories_term"`);
    await queryRunner.query(`ALTER TABLE "association_categories" DROP CONSTRAINT "fk_association_categories_association"`);
    await queryRunner.query(`DROP INDEX "public"."ix_association_categories_term"`);
    await queryRunner.query(`DROP TABLE "association_categories"`);
    await queryRunner.query(`DROP INDEX "public"."uq_associations_slug"`);
    await queryRunner.query(`DROP INDEX "public"."ix_associations_sort_name"`);
    await queryRunner.query(`DROP TABLE "associations"`);
  }
}
