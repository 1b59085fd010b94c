import { RequestContext } from '../src/common/request-context';
import { DEMO_PROCEDURES, seedDemoProcedures } from '../src/procedures/procedures.demo';
import { ProceduresService } from '../src/procedures/procedures.service';
import { DEMO_TERMS } from '../src/taxonomy/taxonomy.demo';
import { TaxonomyService } from '../src/taxonomy/taxonomy.service';
import { Vocabulary } from '../src/taxonomy/vocabulary';
import { slugify } from '../src/content/slug';
import { loginAs } from './support/auth-helpers';
import { createItem, createTerm, journalOf, PROCEDURE, publishItem, tryCreate } from './support/content-factories';
import { refusalOf } from './support/gql-helpers';
import { countQueries } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';

const SHEET_FIELDS = `id slug title status version audiences summary explanationHtml costs { label caseKeys } processingTime legalReferences lastReviewedOn
  whereToGo { kind officeName address openingHours }
  onlineServices { name url kind cerfaNumber }
  theme { slug label }
  cases { key label question position }
  questions { question cases { key } }
  documents { label note form quantity requirement condition oneOfGroup position caseKeys }
  relatedProcedureIds`;

const CHECKLIST_FIELDS = `selectedCases { key } unansweredQuestions costs { label } text
  whereToGo { kind officeName } onlineServices { name cerfaNumber }
  entries { oneOfGroup documents { label position } }`;

interface Sheet {
  id: string;
  slug: string;
  version: number;
}

interface Entry {
  oneOfGroup: string | null;
  documents: { label: string }[];
}

/** An identity-card sheet shaped like the demo one: two questions, case-specific documents, one "one of" group. */
function identityCardInput(slug: string, themeId?: string): Record<string, unknown> {
  return {
    title: 'Carte nationale d\'identité',
    slug,
    themeId,
    summary: 'Demander ou renouveler une carte d\'identité.',
    explanation: '## Pré-demande\n\nFaites la **pré-demande** en ligne.',
    whereToGo: { kind: 'OTHER_OFFICE', officeName: 'Mairie de Fourmies', openingHours: 'Sur rendez-vous' },
    costs: [{ label: 'Gratuit', caseKeys: ['premiere-demande', 'renouvellement'] }, { label: '25 € (timbre fiscal)', caseKeys: ['perte-vol'] }],
    processingTime: 'Plusieurs semaines',
    onlineServices: [{ name: 'Pré-demande en ligne', url: 'https://ants.gouv.fr', kind: 'ONLINE_SERVICE' },
      { name: 'Formulaire papier', url: 'https://www.service-public.fr/particuliers/vosdroits/R11200', kind: 'FORM', cerfaNumber: '12100*03' }],
    legalReferences: ['Décret n° 55-1397 du 22 octobre 1955'],
    lastReviewedOn: '2026-01-15',
    cases: [
      { key: 'majeur', label: 'Majeur', question: 'Âge' },
      { key: 'mineur', label: 'Mineur', question: 'Âge' },
      { key: 'premiere-demande', label: 'Première demande', question: 'Situation' },
      { key: 'renouvellement', label: 'Renouvellement', question: 'Situation' },
      { key: 'perte-vol', label: 'Perte ou vol', question: 'Situation' },
    ],
    documents: [
      { label: 'Photo d\'identité', note: 'de moins de 6 mois' },
      { label: 'Ancienne carte d\'identité', caseKeys: ['renouvellement'] },
      { label: 'Timbre fiscal de 25 €', caseKeys: ['perte-vol'] },
      { label: 'Pièce d\'identité du parent qui fait la demande', caseKeys: ['mineur'] },
      { label: 'Déclaration de perte ou de vol', caseKeys: ['perte-vol'] },
      { label: 'Passeport valide', oneOfGroup: 'justificatif-etat-civil', caseKeys: ['premiere-demande', 'perte-vol'] },
      { label: 'Acte de naissance', note: 'de moins de 3 mois', oneOfGroup: 'justificatif-etat-civil', caseKeys: ['premiere-demande', 'perte-vol'] },
      { label: 'Justificatif de domicile', note: 'de moins de 1 an', form: 'ORIGINAL_AND_COPY' },
      { label: 'Attestation d\'hébergement', requirement: 'CONDITIONAL', condition: 'si vous êtes hébergé', quantity: 1 },
      { label: 'Jugement fixant la résidence de l\'enfant', form: 'COPY', requirement: 'CONDITIONAL', condition: 'si les parents sont séparés', caseKeys: ['mineur'] },
    ],
  };
}

