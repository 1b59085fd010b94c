import { loginAs } from './support/auth-helpers';
import { createItem, createPublished, createTerm, PROCEDURE } from './support/content-factories';
import { countQueries } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 13, JSON-LD of procedure sheets: a schema.org GovernmentService at
 * `/api/v1/procedures/<id or slug>.jsonld` and in the `jsonLd` GraphQL field, read by a JSON-LD
 * processor offline; the documents to bring per situation as HowTo; published sheets only.
 */

/** The part of jsonld.js these tests use (the package ships no types). */
interface JsonLdProcessor {
  expand(document: object, options: { documentLoader: (url: string) => Promise<{ document: object; documentUrl: string; contextUrl: null }> }): Promise<Node[]>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jsonld.js is CommonJS without types
const jsonld = require('jsonld') as JsonLdProcessor;

type Node = Record<string, unknown>;

/** Offline: https://schema.org's context as what it amounts to for these terms; any other context is refused. */
const documentLoader = (url: string): Promise<{ document: object; documentUrl: string; contextUrl: null }> => {
  if (url.replace(/\/$/, '') !== 'https://schema.org') return Promise.reject(new Error(`unexpected context ${url}`));
  return Promise.resolve({ document: { '@context': { '@vocab': 'https://schema.org/' } }, documentUrl: url, contextUrl: null });
};

const S = 'https://schema.org/';
/** Every value of an expanded property: `@value`, or `@id` of a bare reference, or the node. */
function all(node: Node, property: string): unknown[] {
  const values = (node[`${S}${property}`] ?? []) as Node[];
  return values.map((value) => value['@value'] ?? (Object.keys(value).length === 1 && value['@id'] ? value['@id'] : value));
}
const first = (node: Node, property: string): unknown => all(node, property)[0];
const nodes = (node: Node, property: string): Node[] => all(node, property) as Node[];

const CASES = [
  { key: 'majeur', label: 'Majeur', question: 'Âge' }, { key: 'mineur', label: 'Mineur', question: 'Âge' },
  { key: 'premiere-demande', label: 'Première demande', question: 'Situation' },
  { key: 'renouvellement', label: 'Renouvellement', question: 'Situation' },
  { key: 'perte-vol', label: 'Perte ou vol', question: 'Situation' },
];
const DOCUMENT = { form: 'ORIGINAL', quantity: 1, requirement: 'MANDATORY' };

describe('schema.org JSON-LD of procedure sheets (issue 13)', () => {
  let t: TestApp;
  let editor: string;
  let admin: string;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000', PUBLIC_BASE_URL: 'https://www.anor.fr' });
    [editor, admin] = await Promise.all([loginAs(t, 'editor'), loginAs(t, 'admin')]);
  });
  afterAll(() => t.close());

  /** A published identity-card sheet with two questions, situation-dependent documents, costs and links. */
  async function identitySheet(themeId?: string): Promise<{ id: string; slug: string }> {
    serial += 1;
    const slug = `carte-identite-${serial}`;
    const sheet = await createPublished(t, editor, PROCEDURE, {
      title: 'Carte nationale d\'identité', slug, summary: 'Demander ou renouveler sa carte d\'identité.', themeId,
      audiences: ['INDIVIDUALS'],
      whereToGo: { kind: 'TOWN_HALL_DESK', officeName: 'Mairie d\'Anor — Espace Services Publics', address: '5 rue Léo Lagrange, 59186 Anor', openingHours: 'Mo-Fr 08:30-12:00' },
      costs: [{ label: 'Gratuit', caseKeys: ['premiere-demande', 'renouvellement'] }, { label: '25 € (timbre fiscal)', caseKeys: ['perte-vol'] }],
      onlineServices: [
        { name: 'Pré-demande en ligne (ANTS)', url: 'https://ants.gouv.fr', kind: 'ONLINE_SERVICE' },
        { name: 'Acheter un timbre fiscal', url: 'https://timbres.impots.gouv.fr', kind: 'ONLINE_SERVICE', caseKeys: ['perte-vol'] },
        { name: 'Demande de carte d\'identité', url: 'https://www.service-public.fr/cerfa-12100', kind: 'FORM', cerfaNumber: '12100*03' },
      ],
      cases: CASES,
      documents: [
        { ...DOCUMENT, label: 'Photo d\'identité', note: 'de moins de 6 mois' },
        { ...DOCUMENT, label: 'Ancienne carte d\'identité', caseKeys: ['renouvellement'] },
        { ...DOCUMENT, label: 'Passeport', oneOfGroup: 'etat-civil', caseKeys: ['premiere-demande', 'perte-vol'] },
        { ...DOCUMENT, label: 'Acte de naissance', oneOfGroup: 'etat-civil', caseKeys: ['premiere-demande', 'perte-vol'] },
        { ...DOCUMENT, label: 'Pièce d\'identité du parent', caseKeys: ['mineur'] },
        { ...DOCUMENT, label: 'Timbre fiscal de 25 €', caseKeys: ['perte-vol'] },
      ],
    }, { fields: 'id version status slug' });
    return { id: sheet.id, slug };
  }

