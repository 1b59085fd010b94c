import { MigrationInterface, QueryRunner } from 'typeorm';

export class PageAndProcedureMedia1795438768649 implements MigrationInterface {
  name = 'PageAndProcedureMedia1795438768649';

  /**
   * A page's image and its attachments (an ordered jsonb list of { title, mediaId }). A procedure's
   * online services are already jsonb: their new optional `mediaId` needs no change here.
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pages" ADD "image_media_id" uuid`);
    await queryRunner.query(`ALTER TABLE "pages" ADD "attachments" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "pages" ADD CONSTRAINT "ck_pages_attachments" CHECK (jsonb_typeof("attachments") = 'array')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pages" DROP CONSTRAINT "ck_pages_attachments"`);
    await queryRunner.query(`ALTER TABLE "pages" DROP COLUMN "attachments"`);
    await queryRunner.query(`ALTER TABLE "pages" DROP COLUMN "image_media_id"`);
  }
}
