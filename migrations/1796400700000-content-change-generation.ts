import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose changes alter what anonymous reads return, written outside the change journal or through it. */
const WATCHED_TABLES = ['content_journal', 'media', 'taxonomy_terms', 'commune_settings'];

/**
 * What the response cache (src/cache) learns content changes from, in PostgreSQL itself so that every
 * instance on the database learns of every change, whoever made it:
 * - `content_change_generation`, one row whose counter goes up once per transaction that appends to the
 *   change journal or changes media, taxonomy terms or the commune settings (the cheap head check an
 *   instance reads when its LISTEN connection is down);
 * - a `NOTIFY parvis_content` from the same transaction, delivered to every listener at commit.
 * The triggers are deferred to the commit, so the counter's row lock is held only while committing.
 */
export class ContentChangeGeneration1796400700000 implements MigrationInterface {
  name = 'ContentChangeGeneration1796400700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "content_change_generation" (
      "id" boolean NOT NULL DEFAULT true, "generation" bigint NOT NULL DEFAULT 0,
      CONSTRAINT "pk_content_change_generation" PRIMARY KEY ("id"), CONSTRAINT "ck_content_change_generation_one_row" CHECK ("id"))`);
    await queryRunner.query(`INSERT INTO "content_change_generation" DEFAULT VALUES`);
    await queryRunner.query(`CREATE FUNCTION "parvis_content_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Once per transaction, however many rows it changed.
        IF current_setting('parvis.content_changed', true) IS DISTINCT FROM 'on' THEN
          PERFORM set_config('parvis.content_changed', 'on', true);
          UPDATE "content_change_generation" SET "generation" = "generation" + 1;
          PERFORM pg_notify('parvis_content', '');
        END IF;
        RETURN NULL;
      END
    $$`);
    for (const table of WATCHED_TABLES) {
      const events = table === 'content_journal' ? 'INSERT' : 'INSERT OR UPDATE OR DELETE';
      await queryRunner.query(`CREATE CONSTRAINT TRIGGER "tr_${table}_content_changed" AFTER ${events} ON "${table}"
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "parvis_content_changed"()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of WATCHED_TABLES) await queryRunner.query(`DROP TRIGGER "tr_${table}_content_changed" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "parvis_content_changed"()`);
    await queryRunner.query(`DROP TABLE "content_change_generation"`);
  }
}
