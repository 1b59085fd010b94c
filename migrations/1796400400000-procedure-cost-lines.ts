import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The demo sheets (src/procedures/procedures.demo.ts) as seeded before cost lines: where a sheet
 * still has the demo's slug AND its exact old cost text (staff never changed it), it gets the
 * demo's new lines by case instead of one line, and the tax-stamp link of the identity card
 * follows the loss or theft case. Text staff edited is left as one line for them to split.
 */
const DEMO_COSTS: { slug: string; old: string; lines: { label: string; caseKeys: string[] }[] }[] = [
  {
    slug: 'carte-nationale-identite', old: 'Gratuit ; 25 € (timbre fiscal) en cas de perte ou de vol',
    lines: [{ label: 'Gratuit', caseKeys: ['premiere-demande', 'renouvellement'] }, { label: '25 € (timbre fiscal)', caseKeys: ['perte-vol'] }],
  },
  {
    slug: 'passeport', old: 'Timbre fiscal : 86 € (majeur), 42 € (mineur de 15 à 17 ans), 17 € (mineur de moins de 15 ans)',
    lines: [
      { label: '86 € (timbre fiscal)', caseKeys: ['majeur'] }, { label: '42 € (timbre fiscal)', caseKeys: ['mineur-15-17'] },
      { label: '17 € (timbre fiscal)', caseKeys: ['mineur-moins-15'] },
    ],
  },
  {
    slug: 'cession-vehicule', old: 'Déclaration de cession gratuite ; la nouvelle carte grise est payante pour l\'acheteur',
    lines: [
      { label: 'Déclaration de cession gratuite', caseKeys: ['vendeur'] },
      { label: 'Nouvelle carte grise payante (selon le véhicule et la région, vérifier sur service-public.fr)', caseKeys: ['acheteur'] },
    ],
  },
  {
    slug: 'carte-acces-decheterie', old: 'Gratuit pour les particuliers ; dépôts des professionnels facturés (vérifier)',
    lines: [
      { label: 'Gratuit', caseKeys: ['particulier'] },
      { label: 'Dépôts facturés selon le volume (vérifier auprès de la Communauté de communes)', caseKeys: ['professionnel'] },
    ],
  },
];

export class ProcedureCostLines1796400400000 implements MigrationInterface {
  name = 'ProcedureCostLines1796400400000';

  /**
   * A procedure sheet's cost becomes a list of lines that follow the resident's situation as
   * documents do (`costs`: `[{ label, caseKeys }]`), and each online-service link gets the same
   * `caseKeys`. Existing data keeps its meaning: a sheet's `cost` text becomes one line for the
   * whole sheet (staff then split it by case), and every link is for the whole sheet, except the
   * demo sheets still as seeded, which get the demo's lines by case (DEMO_COSTS). Case keys
   * themselves keep their format (kebab-case, already enforced by ck_procedure_cases_key). What
   * residents read does not change (the demo split only orders what the old text said by case): no
   * version, revision or journal row. Old revisions keep their
   * `cost` (they are append-only); a restore reads them through `upgradeProcedureSnapshot`.
   */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "procedures" ADD "costs" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(
      `UPDATE "procedures" SET "costs" = jsonb_build_array(jsonb_build_object('label', btrim("cost"), 'caseKeys', '[]'::jsonb))
        WHERE "cost" IS NOT NULL AND btrim("cost") <> ''`,
    );
    await queryRunner.query(
      `UPDATE "procedures" SET "online_services" = (
         SELECT coalesce(jsonb_agg(CASE WHEN link ? 'caseKeys' THEN link ELSE link || '{"caseKeys": []}'::jsonb END ORDER BY position), '[]'::jsonb)
           FROM jsonb_array_elements("online_services") WITH ORDINALITY AS links(link, position))
        WHERE jsonb_array_length("online_services") > 0`,
    );
    for (const demo of DEMO_COSTS) {
      // Only when every case the lines name is still a case of the sheet.
      await queryRunner.query(
        `UPDATE "procedures" AS p SET "costs" = $3::jsonb
          WHERE p."slug" = $1 AND p."cost" = $2 AND p."deleted_at" IS NULL
            AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements($3::jsonb) AS line, jsonb_array_elements_text(line->'caseKeys') AS key
                             WHERE NOT EXISTS (SELECT 1 FROM "procedure_cases" c WHERE c."procedure_id" = p."id" AND c."key" = key))`,
        [demo.slug, demo.old, JSON.stringify(demo.lines)],
      );
    }
    await queryRunner.query(
      `UPDATE "procedures" AS p SET "online_services" = (
         SELECT jsonb_agg(CASE WHEN link->>'url' = 'https://timbres.impots.gouv.fr' THEN link || '{"caseKeys": ["perte-vol"]}'::jsonb ELSE link END ORDER BY position)
           FROM jsonb_array_elements(p."online_services") WITH ORDINALITY AS links(link, position))
        WHERE p."slug" = 'carte-nationale-identite' AND p."cost" = $1 AND p."deleted_at" IS NULL
          AND EXISTS (SELECT 1 FROM "procedure_cases" c WHERE c."procedure_id" = p."id" AND c."key" = 'perte-vol')`,
      [DEMO_COSTS[0].old],
    );
    await queryRunner.query(`ALTER TABLE "procedures" DROP COLUMN "cost"`);
    await queryRunner.query(`ALTER TABLE "procedures" ADD CONSTRAINT "ck_procedures_costs" CHECK (jsonb_typeof("costs") = 'array')`);
  }

  /** Back to one text: the lines joined with " ; " (which case each was for is lost). */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "procedures" DROP CONSTRAINT "ck_procedures_costs"`);
    await queryRunner.query(`ALTER TABLE "procedures" ADD "cost" text`);
    await queryRunner.query(
      `UPDATE "procedures" SET "cost" = (SELECT string_agg(line->>'label', ' ; ' ORDER BY position)
                                           FROM jsonb_array_elements("costs") WITH ORDINALITY AS lines(line, position))
        WHERE jsonb_array_length("costs") > 0`,
    );
    await queryRunner.query(
      `UPDATE "procedures" SET "online_services" = (
         SELECT coalesce(jsonb_agg(link - 'caseKeys' ORDER BY position), '[]'::jsonb)
           FROM jsonb_array_elements("online_services") WITH ORDINALITY AS links(link, position))
        WHERE jsonb_array_length("online_services") > 0`,
    );
    await queryRunner.query(`ALTER TABLE "procedures" DROP COLUMN "costs"`);
  }
}
