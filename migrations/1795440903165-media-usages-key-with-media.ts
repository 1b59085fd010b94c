import { MigrationInterface, QueryRunner } from 'typeorm';

export class MediaUsagesKeyWithMedia1795440903165 implements MigrationInterface {
  name = 'MediaUsagesKeyWithMedia1795440903165';

  // A Markdown field (`body`) may show several files: the file is part of the key. Links written in
  // bodies before this version are recorded at the item's next write.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "media_usages" DROP CONSTRAINT "pk_media_usages"`);
    await queryRunner.query(`ALTER TABLE "media_usages" ADD CONSTRAINT "pk_media_usages" PRIMARY KEY ("content_type", "content_id", "field", "media_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "media_usages" DROP CONSTRAINT "pk_media_usages"`);
    await queryRunner.query(`ALTER TABLE "media_usages" ADD CONSTRAINT "pk_media_usages" PRIMARY KEY ("content_type", "content_id", "field")`);
  }
}
