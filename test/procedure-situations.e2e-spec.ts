import { ProcedureCostLines1796400400000 } from '../migrations/1796400400000-procedure-cost-lines';
import { loginAs } from './support/auth-helpers';
import { GqlBody, refusalOf } from './support/gql-helpers';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 11, point 6: cost lines and online-service links follow the chosen situation as documents
 * do (one selection rule, checklist.ts), in GraphQL and REST, on the demo sheets; case keys follow
 * one convention, validated; stored costs are migrated to lines.
 */
const CHECKLIST = `query($s: ID!, $c: [String!]) { checklist(sheetId: $s, cases: $c) {
  costs { label caseKeys } onlineServices { name caseKeys } entries { documents { label } } text } }`;
const CREATE = 'mutation($input: CreateProcedureInput!) { createProcedure(input: $input) { id version costs { label caseKeys } onlineServices { name caseKeys } } }';
const UPDATE = 'mutation($id: ID!, $v: Int!, $input: UpdateProcedureInput!) { updateProcedure(id: $id, version: $v, input: $input) { id version costs { label caseKeys } } }';

interface ChecklistShape {
  costs: { label: string; caseKeys: string[] }[];
  onlineServices: { name: string; caseKeys: string[] }[];
  entries: { documents: { label: string }[] }[];
  text: string;
}

const AGE = [{ key: 'majeur', label: 'Majeur', question: 'Âge' }, { key: 'mineur', label: 'Mineur', question: 'Âge' }];
const SITUATION = [
  { key: 'premiere-demande', label: 'Première demande', question: 'Situation' },
  { key: 'perte-vol', label: 'Perte ou vol', question: 'Situation' },
];