describe('procedure sheets', () => {
  let t: TestApp;
  let editor: string;
  let identityThemeId: string;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
    identityThemeId = (await createTerm(t, editor, 'PROCEDURE_THEME', 'Identité')).id;
  });
  afterAll(() => t.close());

  // The lifecycle every type shares (drafts hidden, versions, rights, unpublish, delete…) is in content-lifecycle.e2e-spec.ts.
  const create = (input: Record<string, unknown>): Promise<Sheet> => createItem(t, editor, PROCEDURE, input, { fields: 'id slug version' });
  const publish = (sheet: Sheet): Promise<Sheet> => publishItem(t, editor, PROCEDURE, sheet, { fields: 'id slug version status' });

  async function refusal(input: Record<string, unknown>): Promise<{ code: string; paths: string[] }> {
    const body = await tryCreate(t, editor, PROCEDURE, input);
    expect(body.data).toBeNull();
    const { code, paths } = refusalOf(body);
    return { code, paths };
  }

  async function checklist(sheetId: string, cases: string[]): Promise<{ body: { data: { checklist: { entries: Entry[] } & Record<string, unknown> } | null; errors?: { extensions: { code: string; fields: { path: string; message: string }[] } }[] } }> {
    return t.gql(`query($s: ID!, $c: [String!]) { checklist(sheetId: $s, cases: $c) { ${CHECKLIST_FIELDS} } }`, { s: sheetId, c: cases });
  }

  const entryLabels = (entries: Entry[]): (string | string[])[] =>
    entries.map((entry) => (entry.oneOfGroup ? entry.documents.map((d) => d.label) : entry.documents[0].label));

  describe('creating and reading', () => {
    it('creates a sheet with its cases and documents and reads it back, through GraphQL and REST', async () => {
      const sheet = await create(identityCardInput('cni-lecture', identityThemeId));
      const res = await t.gql(`query($slug: String) { procedure(slug: $slug) { ${SHEET_FIELDS} } }`, { slug: 'cni-lecture' }, editor);
      expect(res.body.errors).toBeUndefined();
      const read = res.body.data.procedure;
      expect(read).toMatchObject({
        id: sheet.id, status: 'DRAFT', version: 1, audiences: ['INDIVIDUALS'], lastReviewedOn: '2026-01-15',
        whereToGo: { kind: 'OTHER_OFFICE', officeName: 'Mairie de Fourmies', address: null, openingHours: 'Sur rendez-vous' },
        onlineServices: [{ kind: 'ONLINE_SERVICE', cerfaNumber: null }, { kind: 'FORM', cerfaNumber: '12100*03' }],
        theme: { slug: 'identite', label: 'Identité' },
        questions: [{ question: 'Âge', cases: [{ key: 'majeur' }, { key: 'mineur' }] },
          { question: 'Situation', cases: [{ key: 'premiere-demande' }, { key: 'renouvellement' }, { key: 'perte-vol' }] }],
        relatedProcedureIds: [],
      });
      expect(read.explanationHtml).toContain('<strong>pré-demande</strong>');
      expect(read.cases.map((c: { key: string; position: number }) => [c.key, c.position]))
        .toEqual([['majeur', 0], ['mineur', 1], ['premiere-demande', 2], ['renouvellement', 3], ['perte-vol', 4]]);
      expect(read.documents).toHaveLength(10);
      expect(read.documents[0]).toEqual({
        label: 'Photo d\'identité', note: 'de moins de 6 mois', form: 'ORIGINAL', quantity: 1, requirement: 'MANDATORY',
        condition: null, oneOfGroup: null, position: 0, caseKeys: [],
      });
      expect(read.documents[9]).toMatchObject({ form: 'COPY', requirement: 'CONDITIONAL', condition: 'si les parents sont séparés', caseKeys: ['mineur'] });
      expect(read.documents[5]).toMatchObject({ oneOfGroup: 'justificatif-etat-civil', caseKeys: ['premiere-demande', 'perte-vol'] });

      await t.http().get('/api/v1/procedures/cni-lecture').expect(404);
      await publish(sheet);
      const rest = await t.http().get('/api/v1/procedures/cni-lecture').expect(200);
      expect(rest.body).toMatchObject({ id: sheet.id, status: 'PUBLISHED', theme: { slug: 'identite' }, whereToGo: { kind: 'OTHER_OFFICE' } });
      expect(rest.body.documents.map((d: { label: string }) => d.label)).toEqual(read.documents.map((d: { label: string }) => d.label));
      const byId = await t.http().get(`/api/v1/procedures/${sheet.id}`).expect(200);
      expect(byId.body.slug).toBe('cni-lecture');
    });

    it('hides a draft from the public, its checklist included', async () => {
      const draft = await create(identityCardInput('cni-brouillon'));
      expect((await t.gql('{ procedure(slug: "cni-brouillon") { id } }')).body.data.procedure).toBeNull();
      const res = await checklist(draft.id, ['majeur']);
      expect(res.body.errors?.[0].extensions.code).toBe('NOT_FOUND');
      await t.http().get('/api/v1/procedures/cni-brouillon/checklist').expect(404);
    });

    it('keeps a web-only sheet off the kiosk, its checklist included', async () => {
      const sheet = await publish(await create({ title: 'Seulement web', slug: 'seulement-web', summary: 'Web', channels: ['WEB'] }));
      expect((await t.gql('{ procedure(slug: "seulement-web", channel: KIOSK) { id } }')).body.data.procedure).toBeNull();
      expect((await t.gql('{ procedure(slug: "seulement-web", channel: WEB) { id } }')).body.data.procedure).toEqual({ id: sheet.id });
      const kiosk = await t.gql('{ checklist(sheetId: "seulement-web", channel: KIOSK) { text } }');
      expect(kiosk.body.errors[0].extensions.code).toBe('NOT_FOUND');
      await t.http().get('/api/v1/procedures/seulement-web/checklist').query({ channel: 'kiosk' }).expect(404);
      const list = await t.http().get('/api/v1/procedures').query({ channel: 'kiosk', search: 'seulement web' }).expect(200);
      expect(list.body.totalCount).toBe(0);
    });

    it('refuses to publish a sheet without a summary', async () => {
      const sheet = await create({ title: 'Sans résumé' });
      const res = await t.gql('mutation($id: ID!) { publishProcedure(id: $id, version: 1) { id } }', { id: sheet.id }, editor);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'summary' }] });
    });
  });

  describe('checklist', () => {
    let cni: Sheet;

    beforeAll(async () => {
      cni = await publish(await create(identityCardInput('cni-checklist', identityThemeId)));
    });

    it('gives an adult first request and a minor after loss or theft different lists, in the sheet order', async () => {
      const adult = await checklist(cni.slug, ['majeur', 'premiere-demande']);
      expect(adult.body.errors).toBeUndefined();
      expect(entryLabels(adult.body.data!.checklist.entries)).toEqual([
        'Photo d\'identité',
        ['Passeport valide', 'Acte de naissance'],
        'Justificatif de domicile',
        'Attestation d\'hébergement',
      ]);
      const minor = await checklist(cni.id, ['perte-vol', 'mineur']);
      expect(entryLabels(minor.body.data!.checklist.entries)).toEqual([
        'Photo d\'identité',
        'Timbre fiscal de 25 €',
        'Pièce d\'identité du parent qui fait la demande',
        'Déclaration de perte ou de vol',
        ['Passeport valide', 'Acte de naissance'],
        'Justificatif de domicile',
        'Attestation d\'hébergement',
        'Jugement fixant la résidence de l\'enfant',
      ]);
      expect(minor.body.data!.checklist).toMatchObject({
        selectedCases: [{ key: 'mineur' }, { key: 'perte-vol' }], unansweredQuestions: [],
        costs: [{ label: '25 € (timbre fiscal)' }], whereToGo: { kind: 'OTHER_OFFICE', officeName: 'Mairie de Fourmies' },
        onlineServices: [{ name: 'Pré-demande en ligne', cerfaNumber: null }, { name: 'Formulaire papier', cerfaNumber: '12100*03' }],
      });
    });

    it('lists only the whole-sheet documents and names the questions left unanswered', async () => {
      const res = await checklist(cni.slug, []);
      expect(entryLabels(res.body.data!.checklist.entries)).toEqual(['Photo d\'identité', 'Justificatif de domicile', 'Attestation d\'hébergement']);
      expect(res.body.data!.checklist.unansweredQuestions).toEqual(['Âge', 'Situation']);
    });

    it('gives the same list through REST, cases given comma-separated', async () => {
      const rest = await t.http().get(`/api/v1/procedures/${cni.slug}/checklist`).query({ cases: 'mineur,perte-vol' }).expect(200);
      const gql = await checklist(cni.slug, ['mineur', 'perte-vol']);
      expect(entryLabels(rest.body.entries)).toEqual(entryLabels(gql.body.data!.checklist.entries));
      expect(rest.body.procedure).toMatchObject({ id: cni.id, slug: 'cni-checklist' });
      expect(rest.body.text).toBe(gql.body.data!.checklist.text);
    });

    it('prints a plain-text tick-list with format=text', async () => {
      const res = await t.http().get(`/api/v1/procedures/${cni.id}/checklist`).query({ cases: 'majeur,renouvellement', format: 'text' }).expect(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.text.split('\n')).toEqual([
        'Carte nationale d\'identité',
        '',
        'Votre situation : Âge : Majeur ; Situation : Renouvellement',
        '',
        'Documents à apporter :',
        '☐ Photo d\'identité de moins de 6 mois (original, 1)',
        '☐ Ancienne carte d\'identité (original, 1)',
        '☐ Justificatif de domicile de moins de 1 an (original et copie, 1)',
        '☐ Attestation d\'hébergement (original, 1) — si vous êtes hébergé',
        '',
        'Où : Mairie de Fourmies (horaires : Sur rendez-vous)',
        'Coût : Gratuit',
        'Délai : Plusieurs semaines',
        'En ligne :',
        '- Pré-demande en ligne : https://ants.gouv.fr',
        '- Formulaire papier (cerfa n° 12100*03) : https://www.service-public.fr/particuliers/vosdroits/R11200',
        '',
      ]);
    });

    it('refuses a case the sheet does not have', async () => {
      const res = await checklist(cni.slug, ['majeur', 'retraite']);
      expect(res.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0].extensions.fields).toEqual([{ path: 'cases', message: expect.stringContaining('"retraite"') }]);
      const rest = await t.http().get(`/api/v1/procedures/${cni.slug}/checklist`).query({ cases: 'retraite' }).expect(400);
      expect(rest.body).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ path: 'cases' }] });
    });

    it('refuses two answers to the same question', async () => {
      const res = await checklist(cni.slug, ['majeur', 'renouvellement', 'perte-vol']);
      expect(res.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0].extensions.fields).toEqual([{ path: 'cases', message: expect.stringContaining('"Situation"') }]);
    });

    it('refuses a malformed sheet reference and an unknown format', async () => {
      await t.http().get('/api/v1/procedures/Pas%20Bon/checklist').expect(400);
      const res = await t.http().get(`/api/v1/procedures/${cni.slug}/checklist`).query({ format: 'pdf' }).expect(400);
      expect(res.body.errors[0].path).toBe('format');
    });
  });

  describe('validation', () => {
    it('names the document that refers to an unknown case key', async () => {
      const input = identityCardInput('cni-cle-inconnue');
      (input.documents as Record<string, unknown>[])[2].caseKeys = ['perte-ou-vol'];
      expect(await refusal(input)).toEqual({ code: 'BAD_USER_INPUT', paths: ['input.documents.2.caseKeys'] });
    });

    it('refuses duplicate case keys and duplicate labels within a question', async () => {
      const input = identityCardInput('cni-doublons');
      (input.cases as Record<string, unknown>[]).push({ key: 'majeur', label: 'Adulte', question: 'Âge' }, { key: 'adulte', label: 'Mineur', question: 'Âge' });
      expect(await refusal(input)).toEqual({ code: 'BAD_USER_INPUT', paths: ['input.cases.5.key', 'input.cases.6.label'] });
    });

    it('refuses a malformed CERFA number and a non-https address', async () => {
      const result = await refusal({
        title: 'Formulaires',
        onlineServices: [{ name: 'Formulaire', url: 'https://example.fr/f', kind: 'FORM', cerfaNumber: '13753-04' },
          { name: 'Service', url: 'http://example.fr/s' }],
      });
      expect(result).toEqual({ code: 'BAD_USER_INPUT', paths: ['input.onlineServices.0.cerfaNumber', 'input.onlineServices.1.url'] });
    });

    it('refuses a conditional document without its condition, a lone "one of", a bad quantity, another office without a name', async () => {
      const result = await refusal({
        title: 'Incohérente',
        whereToGo: { kind: 'OTHER_OFFICE' },
        documents: [{ label: 'A', requirement: 'CONDITIONAL' }, { label: 'B', oneOfGroup: 'seul' }],
      });
      expect(result.paths.sort()).toEqual(['input.documents.0.condition', 'input.documents.1.oneOfGroup', 'input.whereToGo.officeName']);
      expect((await refusal({ title: 'Trop', documents: [{ label: 'A', quantity: 11 }] })).paths).toEqual(['input.documents.0.quantity']);
    });

    it('refuses a theme from another list, an unknown related sheet and an impossible date', async () => {
      const category = await createTerm(t, editor, 'CATEGORY', 'Sport');
      expect((await refusal({ title: 'Thème', themeId: category.id })).paths).toEqual(['input.themeId']);
      expect((await refusal({ title: 'Lien', relatedProcedureIds: ['00000000-0000-4000-8000-000000000000'] })).paths)
        .toEqual(['input.relatedProcedureIds.0']);
      expect((await refusal({ title: 'Date', lastReviewedOn: '2026-02-30' })).paths).toEqual(['input.lastReviewedOn']);
    });

    it('writes nothing when a sheet is refused', async () => {
      const input = identityCardInput('cni-rien-ecrit');
      (input.documents as Record<string, unknown>[])[0].caseKeys = ['inconnue'];
      await refusal(input);
      const [row] = await t.dataSource.query("SELECT count(*)::int AS n FROM procedures WHERE slug = 'cni-rien-ecrit'");
      expect(row.n).toBe(0);
    });
  });

  describe('updating', () => {
    const UPDATE = 'mutation($id: ID!, $v: Int!, $input: UpdateProcedureInput!) { updateProcedure(id: $id, version: $v, input: $input) { version title } }';

    async function children(id: string): Promise<{ cases: string[]; documents: string[]; links: number }> {
      const cases = await t.dataSource.query('SELECT key FROM procedure_cases WHERE procedure_id = $1 ORDER BY position', [id]);
      const documents = await t.dataSource.query('SELECT label FROM procedure_documents WHERE procedure_id = $1 ORDER BY position', [id]);
      const [links] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM procedure_document_cases l JOIN procedure_documents d ON d.id = l.document_id WHERE d.procedure_id = $1', [id]);
      return { cases: cases.map((row: { key: string }) => row.key), documents: documents.map((row: { label: string }) => row.label), links: links.n };
    }

    it('replaces cases and documents as a whole', async () => {
      const sheet = await create(identityCardInput('cni-remplace'));
      const res = await t.gql(UPDATE, { id: sheet.id, v: 1, input: {
        cases: [{ key: 'premiere', label: 'Première demande', question: 'Situation' }, { key: 'autre', label: 'Autre', question: 'Situation' }],
        documents: [{ label: 'Photo' }, { label: 'Formulaire', caseKeys: ['premiere'] }],
        costs: [],
      } }, editor);
      expect(res.body.data.updateProcedure.version).toBe(2);
      expect(await children(sheet.id)).toEqual({ cases: ['premiere', 'autre'], documents: ['Photo', 'Formulaire'], links: 1 });
    });

    it('checks documents sent alone against the current cases, and refuses cases sent without documents', async () => {
      const sheet = await create(identityCardInput('cni-documents-seuls'));
      const ok = await t.gql(UPDATE, { id: sheet.id, v: 1, input: { documents: [{ label: 'Timbre', caseKeys: ['perte-vol'] }] } }, editor);
      expect(ok.body.errors).toBeUndefined();
      expect(await children(sheet.id)).toMatchObject({ cases: ['majeur', 'mineur', 'premiere-demande', 'renouvellement', 'perte-vol'], documents: ['Timbre'], links: 1 });
      const refused = await t.gql(UPDATE, { id: sheet.id, v: 2, input: { cases: [] } }, editor);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.documents' }] });
      const unknown = await t.gql(UPDATE, { id: sheet.id, v: 2, input: { documents: [{ label: 'X', caseKeys: ['nope'] }] } }, editor);
      expect(unknown.body.errors[0].extensions.fields).toEqual([{ path: 'input.documents.0.caseKeys', message: expect.any(String) }]);
    });

    it('refuses an update with a stale version and leaves the sheet, its cases and its documents untouched', async () => {
      const sheet = await create(identityCardInput('cni-concurrence'));
      const first = await t.gql(UPDATE, { id: sheet.id, v: 1, input: { title: 'CNI' } }, editor);
      expect(first.body.data.updateProcedure.version).toBe(2);
      const before = await children(sheet.id);
      const stale = await t.gql(UPDATE, { id: sheet.id, v: 1, input: {
        title: 'Écrasé', cases: [{ key: 'seul', label: 'Seul', question: 'Q' }], documents: [{ label: 'Rien' }],
      } }, editor);
      expect(stale.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      const [row] = await t.dataSource.query('SELECT title, version FROM procedures WHERE id = $1', [sheet.id]);
      expect(row).toEqual({ title: 'CNI', version: 2 });
      expect(await children(sheet.id)).toEqual(before);
      expect(before.documents).toHaveLength(10);
      expect(await journalOf(t, sheet.id)).toEqual(['create', 'update']);
    });
  });

  describe('related sheets and lists', () => {
    it('resolves a relation from both sheets, hiding drafts from the public', async () => {
      const nonPledge = await publish(await create({ title: 'Certificat de non-gage', slug: 'non-gage-test', summary: 'Certificat de situation administrative' }));
      const draft = await create({ title: 'Brouillon lié', slug: 'brouillon-lie' });
      const sale = await publish(await create({
        title: 'Cession de véhicule', slug: 'cession-test', summary: 'Vendre son véhicule', relatedProcedureIds: [nonPledge.id, draft.id],
      }));
      const query = 'query($slug: String) { procedure(slug: $slug) { relatedProcedureIds relatedProcedures { slug title } } }';
      const fromSale = await t.gql(query, { slug: 'cession-test' });
      expect(fromSale.body.data.procedure).toEqual({ relatedProcedureIds: [nonPledge.id, draft.id], relatedProcedures: [{ slug: 'non-gage-test', title: 'Certificat de non-gage' }] });
      const fromNonPledge = await t.gql(query, { slug: 'non-gage-test' });
      expect(fromNonPledge.body.data.procedure).toEqual({ relatedProcedureIds: [], relatedProcedures: [{ slug: 'cession-test', title: 'Cession de véhicule' }] });
      const staff = await t.gql(query, { slug: 'cession-test' }, editor);
      expect(staff.body.data.procedure.relatedProcedures.map((p: { slug: string }) => p.slug)).toEqual(['non-gage-test', 'brouillon-lie']);
      const rest = await t.http().get('/api/v1/procedures/non-gage-test').expect(200);
      expect(rest.body.relatedProcedures).toEqual([{ id: sale.id, slug: 'cession-test', title: 'Cession de véhicule' }]);
    });

    it('refuses to relate a sheet to itself', async () => {
      const sheet = await create({ title: 'Narcisse' });
      const res = await t.gql('mutation($id: ID!) { updateProcedure(id: $id, version: 1, input: { relatedProcedureIds: [$id] }) { id } }', { id: sheet.id }, editor);
      expect(res.body.errors[0].extensions.fields).toEqual([{ path: 'input.relatedProcedureIds.0', message: expect.any(String) }]);
    });

    it('sorts by title with accents aside and filters by theme, audience and accent-free search', async () => {
      const themeId = (await createTerm(t, editor, 'PROCEDURE_THEME', 'Élections tri')).id;
      for (const title of ['Élections européennes', 'Déchetterie tri', 'Enfance tri', 'Ecole tri']) {
        await publish(await create({ title, summary: `Résumé ${title}`, themeId, audiences: title === 'Déchetterie tri' ? ['INDIVIDUALS', 'BUSINESSES'] : ['INDIVIDUALS'] }));
      }
      const list = await t.gql('query($theme: String) { procedures(theme: $theme) { totalCount edges { node { title } } } }', { theme: 'elections-tri' });
      expect(list.body.data.procedures.edges.map((e: { node: { title: string } }) => e.node.title))
        .toEqual(['Déchetterie tri', 'Ecole tri', 'Élections européennes', 'Enfance tri']);
      const byId = await t.gql('query($theme: String) { procedures(theme: $theme) { totalCount } }', { theme: themeId });
      expect(byId.body.data.procedures.totalCount).toBe(4);
      const businesses = await t.gql('query($theme: String) { procedures(theme: $theme, audience: BUSINESSES) { edges { node { title } } } }', { theme: themeId });
      expect(businesses.body.data.procedures.edges).toEqual([{ node: { title: 'Déchetterie tri' } }]);
      const search = await t.http().get('/api/v1/procedures').query({ search: 'ELECTIONS europeennes' }).expect(200);
      expect(search.body.data.map((p: { title: string }) => p.title)).toEqual(['Élections européennes']);
      const paged = await t.gql('query($theme: String, $after: String) { procedures(theme: $theme, first: 3, after: $after) { pageInfo { endCursor hasNextPage } edges { node { title } } } }', { theme: themeId });
      const next = await t.gql('query($theme: String, $after: String) { procedures(theme: $theme, first: 3, after: $after) { pageInfo { hasNextPage } edges { node { title } } } }',
        { theme: themeId, after: paged.body.data.procedures.pageInfo.endCursor });
      expect(next.body.data.procedures.edges).toEqual([{ node: { title: 'Enfance tri' } }]);
    });

    it('loads cases, documents, theme and related sheets of a whole list with a constant number of queries', async () => {
      const themeId = (await createTerm(t, editor, 'PROCEDURE_THEME', 'Lot')).id;
      // Each sheet of the list links to a sheet outside it, so related sheets never come from the loaders' cache.
      for (let i = 0; i < 8; i++) {
        const annex = await publish(await create({ title: `Annexe ${i}`, summary: 'Annexe', themeId: identityThemeId }));
        await publish(await create({ ...identityCardInput(`lot-${i}`, themeId), title: `Lot ${i}`, relatedProcedureIds: [annex.id] }));
      }
      const run = (first: number) => countQueries(() => t.gql(
        `query($n: Int) { procedures(theme: "lot", first: $n) { edges { node { title theme { label } cases { key } questions { question }
          documents { label caseKeys } relatedProcedures { title theme { label } cases { key } } } } } }`, { n: first }));
      const small = await run(2);
      const large = await run(8);
      expect(large.result.body.errors).toBeUndefined();
      expect(large.result.body.data.procedures.edges).toHaveLength(8);
      expect(large.result.body.data.procedures.edges[3].node.relatedProcedures).toEqual([{ title: 'Annexe 3', theme: { label: 'Identité' }, cases: [] }]);
      expect(large.count).toBe(small.count);
      const rest = (first: number) => countQueries(() => t.http().get('/api/v1/procedures').query({ theme: 'lot', first }));
      expect((await rest(8)).count).toBe((await rest(2)).count);
    });
  });

  describe('demo content', () => {
    it('seeds the demo sheets once, published, themed and linked, with checklists that follow the fees', async () => {
      const system = RequestContext.system({ userId: '00000000-0000-0000-0000-000000000000', role: 'admin', sessionId: '00000000-0000-0000-0000-000000000000' });
      const taxonomy = t.app.get(TaxonomyService);
      for (const label of DEMO_TERMS[Vocabulary.PROCEDURE_THEME]) {
        if (!(await taxonomy.findBySlug(Vocabulary.PROCEDURE_THEME, slugify(label)))) await taxonomy.create(system, Vocabulary.PROCEDURE_THEME, { label });
      }
      const service = t.app.get(ProceduresService);
      expect(await seedDemoProcedures(system, service, taxonomy)).toBe(DEMO_PROCEDURES.length);
      expect(await seedDemoProcedures(system, service, taxonomy)).toBe(0);

      const slugs = DEMO_PROCEDURES.map((demo) => demo.slug);
      const rows = await t.dataSource.query('SELECT slug, status, theme_id FROM procedures WHERE slug = ANY($1)', [slugs]);
      expect(rows).toHaveLength(DEMO_PROCEDURES.length);
      expect(rows.every((row: { status: string; theme_id: string | null }) => row.status === 'published' && row.theme_id !== null)).toBe(true);

      const passport = await checklist('passeport', ['mineur-moins-15', 'premiere-demande']);
      const labels = passport.body.data!.checklist.entries.flatMap((entry) => entry.documents.map((d) => d.label));
      expect(labels).toContain('Timbre fiscal de 17 €');
      expect(labels).not.toContain('Timbre fiscal de 86 €');
      const cni = await t.http().get('/api/v1/procedures/carte-nationale-identite/checklist').query({ cases: 'majeur,perte-vol', format: 'text' }).expect(200);
      expect(cni.text).toContain('☐ Timbre fiscal de 25 € papier ou électronique (original, 1)');
      const related = await t.gql('{ procedure(slug: "certificat-non-gage") { relatedProcedures { slug } } }');
      expect(related.body.data.procedure.relatedProcedures).toEqual([{ slug: 'cession-vehicule' }]);
      const sale = await t.gql('{ procedure(slug: "cession-vehicule") { onlineServices { cerfaNumber } relatedProcedures { slug } } }');
      expect(sale.body.data.procedure).toEqual({ onlineServices: [{ cerfaNumber: null }, { cerfaNumber: '15776*02' }], relatedProcedures: [{ slug: 'certificat-non-gage' }] });
    });
  });
});
