import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddMedia1795432574394 implements MigrationInterface {
  name = 'AddMedia1795432574394';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The media library (src/media): one row per distinct file; the bytes live in MEDIA_DIR.
    await queryRunner.query(`CREATE TYPE "public"."media_kind" AS ENUM('image', 'document')`);
    await queryRunner.query(`CREATE TABLE "media" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storage_key" text NOT NULL, "file_name" text NOT NULL, "mime_type" text NOT NULL, "kind" "public"."media_kind" NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "width" integer, "height" integer, "page_count" integer, "title" text, "alt" text, "decorative" boolean NOT NULL DEFAULT false, "uploaded_by_id" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_media_dimensions" CHECK (("width" IS NULL OR "width" > 0) AND ("height" IS NULL OR "height" > 0)), CONSTRAINT "ck_media_size" CHECK ("size" >= 0), CONSTRAINT "ck_media_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$'), CONSTRAINT "pk_media" PRIMARY KEY ("id"))`);
    // mediaList(kind: …): one kind, newest first, keyset on (created_at, id).
    await queryRunner.query(`CREATE INDEX "ix_media_kind_created" ON "media" ("kind", "created_at", "id") `);
    // mediaList without a kind: newest first, keyset on (created_at, id).
    await queryRunner.query(`CREATE INDEX "ix_media_created" ON "media" ("created_at", "id") `);
    // Identical bytes are stored once: an upload looks its hash up here (and a racing twin is refused).
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_media_sha256" ON "media" ("sha256") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_media_sha256"`);
    await queryRunner.query(`DROP INDEX "public"."ix_media_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_media_kind_created"`);
    await queryRunner.query(`DROP TABLE "media"`);
    await queryRunner.query(`DROP TYPE "public"."media_kind"`);
  }
}