describe('procedure sheets: costs and links follow the situation', () => {
  let t: TestApp;
  let editor: string;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp({}, { demo: true });
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  async function checklist(sheet: string, cases: string[]): Promise<ChecklistShape> {
    const res = await t.gql(CHECKLIST, { s: sheet, c: cases });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.checklist;
  }

  function create(input: Record<string, unknown>): Promise<{ body: GqlBody<{ createProcedure: { id: string; version: number } }> }> {
    serial += 1;
    return t.gql(CREATE, { input: { title: `Fiche de test ${serial}`, slug: `fiche-situation-${serial}`, ...input } }, editor);
  }

  describe('on the demo identity-card sheet', () => {
    it('does not list the 25 € of a loss, nor the tax-stamp link, for a first request', async () => {
      const first = await checklist('carte-nationale-identite', ['majeur', 'premiere-demande']);
      expect(first.costs).toEqual([{ label: 'Gratuit', caseKeys: ['premiere-demande', 'renouvellement'] }]);
      expect(first.onlineServices.map((link) => link.name)).not.toContain('Acheter un timbre fiscal électronique');
      expect(first.text).toContain('Coût : Gratuit\n');
      expect(first.text).not.toContain('25 €');
      expect(first.text).not.toContain('timbres.impots.gouv.fr');
    });

    it('lists the 25 € tax stamp, its document and its link after a loss or theft', async () => {
      const lost = await checklist('carte-nationale-identite', ['majeur', 'perte-vol']);
      expect(lost.costs).toEqual([{ label: '25 € (timbre fiscal)', caseKeys: ['perte-vol'] }]);
      expect(lost.onlineServices.map((link) => link.name)).toContain('Acheter un timbre fiscal électronique');
      expect(lost.entries.flatMap((entry) => entry.documents.map((document) => document.label))).toContain('Timbre fiscal de 25 €');
      expect(lost.text).toContain('Coût : 25 € (timbre fiscal)\n');
    });

    it('leaves out the lines of an unanswered question, as for documents', async () => {
      const unanswered = await checklist('carte-nationale-identite', ['majeur']);
      expect(unanswered.costs).toEqual([]);
      expect(unanswered.text).not.toContain('Coût :');
      expect(unanswered.text).toContain('répondez aussi à « Situation »');
    });

    it('gives the same lines through REST, in JSON and as text', async () => {
      const rest = await t.http().get('/api/v1/procedures/carte-nationale-identite/checklist').query({ cases: 'majeur,premiere-demande' }).expect(200);
      expect(rest.body.costs).toEqual([{ label: 'Gratuit', caseKeys: ['premiere-demande', 'renouvellement'] }]);
      expect(rest.body.onlineServices.map((link: { name: string }) => link.name)).not.toContain('Acheter un timbre fiscal électronique');
      const text = await t.http().get('/api/v1/procedures/carte-nationale-identite/checklist')
        .query({ cases: 'majeur,premiere-demande', format: 'text' }).expect(200);
      expect(text.text).toBe((await checklist('carte-nationale-identite', ['majeur', 'premiere-demande'])).text);
      expect(text.text).not.toContain('25 €');
    });

    it('shows every line with its cases on the sheet itself, in GraphQL and REST', async () => {
      const sheet = await t.gql('{ procedure(slug: "carte-nationale-identite") { costs { label caseKeys } onlineServices { name caseKeys } } }');
      expect(sheet.body.data.procedure.costs).toEqual([
        { label: 'Gratuit', caseKeys: ['premiere-demande', 'renouvellement'] },
        { label: '25 € (timbre fiscal)', caseKeys: ['perte-vol'] },
      ]);
      expect(sheet.body.data.procedure.onlineServices).toContainEqual({ name: 'Acheter un timbre fiscal électronique', caseKeys: ['perte-vol'] });
      const rest = await t.http().get('/api/v1/procedures/carte-nationale-identite').expect(200);
      expect(rest.body.costs).toEqual(sheet.body.data.procedure.costs);
      expect(rest.body).not.toHaveProperty('cost');
    });
  });

  it('gives each passport age band its own fee', async () => {
    expect((await checklist('passeport', ['majeur', 'renouvellement'])).costs.map((line) => line.label)).toEqual(['86 € (timbre fiscal)']);
    expect((await checklist('passeport', ['mineur-15-17', 'renouvellement'])).costs.map((line) => line.label)).toEqual(['42 € (timbre fiscal)']);
    expect((await checklist('passeport', ['mineur-moins-15', 'renouvellement'])).costs.map((line) => line.label)).toEqual(['17 € (timbre fiscal)']);
  });

  it('names the demo sheets\' case keys by one convention: kebab-case words, the same answer with the same key, no key beside its own narrower form', async () => {
    const rows: { slug: string; key: string; label: string; question: string }[] = await t.dataSource.query(
      `SELECT p.slug, c.key, c.label, c.question FROM procedure_cases c JOIN procedures p ON p.id = c.procedure_id ORDER BY p.slug, c.position`);
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(row.key).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    // The same label answering the same question has one key on every sheet.
    const keysByAnswer = new Map<string, Set<string>>();
    for (const row of rows) {
      const answer = `${row.question} / ${row.label}`;
      keysByAnswer.set(answer, (keysByAnswer.get(answer) ?? new Set()).add(row.key));
    }
    expect([...keysByAnswer].filter(([, keys]) => keys.size > 1)).toEqual([]);
    expect(rows.filter((row) => row.question === 'Âge').map((row) => `${row.slug}:${row.key}`)).toEqual([
      'carte-nationale-identite:majeur', 'carte-nationale-identite:mineur',
      'passeport:majeur', 'passeport:mineur-15-17', 'passeport:mineur-moins-15',
    ]);
  });

  describe('validation', () => {
    it('refuses cost lines and links naming a case the sheet does not declare, each on its own field', async () => {
      const res = await create({
        cases: [...AGE, ...SITUATION],
        costs: [{ label: 'Gratuit', caseKeys: ['premiere-demande'] }, { label: '25 €', caseKeys: ['perte'] }],
        onlineServices: [{ name: 'Timbre', url: 'https://timbres.impots.gouv.fr', kind: 'ONLINE_SERVICE', caseKeys: ['vol'] }],
      });
      const refusal = refusalOf(res.body);
      expect(refusal.code).toBe('BAD_USER_INPUT');
      expect(refusal.paths).toEqual(['input.costs.1.caseKeys', 'input.onlineServices.0.caseKeys']);
      expect(refusal.messages[0]).toContain('"perte"');
    });

    it('refuses a case key off the convention: not kebab-case, or beside its own narrower form in one question', async () => {
      const badKey = await create({ cases: [{ key: 'Perte_Vol', label: 'Perte ou vol', question: 'Situation' }] });
      expect(refusalOf(badKey.body)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.cases.0.key'] });
      const digitFirst = await create({ cases: [{ key: '15-17', label: '15 à 17 ans', question: 'Âge' }] });
      expect(refusalOf(digitFirst.body)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.cases.0.key'] });
      const overlapping = await create({ cases: [...AGE, { key: 'mineur-15-17', label: 'Mineur de 15 à 17 ans', question: 'Âge' }] });
      expect(refusalOf(overlapping.body)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.cases.2.key'] });
      expect(refusalOf(overlapping.body).messages[0]).toContain('"mineur-15-17" is a narrower form of "mineur"');
    });

    it('checks cost lines sent alone against the current cases, and refuses new cases that drop a case a kept line names', async () => {
      const created = await create({
        cases: [...AGE, ...SITUATION],
        costs: [{ label: 'Gratuit', caseKeys: ['premiere-demande'] }, { label: '25 € (timbre fiscal)', caseKeys: ['perte-vol'] }],
      });
      expect(created.body.errors).toBeUndefined();
      const sheet = created.body.data!.createProcedure;
      const unknown = await t.gql(UPDATE, { id: sheet.id, v: sheet.version, input: { costs: [{ label: '25 €', caseKeys: ['renouvellement'] }] } }, editor);
      expect(refusalOf(unknown.body)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.costs.0.caseKeys'] });
      const dropping = await t.gql(UPDATE, { id: sheet.id, v: sheet.version, input: { cases: [...AGE, SITUATION[0]], documents: [] } }, editor);
      expect(refusalOf(dropping.body)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.costs'] });
      expect(refusalOf(dropping.body).messages[0]).toContain('"perte-vol"');
      const together = await t.gql(UPDATE, {
        id: sheet.id, v: sheet.version, input: { cases: [...AGE, SITUATION[0]], documents: [], costs: [{ label: 'Gratuit', caseKeys: ['premiere-demande'] }] },
      }, editor);
      expect(together.body.errors).toBeUndefined();
      expect(together.body.data.updateProcedure.costs).toEqual([{ label: 'Gratuit', caseKeys: ['premiere-demande'] }]);
    });
  });

  describe('stored data', () => {
    it('migrates a stored cost text to one line for the whole sheet, and gives every stored link empty caseKeys', async () => {
      const created = await create({ costs: [{ label: 'Gratuit' }], onlineServices: [{ name: 'Service', url: 'https://example.fr', kind: 'ONLINE_SERVICE' }] });
      const id = created.body.data!.createProcedure.id;
      const migration = new ProcedureCostLines1796400400000();
      const runner = t.dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        await migration.down(runner);
        await runner.query(`UPDATE procedures SET cost = '25 € en cas de perte', online_services = '[{"name": "Service", "url": "https://example.fr", "kind": "online_service", "cerfaNumber": null}]' WHERE id = $1`, [id]);
        await migration.up(runner);
        const [row] = await runner.query('SELECT costs, online_services FROM procedures WHERE id = $1', [id]);
        await runner.commitTransaction();
        expect(row.costs).toEqual([{ label: '25 € en cas de perte', caseKeys: [] }]);
        expect(row.online_services).toEqual([{ name: 'Service', url: 'https://example.fr', kind: 'online_service', cerfaNumber: null, caseKeys: [] }]);
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    });

    it('splits the cost of a demo sheet still as seeded into the demo\'s lines by case, and makes its tax-stamp link follow the loss', async () => {
      const [{ id }] = await t.dataSource.query(`SELECT id FROM procedures WHERE slug = 'carte-nationale-identite'`);
      const migration = new ProcedureCostLines1796400400000();
      const runner = t.dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        await migration.down(runner);
        await runner.query(`UPDATE procedures SET cost = 'Gratuit ; 25 € (timbre fiscal) en cas de perte ou de vol' WHERE id = $1`, [id]);
        const [before] = await runner.query('SELECT online_services FROM procedures WHERE id = $1', [id]);
        expect(before.online_services.every((link: Record<string, unknown>) => !('caseKeys' in link))).toBe(true);
        await migration.up(runner);
        await runner.commitTransaction();
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
      const first = await checklist('carte-nationale-identite', ['majeur', 'premiere-demande']);
      expect(first.costs).toEqual([{ label: 'Gratuit', caseKeys: ['premiere-demande', 'renouvellement'] }]);
      expect(first.onlineServices.map((link) => link.name)).not.toContain('Acheter un timbre fiscal électronique');
      const lost = await checklist('carte-nationale-identite', ['majeur', 'perte-vol']);
      expect(lost.onlineServices).toContainEqual({ name: 'Acheter un timbre fiscal électronique', caseKeys: ['perte-vol'] });
    });

    it('restores a revision saved before cost lines, its cost text as one line', async () => {
      const created = await create({ summary: 'Résumé.', costs: [{ label: 'Gratuit', caseKeys: [] }] });
      const sheet = created.body.data!.createProcedure;
      // A revision as the previous schema wrote it: `cost` text, no `costs` (revisions are append-only, never migrated).
      await t.dataSource.query(
        `INSERT INTO content_revisions (content_type, content_id, version, operation, snapshot)
         SELECT content_type, content_id, 50, operation, jsonb_set(snapshot, '{fields}', (snapshot->'fields') - 'costs' || '{"cost": "12 € (ancien tarif)"}')
           FROM content_revisions WHERE content_id = $1 AND version = 1`, [sheet.id]);
      const res = await t.gql(`mutation($id: ID!) { restoreContentRevision(type: PROCEDURE, id: $id, version: 1, revision: 50) { version ... on Procedure { costs { label caseKeys } } } }`,
        { id: sheet.id }, editor);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.restoreContentRevision).toEqual({ version: 2, costs: [{ label: '12 € (ancien tarif)', caseKeys: [] }] });
    });
  });
});
