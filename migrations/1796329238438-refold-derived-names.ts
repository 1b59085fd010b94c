import { MigrationInterface, QueryRunner } from 'typeorm';
import { fold, sortKey } from '../src/content/french-text';

/** Rows read and written per round trip. */
const BATCH = 500;

export class RefoldDerivedNames1796329238438 implements MigrationInterface {
  name = 'RefoldDerivedNames1796329238438';

  /**
   * The derived columns are recomputed with the one French-text module (src/content/french-text.ts),
   * which changed what some of them hold: punctuation and apostrophes are now spaces in a
   * procedure's sort_title and search_text ("carte d'identite" → "carte d identite"), ß, ø, ł…,
   * "ᵉ" or "²" are folded everywhere, and an association's sort_name skips quotes before a leading
   * article. The service derives them at write time the same way: sort_name = sortKey(name),
   * search_name = fold(name), sort_title = fold(title), search_text = fold(title + " " + summary).
   * Only the derived columns change (not version nor updated_at: the content itself did not), and
   * only on rows whose value differs. Soft-deleted rows too, so a restore finds them right. Slugs are
   * URLs: they are never recomputed.
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    await eachBatch(queryRunner, `SELECT "id", "name" FROM "associations"`, async (rows: { id: string; name: string }[]) => {
      await queryRunner.query(
        `UPDATE "associations" AS a SET "sort_name" = v."sort_name", "search_name" = v."search_name"
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v("id", "sort_name", "search_name")
         WHERE a."id" = v."id" AND (a."sort_name" IS DISTINCT FROM v."sort_name" OR a."search_name" IS DISTINCT FROM v."search_name")`,
        [rows.map((row) => row.id), rows.map((row) => sortKey(row.name)), rows.map((row) => fold(row.name))],
      );
    });
    await eachBatch(queryRunner, `SELECT "id", "title", "summary" FROM "procedures"`,
      async (rows: { id: string; title: string; summary: string | null }[]) => {
        await queryRunner.query(
          `UPDATE "procedures" AS p SET "sort_title" = v."sort_title", "search_text" = v."search_text"
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v("id", "sort_title", "search_text")
           WHERE p."id" = v."id" AND (p."sort_title" IS DISTINCT FROM v."sort_title" OR p."search_text" IS DISTINCT FROM v."search_text")`,
          [rows.map((row) => row.id), rows.map((row) => fold(row.title)), rows.map((row) => fold(`${row.title} ${row.summary ?? ''}`))],
        );
      });
  }

  /**
   * Nothing to undo: the previous code recomputes these columns from name, title and summary at the
   * next write of each row, and searches still find rows meanwhile except across punctuation. The
   * old folding rules are not kept anywhere to restore the exact old values.
   */
  async down(): Promise<void> {
    // Intentionally empty (see above).
  }
}

/** Keyset over the primary key: every row once, whatever the table's size, in batches of BATCH. */
async function eachBatch<Row extends { id: string }>(queryRunner: QueryRunner, select: string,
  handle: (rows: Row[]) => Promise<void>): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows = (after === null
      ? await queryRunner.query(`${select} ORDER BY "id" LIMIT ${BATCH}`)
      : await queryRunner.query(`${select} WHERE "id" > $1 ORDER BY "id" LIMIT ${BATCH}`, [after])) as Row[];
    if (rows.length === 0) return;
    await handle(rows);
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1].id;
  }
}
