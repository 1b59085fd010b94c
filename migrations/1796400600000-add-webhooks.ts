import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks: the endpoints admins register, and the outbox of deliveries fanned out from the change
 * journal (see src/webhooks). A new endpoint starts at the journal's head: it receives what changes
 * after it is registered.
 */
export class AddWebhooks1796400600000 implements MigrationInterface {
  name = 'AddWebhooks1796400600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const kind of ['webhook_create', 'webhook_update', 'webhook_delete', 'webhook_replay']) {
      await queryRunner.query(`ALTER TYPE "public"."audit_event_kind" ADD VALUE IF NOT EXISTS '${kind}'`);
    }
    await queryRunner.query(`CREATE TYPE "public"."webhook_event" AS ENUM('published', 'updated', 'unpublished', 'deleted')`);
    await queryRunner.query(`CREATE TYPE "public"."webhook_delivery_status" AS ENUM('pending', 'delivered', 'failed')`);
    await queryRunner.query(`CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "url" text NOT NULL, "secret" text NOT NULL, "content_types" text array NOT NULL, "events" "public"."webhook_event" array NOT NULL, "active" boolean NOT NULL DEFAULT true, "failing_since" TIMESTAMP WITH TIME ZONE, "last_seq" bigint NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_webhook_endpoints" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "endpoint_id" uuid NOT NULL, "journal_seq" bigint NOT NULL, "event" "public"."webhook_event" NOT NULL, "body" text NOT NULL, "status" "public"."webhook_delivery_status" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT 0, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retry_until" TIMESTAMP WITH TIME ZONE NOT NULL, "lease_until" TIMESTAMP WITH TIME ZONE, "last_status_code" integer, "last_error" text, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_webhook_deliveries_endpoint_seq" ON "webhook_deliveries" ("endpoint_id", "journal_seq")`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_endpoint_time" ON "webhook_deliveries" ("endpoint_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_due" ON "webhook_deliveries" ("next_attempt_at") WHERE status = 'pending'`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_endpoint" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_delivery_status"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_event"`);
    // The audit kinds stay: PostgreSQL cannot drop an enum value, and the audit trail may use them.
  }
}
