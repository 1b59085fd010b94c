import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys for machines (src/api-keys): the keys (only the SHA-256 of each secret), the key a content
 * change or a staff event was made with (change journal, audit trail), and the audit kinds of key
 * administration.
 */
export class ApiKeys1796400500000 implements MigrationInterface {
  name = 'ApiKeys1796400500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const kind of ['api_key_create', 'api_key_revoke']) {
      await queryRunner.query(`ALTER TYPE "public"."audit_event_kind" ADD VALUE IF NOT EXISTS '${kind}'`);
    }
    await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "prefix" character varying(16) NOT NULL, "token_hash" character(64) NOT NULL, "role" character varying(20), "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_api_keys_role" CHECK ("role" IS NULL OR "role" IN ('admin', 'editor', 'contributor')), CONSTRAINT "pk_api_keys" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_token_hash" ON "api_keys" ("token_hash")`);
    await queryRunner.query(`CREATE INDEX "ix_api_keys_created_by_id" ON "api_keys" ("created_by_id")`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "fk_api_keys_created_by" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // No foreign key, like actor_id: the journal outlives what it names.
    await queryRunner.query(`ALTER TABLE "content_journal" ADD "api_key_id" uuid`);
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "api_key_id" uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "api_key_id"`);
    await queryRunner.query(`ALTER TABLE "content_journal" DROP COLUMN "api_key_id"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    // The audit kinds stay: PostgreSQL cannot drop an enum value, and the audit trail may use them.
  }
}
