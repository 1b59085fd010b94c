import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddMediaFocalPoint1795440066751 implements MigrationInterface {
  name = 'AddMediaFocalPoint1795440066751';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "media" ADD "focal_x" real`);
    await queryRunner.query(`ALTER TABLE "media" ADD "focal_y" real`);
    await queryRunner.query(`ALTER TABLE "media" ADD CONSTRAINT "ck_media_focal_point" CHECK (("focal_x" IS NULL) = ("focal_y" IS NULL) AND "focal_x" BETWEEN 0 AND 1 AND "focal_y" BETWEEN 0 AND 1)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "media" DROP CONSTRAINT "ck_media_focal_point"`);
    await queryRunner.query(`ALTER TABLE "media" DROP COLUMN "focal_y"`);
    await queryRunner.query(`ALTER TABLE "media" DROP COLUMN "focal_x"`);
  }
}
