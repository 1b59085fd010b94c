import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddMediaUsages1795438536889 implements MigrationInterface {
  name = 'AddMediaUsages1795438536889';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "media_usages" ("content_type" text NOT NULL, "content_id" uuid NOT NULL, "field" text NOT NULL, "media_id" uuid NOT NULL, "published" boolean NOT NULL, CONSTRAINT "pk_media_usages" PRIMARY KEY ("content_type", "content_id", "field"))`);
    await queryRunner.query(`CREATE INDEX "ix_media_usages_media" ON "media_usages" ("media_id", "published") `);
    await queryRunner.query(`ALTER TABLE "media_usages" ADD CONSTRAINT "fk_media_usages_media" FOREIGN KEY ("media_id") REFERENCES "media"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // Content written before this migration: record the files it already uses (what the content
    // core now writes with every change). Only references to existing files, of live items.
    await queryRunner.query(`
      INSERT INTO "media_usages" ("content_type", "content_id", "field", "media_id", "published")
      SELECT 'association', a.id, 'logoMediaId', a.logo_media_id, a.status = 'published'
        FROM "associations" a JOIN "media" m ON m.id = a.logo_media_id WHERE a.deleted_at IS NULL
      UNION ALL
      SELECT 'event', e.id, 'imageMediaId', e.image_media_id, e.status = 'published'
        FROM "events" e JOIN "media" m ON m.id = e.image_media_id WHERE e.deleted_at IS NULL
      UNION ALL
      SELECT 'legal_notice', n.id, 'documents.' || (d.position - 1) || '.mediaId', m.id, n.status = 'published'
        FROM "legal_notices" n
        CROSS JOIN LATERAL jsonb_array_elements(n.documents) WITH ORDINALITY AS d(document, position)
        JOIN "media" m ON m.id::text = d.document->>'mediaId'
       WHERE n.deleted_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "media_usages" DROP CONSTRAINT "fk_media_usages_media"`);
    await queryRunner.query(`DROP INDEX "public"."ix_media_usages_media"`);
    await queryRunner.query(`DROP TABLE "media_usages"`);
  }
}