  async function expanded(path: string): Promise<{ node: Node; raw: Node }> {
    const res = await t.http().get(path).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    const raw = JSON.parse(res.text) as Node;
    const [node, ...others] = await jsonld.expand(raw, { documentLoader });
    expect(others).toEqual([]);
    return { node, raw };
  }

  it('describes a published sheet as a GovernmentService with its channels, costs and audience, the same by id, slug and GraphQL', async () => {
    const theme = await createTerm(t, editor, 'PROCEDURE_THEME', 'Papiers d\'identité');
    const sheet = await identitySheet(theme.id);
    const { node, raw } = await expanded(`/api/v1/procedures/${sheet.slug}.jsonld`);
    expect(node['@type']).toEqual([`${S}GovernmentService`]);
    expect(node['@id']).toBe(`https://www.anor.fr/api/v1/procedures/${sheet.id}`);
    expect([first(node, 'name'), first(node, 'description'), first(node, 'serviceType')])
      .toEqual(['Carte nationale d\'identité', 'Demander ou renouveler sa carte d\'identité.', 'Papiers d\'identité']);
    expect(nodes(node, 'audience').map((audience) => first(audience, 'audienceType'))).toEqual(['Particuliers']);

    const channels = nodes(node, 'availableChannel');
    expect(channels.map((channel) => [first(channel, 'name'), first(channel, 'serviceUrl') ?? null])).toEqual([
      ['Pré-demande en ligne (ANTS)', 'https://ants.gouv.fr'],
      ['Acheter un timbre fiscal', 'https://timbres.impots.gouv.fr'],
      ['Mairie d\'Anor — Espace Services Publics', null],
    ]);
    expect(first(channels[1], 'description')).toBe('Perte ou vol');
    const desk = first(channels[2], 'serviceLocation') as Node;
    expect(desk['@type']).toEqual([`${S}CityHall`]);
    expect(first(desk, 'address')).toBe('5 rue Léo Lagrange, 59186 Anor');
    expect(first(channels[2], 'description')).toBe('Horaires : Mo-Fr 08:30-12:00');

    expect(nodes(node, 'offers').map((offer) => [first(offer, 'name'), first(offer, 'price') ?? null, first(offer, 'description')])).toEqual([
      ['Gratuit', 0, 'Première demande ou Renouvellement'], ['25 € (timbre fiscal)', 25, 'Perte ou vol'],
    ]);

    expect((await expanded(`/api/v1/procedures/${sheet.id}.jsonld`)).raw).toEqual(raw);
    const gql = await t.gql('query($id: ID!) { procedure(id: $id) { jsonLd } }', { id: sheet.id });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.procedure.jsonLd).toEqual(raw);
  });

  it('lists the documents to bring per situation, one HowTo per complete answer, as the printed checklist does', async () => {
    const sheet = await identitySheet();
    const { node } = await expanded(`/api/v1/procedures/${sheet.id}.jsonld`);
    const howTos = nodes(node, 'subjectOf');
    expect(howTos).toHaveLength(6);
    expect(howTos.every((howTo) => (howTo['@type'] as string[])[0] === `${S}HowTo`)).toBe(true);
    const byName = new Map(howTos.map((howTo) => [first(howTo, 'name'), howTo]));
    const supplies = (name: string): unknown[] => nodes(byName.get(`Carte nationale d'identité : pièces à fournir (${name})`)!, 'supply').map((supply) => first(supply, 'name'));

    expect(supplies('Majeur, Renouvellement')).toEqual([
      'Photo d\'identité de moins de 6 mois (original, 1)', 'Ancienne carte d\'identité (original, 1)', 'Demande de carte d\'identité (cerfa n° 12100*03)',
    ]);
    expect(supplies('Mineur, Perte ou vol')).toEqual([
      'Photo d\'identité de moins de 6 mois (original, 1)', 'Un des documents suivants : Passeport (original, 1) ; Acte de naissance (original, 1)',
      'Pièce d\'identité du parent (original, 1)', 'Timbre fiscal de 25 € (original, 1)', 'Demande de carte d\'identité (cerfa n° 12100*03)',
    ]);
    const lost = byName.get('Carte nationale d\'identité : pièces à fournir (Mineur, Perte ou vol)')!;
    expect(first(lost, 'estimatedCost')).toBe('25 € (timbre fiscal)');
    const checklistUrl = first(lost, 'url') as string;
    expect(checklistUrl).toBe(`https://www.anor.fr/api/v1/procedures/${sheet.id}/checklist?cases=mineur,perte-vol`);

    // The HowTo's address is the checklist of that situation, and both list the same documents.
    const checklist = await t.http().get(checklistUrl.replace('https://www.anor.fr', '')).expect(200);
    const labels = (checklist.body.entries as { documents: { label: string }[] }[]).map((entry) => entry.documents.map((document) => document.label).join(' | '));
    expect(labels).toEqual(['Photo d\'identité', 'Passeport | Acte de naissance', 'Pièce d\'identité du parent', 'Timbre fiscal de 25 €']);
  });

  it('names the commune once its settings are entered, and the cached document changes with them', async () => {
    const sheet = await identitySheet();
    const path = `/api/v1/procedures/${sheet.id}.jsonld`;
    const before = await t.http().get(path).expect(200);
    const [unnamed] = await jsonld.expand(JSON.parse(before.text) as object, { documentLoader });
    expect(all(unnamed, 'provider')).toEqual([]);
    expect(all(unnamed, 'areaServed')).toEqual([]);
    expect(before.headers['cache-control']).toBe('public, max-age=300');
    await t.http().get(path).set('If-None-Match', before.headers.etag).expect(304);

    const settings = await t.gql('{ commune { version } }');
    const updated = await t.gql('mutation($v: Int!, $input: UpdateCommuneSettingsInput!) { updateCommuneSettings(version: $v, input: $input) { version } }',
      { v: settings.body.data.commune.version, input: { name: 'Anor', inseeCode: '59012' } }, admin);
    expect(updated.body.errors).toBeUndefined();

    const after = await t.http().get(path).set('If-None-Match', before.headers.etag).expect(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const [named] = await jsonld.expand(JSON.parse(after.text) as object, { documentLoader });
    const provider = first(named, 'provider') as Node;
    expect(provider['@type']).toEqual([`${S}GovernmentOrganization`]);
    expect(first(provider, 'name')).toBe('Anor');
    const insee = first(provider, 'identifier') as Node;
    expect([first(insee, 'propertyID'), first(insee, 'value')]).toEqual(['INSEE', '59012']);
    const city = first(named, 'areaServed') as Node;
    expect([city['@type'], first(city, 'name')]).toEqual([[`${S}City`], 'Anor']);
  });

  it('describes a sheet with nothing but a title and a summary (no document, link, cost or case)', async () => {
    const bare = await createPublished(t, editor, PROCEDURE, { ...PROCEDURE.createInput(900), whereToGo: { kind: 'ONLINE_ONLY' } });
    const { node } = await expanded(`/api/v1/procedures/${bare.id}.jsonld`);
    expect([first(node, 'name'), first(node, 'description')]).toEqual(['Démarche d\'histoire 900', 'Résumé de la démarche 900']);
    expect(all(node, 'availableChannel')).toEqual([]);
    expect(all(node, 'offers')).toEqual([]);
    const [howTo] = nodes(node, 'subjectOf');
    expect(all(howTo, 'supply')).toEqual([]);
  });

  it('never describes a draft, nor an unknown sheet: 404, even to staff', async () => {
    const draft = await createItem(t, editor, PROCEDURE, 901);
    const res = await t.http().get(`/api/v1/procedures/${draft.id}.jsonld`).set('Authorization', `Bearer ${editor}`).expect(404);
    expect(res.headers['content-type']).toMatch(/json/);
    await t.http().get('/api/v1/procedures/demarche-histoire-901.jsonld').expect(404);
    await t.http().get('/api/v1/procedures/pas-de-fiche.jsonld').expect(404);
  });

  it('costs the same statements for the jsonLd of 1 sheet or of 3 in a list (batched)', async () => {
    const theme = await createTerm(t, editor, 'PROCEDURE_THEME', 'Lot JSON-LD');
    for (let n = 0; n < 3; n += 1) await identitySheet(theme.id);
    const list = (count: number) => countQueries(() => t.gql('query($theme: String, $first: Int) { procedures(theme: $theme, first: $first) { edges { node { id jsonLd } } } }',
      { theme: theme.id, first: count }));
    const one = await list(1);
    const three = await list(3);
    expect((three.result.body as { data: { procedures: { edges: unknown[] } } }).data.procedures.edges).toHaveLength(3);
    expect(three.count).toBe(one.count);
  });
});

