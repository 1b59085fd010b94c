import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `procedures.sort_title` in the "C" collation, as the associations' `sort_name` already is: the
 * folded sort key (lower case, no accents) then orders the same on the embedded PostgreSQL and on any
 * server whatever its default locale, and the keyset cursor compares in that same order. The index
 * on (sort_title, id) is rebuilt by the type change.
 */
export class ProcedureSortTitleCollation1796400900000 implements MigrationInterface {
  name = 'ProcedureSortTitleCollation1796400900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "sort_title" TYPE text COLLATE "C"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "sort_title" TYPE text COLLATE "default"`);
  }
}
