import { ASSOCIATION_TYPE, AssociationsService } from '../src/associations/associations.service';
import { requireLiveItems } from '../src/content/content-reader.service';
import { ContentWrite } from '../src/content/content-write';
import { RequestContext } from '../src/common/request-context';
import { gqlError, loginAs } from './support/auth-helpers';
import { ASSOCIATION, createItem, createPublished as createPublishedItem, createTerm, journalOf, tryCreate } from './support/content-factories';
import { refusalOf } from './support/gql-helpers';
import { countQueries } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';

const FIELDS = `id slug name summary bodyHtml status version channels contactName contactRole email phone phoneDisplay website
  street postalCode city latitude longitude meetingPlace schedule logoMediaId rnaNumber siren siret acceptsNewMembers
  categories { id slug label }`;

interface Versioned {
  id: string;
  version: number;
  slug: string;
}

describe('associations (directory)', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  const createCategory = (label: string): Promise<{ id: string; slug: string }> => createTerm(t, editor, 'CATEGORY', label);

  // The lifecycle every type shares (drafts hidden, versions, rights, unpublish, delete…) is in content-lifecycle.e2e-spec.ts.
  const create = (input: Record<string, unknown>): Promise<Versioned & Record<string, unknown>> =>
    createItem(t, editor, ASSOCIATION, input, { fields: FIELDS });
  const createPublished = (name: string, categoryIds: string[], extra: Record<string, unknown> = {}): Promise<Versioned> =>
    createPublishedItem(t, editor, ASSOCIATION, { name, categoryIds, ...extra }, { fields: 'id slug version' });

  const names = (res: { body: { data: { associations: { edges: { node: { name: string } }[] } } } }): string[] =>
    res.body.data.associations.edges.map((edge) => edge.node.name);

  async function attempt(input: Record<string, unknown>): Promise<{ code: string; paths: string[] }> {
    const { code, paths } = refusalOf(await tryCreate(t, editor, ASSOCIATION, input));
    return { code, paths: paths.sort() };
  }

  describe('writing', () => {
    it('creates an association with its contact, identifiers and categories, and merges an update into it', async () => {
      const sport = await createCategory('Sport collectif');
      const jeunesse = await createCategory('Jeunes pousses');
      const created = await create({
        name: 'Football Club Anorien',
        summary: 'Le club de football de la commune, de U7 aux vétérans.',
        body: '## Entraînements\n\n<script>alert(1)</script>',
        categoryIds: [sport.id, jeunesse.id],
        contactName: 'Jean Dupont',
        contactRole: 'Président',
        email: 'contact@fc-anor.example.fr',
        phone: '03 27 59 51 11',
        website: 'https://fc-anor.example.fr',
        street: 'Rue Léo Lagrange',
        postalCode: '59186',
        city: 'Anor',
        latitude: 49.9897,
        longitude: 4.1014,
        meetingPlace: 'Complexe sportif',
        schedule: 'Mercredi 14 h – 17 h',
        rnaNumber: 'W593000123',
        siren: '732829320',
        siret: '73282932000074',
      });
      expect(created).toMatchObject({
        slug: 'football-club-anorien', status: 'DRAFT', version: 1, channels: ['WEB', 'KIOSK'],
        phone: '+33327595111', phoneDisplay: '03 27 59 51 11', postalCode: '59186', latitude: 49.9897, longitude: 4.1014,
        rnaNumber: 'W593000123', siren: '732829320', siret: '73282932000074', acceptsNewMembers: true, logoMediaId: null,
      });
      expect(created.categories).toEqual([{ id: sport.id, slug: sport.slug, label: 'Sport collectif' }, { id: jeunesse.id, slug: jeunesse.slug, label: 'Jeunes pousses' }]);
      expect(created.bodyHtml).toContain('<h2>Entraînements</h2>');
      expect(created.bodyHtml).not.toContain('<script>');

      const updated = await t.gql(`mutation($id: ID!, $input: UpdateAssociationInput!) { updateAssociation(id: $id, version: 1, input: $input) { ${FIELDS} } }`,
        { id: created.id, input: { phone: '+33 6 12 34 56 78', categoryIds: [jeunesse.id], acceptsNewMembers: false, website: null } }, editor);
      expect(updated.body.errors).toBeUndefined();
      expect(updated.body.data.updateAssociation).toMatchObject({
        version: 2, phone: '+33612345678', phoneDisplay: '06 12 34 56 78', acceptsNewMembers: false, website: null,
        name: 'Football Club Anorien', contactName: 'Jean Dupont', slug: 'football-club-anorien',
      });
      expect(updated.body.data.updateAssociation.categories.map((term: { id: string }) => term.id)).toEqual([jeunesse.id]);
      expect(await journalOf(t, created.id)).toEqual(['create', 'update']);
    });

    it('keeps the French sort name in step with a renamed association, and keeps its slug', async () => {
      const item = await create({ name: 'Club de pétanque' });
      const renamed = await t.gql('mutation($id: ID!) { updateAssociation(id: $id, version: 1, input: { name: "La Boule Anorienne" }) { version slug } }', { id: item.id }, editor);
      expect(renamed.body.data.updateAssociation).toEqual({ version: 2, slug: 'club-de-petanque' });
      const [row] = await t.dataSource.query('SELECT name, sort_name, version FROM associations WHERE id = $1', [item.id]);
      expect(row).toEqual({ name: 'La Boule Anorienne', sort_name: 'boule anorienne', version: 2 });
    });

    it('refuses a name whose derived slug another association holds, with CONFLICT on input.slug', async () => {
      await create({ name: 'Club photo' });
      expect(await attempt({ name: 'Club Photo' })).toEqual({ code: 'CONFLICT', paths: ['input.slug'] });
    });
  });

  describe('reading', () => {
    it('shows the public only published associations, by id, by slug and in lists, through GraphQL and REST', async () => {
      const category = await createCategory('Visibilité');
      const visible = await createPublished('Visible publiquement', [category.id]);
      await create({ name: 'Brouillon caché', categoryIds: [category.id] });

      const bySlug = await t.gql('{ association(slug: "visible-publiquement") { id name status } }');
      expect(bySlug.body.data.association).toEqual({ id: visible.id, name: 'Visible publiquement', status: 'PUBLISHED' });

      const publicList = await t.gql('query($c: ID) { associations(category: $c, status: DRAFT) { totalCount edges { node { name } } } }', { c: category.id });
      expect(names(publicList)).toEqual(['Visible publiquement']);
      const staffDrafts = await t.gql('query($c: ID) { associations(category: $c, status: DRAFT) { edges { node { name } } } }', { c: category.id }, editor);
      expect(names(staffDrafts)).toEqual(['Brouillon caché']);
      const staffAll = await t.gql('query($c: ID) { associations(category: $c) { edges { node { name } } } }', { c: category.id }, editor);
      expect(names(staffAll)).toEqual(['Brouillon caché', 'Visible publiquement']);

      const restList = await t.http().get('/api/v1/associations').query({ categorySlug: category.slug }).expect(200);
      expect(restList.body).toMatchObject({ totalCount: 1, pageInfo: { hasNextPage: false }, data: [{ id: visible.id, slug: 'visible-publiquement', status: 'PUBLISHED' }] });
      const restBySlug = await t.http().get('/api/v1/associations/visible-publiquement').expect(200);
      expect(restBySlug.body).toMatchObject({ id: visible.id, name: 'Visible publiquement', version: 2 });
      await t.http().get('/api/v1/associations/brouillon-cache').expect(404);
    });

    it('filters by channel: a web-only association is not on the kiosk', async () => {
      const category = await createCategory('Canaux');
      await createPublished('Seulement sur le site', [category.id], { channels: ['WEB'] });
      const kiosk = await t.gql('query($c: ID) { associations(category: $c, channel: KIOSK) { totalCount } }', { c: category.id });
      expect(kiosk.body.data.associations.totalCount).toBe(0);
      const web = await t.gql('query($c: ID) { associations(category: $c, channel: WEB) { edges { node { name channels } } } }', { c: category.id });
      expect(web.body.data.associations.edges).toEqual([{ node: { name: 'Seulement sur le site', channels: ['WEB'] } }]);
      const bySlug = await t.gql('{ association(slug: "seulement-sur-le-site", channel: KIOSK) { id } }');
      expect(bySlug.body.data.association).toBeNull();
    });

    it('gives other modules a batched, visibility-aware loader, and the core a checked reference', async () => {
      const service = t.app.get(AssociationsService);
      const published = await createPublished('Organisatrice publiée', []);
      const draft = await create({ name: 'Organisatrice brouillon' });
      const anonymous = RequestContext.system();
      const [a, b] = await Promise.all([service.loadById(anonymous, published.id), service.loadById(anonymous, draft.id)]);
      expect(a?.name).toBe('Organisatrice publiée');
      expect(b).toBeNull();
      // The core's reference check, inside a write's transaction (drafts count, deleted or unknown ids do not).
      const check = (ids: string[]) => t.dataSource.transaction((manager) =>
        requireLiveItems({ manager } as ContentWrite, ASSOCIATION_TYPE, ids, () => 'input.organiserId'));
      expect((await check([draft.id]))[0].name).toBe('Organisatrice brouillon');
      await expect(check(['00000000-0000-4000-8000-000000000000']))
        .rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { fields: [{ path: 'input.organiserId' }] } });
      await expect(check(['not-a-uuid'])).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    });
  });

  describe('validation', () => {
    it.each([
      ['a bad RNA number', { rnaNumber: 'W12345' }, 'input.rnaNumber'],
      ['a SIREN with a wrong Luhn digit', { siren: '732829321' }, 'input.siren'],
      ['a SIRET with a wrong Luhn digit', { siret: '73282932000075' }, 'input.siret'],
      ['a SIRET that does not start with the SIREN', { siren: '732829320', siret: '35600000000048' }, 'input.siret'],
      ['an invalid phone number', { phone: '03 27 59 51' }, 'input.phone'],
      ['a bad email', { email: 'contact@' }, 'input.email'],
      ['a website that is not http(s)', { website: 'javascript:alert(1)' }, 'input.website'],
      ['a latitude without longitude', { latitude: 49.99 }, 'input.longitude'],
      ['a latitude out of range', { latitude: 91, longitude: 4.1 }, 'input.latitude'],
      ['a postal code that is not 5 digits', { postalCode: '5918' }, 'input.postalCode'],
      ['a summary over 300 characters', { summary: 'x'.repeat(301) }, 'input.summary'],
      ['an empty name', { name: '   ' }, 'input.name'],
      ['an unknown category id', { categoryIds: ['00000000-0000-4000-8000-000000000000'] }, 'input.categoryIds'],
    ])('refuses %s with its field path', async (_label, fields, path) => {
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM associations');
      expect(await attempt({ name: 'Association à valider', ...fields })).toEqual({ code: 'BAD_USER_INPUT', paths: [path] });
      const after = await t.dataSource.query('SELECT count(*)::int AS n FROM associations');
      expect(after[0].n).toBe(before[0].n);
    });

    it('refuses a theme of another vocabulary as a category', async () => {
      const theme = await createTerm(t, editor, 'PROCEDURE_THEME', 'Urbanisme');
      expect(await attempt({ name: 'Mauvais thème', categoryIds: [theme.id] }))
        .toEqual({ code: 'BAD_USER_INPUT', paths: ['input.categoryIds'] });
    });

    it('checks the rules between fields on the merged values of an update', async () => {
      const item = await create({ name: 'Club géolocalisé', latitude: 49.99, longitude: 4.1, siren: '732829320' });
      const clearing = await t.gql('mutation($id: ID!) { updateAssociation(id: $id, version: 1, input: { longitude: null }) { id } }', { id: item.id }, editor);
      expect(gqlError(clearing).extensions.fields?.map((field) => field.path)).toEqual(['input.longitude']);
      const siret = await t.gql('mutation($id: ID!) { updateAssociation(id: $id, version: 1, input: { siret: "35600000000048" }) { id } }', { id: item.id }, editor);
      expect(gqlError(siret).extensions.fields?.map((field) => field.path)).toEqual(['input.siret']);
      const [row] = await t.dataSource.query('SELECT longitude, siret, version FROM associations WHERE id = $1', [item.id]);
      expect(row).toEqual({ longitude: 4.1, siret: null, version: 1 });
    });

    it('refuses to delete a category still used by an association', async () => {
      const category = await createCategory('Catégorie utilisée');
      await create({ name: 'Utilisatrice de catégorie', categoryIds: [category.id] });
      const res = await t.gql('mutation($id: ID!) { deleteTerm(id: $id, version: 1) { id } }', { id: category.id }, editor);
      expect(gqlError(res).extensions.code).toBe('CONFLICT');
    });
  });

  describe('directory lists', () => {
    it('sorts in French order: accents and case ignored, leading articles skipped', async () => {
      const category = await createCategory('Tri alphabétique');
      for (const name of ['Football Club', "l'Harmonie d'Anor", 'Danse Passion', 'Écho des Fagnes', 'Les Amis du Vieil Anor', 'judo club', 'La Boule Anorienne']) {
        await createPublished(name, [category.id]);
      }
      const res = await t.gql('query($c: ID) { associations(category: $c) { edges { node { name } } } }', { c: category.id });
      expect(names(res)).toEqual(['Les Amis du Vieil Anor', 'La Boule Anorienne', 'Danse Passion', 'Écho des Fagnes', 'Football Club', "l'Harmonie d'Anor", 'judo club']);
    });

    it('filters by category id or slug, letter and search, alone and together', async () => {
      const culture = await createCategory('Culture et patrimoine');
      const other = await createCategory('Autre chose');
      await createPublished('Écho de la vallée', [culture.id]);
      await createPublished('Ensemble vocal', [culture.id]);
      await createPublished("L'Harmonie municipale", [culture.id]);
      await createPublished('Entente sportive', [other.id]);

      const byLetter = await t.gql('query($c: ID) { associations(category: $c, letter: "E") { edges { node { name } } } }', { c: culture.id });
      expect(names(byLetter)).toEqual(['Écho de la vallée', 'Ensemble vocal']);
      const accented = await t.gql('query($c: String) { associations(categorySlug: $c, letter: "É") { totalCount } }', { c: culture.slug });
      expect(accented.body.data.associations.totalCount).toBe(2);
      const underH = await t.gql('query($c: ID) { associations(category: $c, letter: "h") { edges { node { name } } } }', { c: culture.id });
      expect(names(underH)).toEqual(["L'Harmonie municipale"]);
      const search = await t.gql('{ associations(search: "ECHO DE LA VALLEE") { edges { node { name } } } }');
      expect(names(search)).toEqual(['Écho de la vallée']);
      const searchWithArticle = await t.gql('{ associations(search: "L\u2019HARMONIE MUNI") { edges { node { name } } } }');
      expect(names(searchWithArticle)).toEqual(["L'Harmonie municipale"]);
      const rest = await t.http().get('/api/v1/associations').query({ category: other.id, letter: 'e' }).expect(200);
      expect(rest.body.data.map((item: { name: string }) => item.name)).toEqual(['Entente sportive']);
    });

    it('refuses a bad letter, an unknown category slug and both category filters at once', async () => {
      const letter = await t.gql('{ associations(letter: "AB") { totalCount } }');
      expect(gqlError(letter).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'letter' }] });
      const unknown = await t.gql('{ associations(categorySlug: "inconnue") { totalCount } }');
      expect(gqlError(unknown).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'categorySlug' }] });
      const unknownId = await t.gql('{ associations(category: "00000000-0000-4000-8000-000000000000") { totalCount } }');
      expect(gqlError(unknownId).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'category' }] });
      const category = await createCategory('Double filtre');
      const both = await t.gql('query($c: ID, $s: String) { associations(category: $c, categorySlug: $s) { totalCount } }', { c: category.id, s: category.slug });
      expect(gqlError(both).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'categorySlug' }] });
      const rest = await t.http().get('/api/v1/associations').query({ letter: '1' }).expect(400);
      expect(rest.body.errors[0].path).toBe('letter');
    });

    it('pages through the directory with cursors, in order, without repeats', async () => {
      const category = await createCategory('Pagination');
      const all = ['Aïkido', 'Badminton', 'Cyclisme', 'Échecs', 'Escrime'];
      for (const name of [...all].reverse()) await createPublished(name, [category.id]);
      const query = 'query($c: ID, $after: String) { associations(category: $c, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }';
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 3; page++) {
        const res = await t.gql(query, { c: category.id, after });
        expect(res.body.data.associations.totalCount).toBe(5);
        seen.push(...names(res));
        after = res.body.data.associations.pageInfo.endCursor;
        expect(res.body.data.associations.pageInfo.hasNextPage).toBe(page < 2);
      }
      expect(seen).toEqual(all);
      const restPage = await t.http().get('/api/v1/associations').query({ category: category.id, first: 2 }).expect(200);
      const restNext = await t.http().get('/api/v1/associations').query({ category: category.id, first: 2, after: restPage.body.pageInfo.endCursor }).expect(200);
      expect(restNext.body.data.map((item: { name: string }) => item.name)).toEqual(['Cyclisme', 'Échecs']);
    });

    it('loads the categories of a whole list with a constant number of queries', async () => {
      const first = await createCategory('Comptage un');
      const second = await createCategory('Comptage deux');
      for (let i = 0; i < 12; i++) await createPublished(`Comptage ${String(i).padStart(2, '0')}`, i % 2 ? [first.id, second.id] : [second.id]);
      const run = (size: number) => countQueries(() => t.gql(
        'query($c: String, $n: Int) { associations(categorySlug: $c, first: $n) { edges { node { name categories { slug } } } } }',
        { c: second.slug, n: size }));
      const small = await run(2);
      const large = await run(12);
      expect(large.result.body.data.associations.edges).toHaveLength(12);
      expect(large.result.body.data.associations.edges[1].node.categories.map((term: { slug: string }) => term.slug)).toEqual([first.slug, second.slug]);
      expect(large.count).toBe(small.count);
    });

    it('counts all pages only when a query selects totalCount; REST lists always give it', async () => {
      for (let i = 0; i < 4; i++) await createPublished(`Total ${i}`, []);
      const query = (fields: string) => countQueries(() => t.gql(`{ associations(first: 3) { ${fields} edges { node { name } } } }`));
      const lean = await query('');
      const counted = await query('totalCount');
      expect(counted.result.body.data.associations.totalCount).toBeGreaterThan(3);
      expect(counted.count).toBe(lean.count + 1);
      expect(lean.statements.some((sql) => /COUNT\(/i.test(sql))).toBe(false);
      const rest = await t.http().get('/api/v1/associations').query({ first: 3 }).expect(200);
      expect(rest.body.totalCount).toBe(counted.result.body.data.associations.totalCount);
    });
  });
});
