import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change journal records whether each item is public after each change (see
 * ContentJournalEntry), and a new operation, `visibility`, for an item whose public visibility
 * changed through another item (a page's sub-pages when the page is published). Rows written before
 * keep null: the sync feed and webhooks read the item's own state from its revision for them, as
 * before (the journal is append-only: history is not rewritten).
 */
export class JournalPublicVisibility1796400800000 implements MigrationInterface {
  name = 'JournalPublicVisibility1796400800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."content_operation" ADD VALUE IF NOT EXISTS 'visibility'`);
    await queryRunner.query(`ALTER TABLE "content_journal" ADD "is_public" boolean`);
    await queryRunner.query(`ALTER TABLE "content_journal" ADD "public_channels" "public"."channel" array`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "content_journal" DROP COLUMN "public_channels"`);
    await queryRunner.query(`ALTER TABLE "content_journal" DROP COLUMN "is_public"`);
    // The operation stays: PostgreSQL cannot drop an enum value, and journal rows may use it.
  }
}