describe('schema.org JSON-LD of the demo procedure sheets', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000', PUBLIC_BASE_URL: 'https://www.anor.fr' }, { demo: true });
  });
  afterAll(() => t.close());

  it('describes every demo sheet (online only, another office, forms of the media library) as an expandable GovernmentService', async () => {
    const list = await t.http().get('/api/v1/procedures').query({ first: 100 }).expect(200);
    const slugs = (list.body.data as { slug: string }[]).map((sheet) => sheet.slug);
    expect(slugs.length).toBeGreaterThanOrEqual(10);
    const forms: string[] = [];
    for (const slug of slugs) {
      const res = await t.http().get(`/api/v1/procedures/${slug}.jsonld`).expect(200);
      const [node] = await jsonld.expand(JSON.parse(res.text) as object, { documentLoader });
      expect(node['@type']).toEqual([`${S}GovernmentService`]);
      expect(first(node, 'name')).toEqual(expect.any(String));
      expect(first(first(node, 'provider') as Node, 'name')).toBe('Anor');
      expect(nodes(node, 'subjectOf').length).toBeGreaterThanOrEqual(1);
      forms.push(...nodes(node, 'subjectOf').flatMap((howTo) => nodes(howTo, 'supply')).map((supply) => first(supply, 'url')).filter((url): url is string => typeof url === 'string'));
    }
    // A form of the media library is given at its absolute address, which serves it.
    const library = forms.find((url) => url.startsWith('https://www.anor.fr/media/'));
    expect(library).toBeDefined();
    await t.http().get(library!.replace('https://www.anor.fr', '')).expect(200);
    // The identity card: six situations (two ages, three requests), the loss with its 25 € stamp.
    const card = await t.http().get('/api/v1/procedures/carte-nationale-identite.jsonld').expect(200);
    const [cardNode] = await jsonld.expand(JSON.parse(card.text) as object, { documentLoader });
    const howTos = nodes(cardNode, 'subjectOf');
    expect(howTos).toHaveLength(6);
    const lost = howTos.find((howTo) => String(first(howTo, 'name')).endsWith('(Majeur, Perte ou vol)'))!;
    expect(first(lost, 'estimatedCost')).toBe('25 € (timbre fiscal)');
    expect(nodes(lost, 'supply').map((supply) => first(supply, 'name'))).toContain('Timbre fiscal de 25 € papier ou électronique (original, 1)');
  });
});
