import { loginAs } from './support/auth-helpers';
import { createItem, journalOf, PAGE, publishItem } from './support/content-factories';
import { countQueries } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';

const PAGE_FIELDS = 'id slug path title status version channels parentId position bodyHtml';

describe('pages', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  // The lifecycle every type shares (drafts hidden, versions, rights, unpublish, delete…) is in content-lifecycle.e2e-spec.ts.
  const createPage = (input: Record<string, unknown>): Promise<{ id: string; version: number; path: string }> =>
    createItem(t, editor, PAGE, input, { fields: PAGE_FIELDS });
  const publish = (page: { id: string; version: number }) => publishItem(t, editor, PAGE, page);

  describe('creating and reading', () => {
    it('creates a draft with a slug and path derived from the title and its parent', async () => {
      const root = await createPage({ title: 'Vie pratique' });
      const child = await createPage({ title: 'Déchets ménagers', parentId: root.id, body: '## Collecte\n\n<script>x</script>' });
      expect(root).toMatchObject({ slug: 'vie-pratique', path: '/vie-pratique', status: 'DRAFT', version: 1, channels: ['WEB', 'KIOSK'] });
      expect(child).toMatchObject({ slug: 'dechets-menagers', path: '/vie-pratique/dechets-menagers', parentId: root.id, position: 0 });
      expect((child as unknown as { bodyHtml: string }).bodyHtml).toContain('<h2>Collecte</h2>');
      expect((child as unknown as { bodyHtml: string }).bodyHtml).not.toContain('<script>');
      expect(await journalOf(t, child.id)).toEqual(['create']);
    });

    it('shows a published page to everyone, by path, through GraphQL and REST alike', async () => {
      const page = await createPage({ title: 'État civil', slug: 'etat-civil' });
      const published = await publish(page);
      expect(published.version).toBe(2);
      const gql = await t.gql('{ page(path: "/etat-civil") { id title status } }');
      expect(gql.body.data.page).toEqual({ id: page.id, title: 'État civil', status: 'PUBLISHED' });
      const rest = await t.http().get('/api/v1/pages/by-path').query({ path: '/etat-civil' }).expect(200);
      expect(rest.body).toMatchObject({ id: page.id, title: 'État civil', status: 'PUBLISHED', version: 2 });
      expect(await journalOf(t, page.id)).toEqual(['create', 'publish']);
    });

    it('filters by channel: a web-only page is not on the kiosk', async () => {
      const page = await createPage({ title: 'Seulement web', channels: ['WEB'] });
      await publish(page);
      const kiosk = await t.gql('{ page(path: "/seulement-web", channel: KIOSK) { id } }');
      expect(kiosk.body.data.page).toBeNull();
      const web = await t.gql('{ page(path: "/seulement-web", channel: WEB) { id } }');
      expect(web.body.data.page).toEqual({ id: page.id });
    });
  });

  describe('validation', () => {
    it('refuses an empty title with the field path', async () => {
      const res = await t.gql('mutation { createPage(input: { title: "" }) { id } }', undefined, editor);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors[0].extensions.fields).toEqual([{ path: 'input.title', message: 'title must not be empty' }]);
    });

    it('refuses a malformed slug, an unsafe external link and an empty channel list, naming each field', async () => {
      const res = await t.gql('mutation($input: CreatePageInput!) { createPage(input: $input) { id } }',
        { input: { title: 'Lien', slug: 'Pas Bon', externalUrl: 'javascript:alert(1)', channels: [] } }, editor);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const paths = res.body.errors[0].extensions.fields.map((f: { path: string }) => f.path).sort();
      expect(paths).toEqual(['input.channels', 'input.externalUrl', 'input.slug']);
    });

    it('refuses a path a sibling holds, derived from the same title under the same parent, with CONFLICT naming that page', async () => {
      const parent = await createPage({ title: 'Jeunesse' });
      const holder = await createPage({ title: 'Enfance', parentId: parent.id });
      await createPage({ title: 'Enfance' });
      const res = await t.gql('mutation($p: ID!) { createPage(input: { title: "Enfance", parentId: $p }) { id } }', { p: parent.id }, editor);
      expect(res.body.errors[0].extensions.code).toBe('CONFLICT');
      expect(res.body.errors[0].message).toContain(holder.id);
      expect(res.body.errors[0].extensions.fields[0].path).toBe('input.slug');
    });

    it('refuses a parent that does not exist', async () => {
      const res = await t.gql('mutation($p: ID!) { createPage(input: { title: "Orphelin", parentId: $p }) { id } }',
        { p: '00000000-0000-4000-8000-000000000000' }, editor);
      expect(res.body.errors[0].extensions.fields[0].path).toBe('input.parentId');
    });
  });

  describe('moving in the tree', () => {
    it('re-parents a page and its whole subtree follows', async () => {
      const a = await createPage({ title: 'Section A' });
      const b = await createPage({ title: 'Section B' });
      const child = await createPage({ title: 'Rubrique', parentId: a.id });
      const grandchild = await createPage({ title: 'Détail', parentId: child.id });
      const res = await t.gql('mutation($id: ID!, $p: ID) { movePage(id: $id, version: 1, parentId: $p) { path parentId version } }',
        { id: child.id, p: b.id }, editor);
      expect(res.body.data.movePage).toEqual({ path: '/section-b/rubrique', parentId: b.id, version: 2 });
      const [row] = await t.dataSource.query('SELECT path, version FROM pages WHERE id = $1', [grandchild.id]);
      expect(row).toEqual({ path: '/section-b/rubrique/detail', version: 2 });
      expect(await journalOf(t, grandchild.id)).toEqual(['create', 'update']);
      expect(await journalOf(t, child.id)).toEqual(['create', 'move']);
    });

    it('refuses to move a page under itself or its own descendant', async () => {
      const top = await createPage({ title: 'Haut' });
      const below = await createPage({ title: 'Bas', parentId: top.id });
      for (const target of [top.id, below.id]) {
        const res = await t.gql('mutation($id: ID!, $p: ID) { movePage(id: $id, version: 1, parentId: $p) { id } }', { id: top.id, p: target }, editor);
        expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
        expect(res.body.errors[0].extensions.fields[0].path).toBe('parentId');
      }
      const [row] = await t.dataSource.query('SELECT parent_id, version FROM pages WHERE id = $1', [top.id]);
      expect(row).toEqual({ parent_id: null, version: 1 });
    });

    it('re-orders siblings', async () => {
      const parent = await createPage({ title: 'Démarches' });
      const one = await createPage({ title: 'Un', parentId: parent.id });
      const two = await createPage({ title: 'Deux', parentId: parent.id });
      const three = await createPage({ title: 'Trois', parentId: parent.id, position: 0 });
      await t.gql('mutation($id: ID!) { movePage(id: $id, version: 1, parentId: null, position: 0) { id } }', { id: two.id }, editor);
      const moved = await t.gql('mutation($id: ID!, $p: ID) { movePage(id: $id, version: 2, parentId: $p, position: 1) { position } }', { id: two.id, p: parent.id }, editor);
      expect(moved.body.data.movePage.position).toBe(1);
      const list = await t.gql('query($p: ID) { pages(parentId: $p) { edges { node { title position } } } }', { p: parent.id }, editor);
      expect(list.body.data.pages.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Trois', 'Deux', 'Un']);
      expect([one.id, three.id]).toHaveLength(2);
    });
  });

  describe('deletion', () => {
    it('refuses to delete a page that has sub-pages, then deletes a leaf', async () => {
      const parent = await createPage({ title: 'Parent' });
      const leaf = await createPage({ title: 'Feuille', parentId: parent.id });
      const refused = await t.gql('mutation($id: ID!) { deletePage(id: $id, version: 1) { id } }', { id: parent.id }, editor);
      expect(refused.body.errors[0].extensions.code).toBe('CONFLICT');
      const deleted = await t.gql('mutation($id: ID!) { deletePage(id: $id, version: 1) { id version } }', { id: leaf.id }, editor);
      expect(deleted.body.data.deletePage).toEqual({ id: leaf.id, version: 2 });
      const after = await t.gql('query($id: ID!) { page(id: $id) { id } }', { id: leaf.id }, editor);
      expect(after.body.data.page).toBeNull();
      expect(await journalOf(t, leaf.id)).toEqual(['create', 'delete']);
      // The path is free again once the page is deleted.
      await createPage({ title: 'Feuille', parentId: parent.id });
    });
  });

  describe('navigation and lists', () => {
    it('returns the published tree of a channel in one request, hiding what sits under a draft', async () => {
      const nav = await publish(await createPage({ title: 'Navigation', slug: 'nav' }));
      const visible = await publish(await createPage({ title: 'Visible', parentId: nav.id }));
      const hiddenParent = await createPage({ title: 'Caché', parentId: nav.id });
      await publish(await createPage({ title: 'Sous caché', parentId: hiddenParent.id }));
      await publish(await createPage({ title: 'Borne seulement', parentId: nav.id, channels: ['KIOSK'] }));
      const web = await t.gql('{ navigation(channel: WEB) { path depth children { path depth children { path } } } }');
      const navNode = web.body.data.navigation.find((n: { path: string }) => n.path === '/nav');
      expect(navNode.children).toEqual([{ path: '/nav/visible', depth: 1, children: [] }]);
      const kiosk = await t.http().get('/api/v1/navigation').query({ channel: 'kiosk' }).expect(200);
      const kioskNav = kiosk.body.find((n: { path: string }) => n.path === '/nav');
      expect(kioskNav.children.map((c: { path: string }) => c.path)).toEqual(['/nav/visible', '/nav/borne-seulement']);
      expect(visible.id).toBeDefined();
    });

    it('pages through children in their order', async () => {
      const parent = await createPage({ title: 'Liste' });
      for (const title of ['P1', 'P2', 'P3']) await createPage({ title, parentId: parent.id });
      const query = 'query($p: ID, $after: String) { pages(parentId: $p, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { title } } } }';
      const first = await t.gql(query, { p: parent.id }, editor);
      expect(first.body.data.pages.totalCount).toBe(3);
      expect(first.body.data.pages.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['P1', 'P2']);
      expect(first.body.data.pages.pageInfo.hasNextPage).toBe(true);
      const second = await t.gql(query, { p: parent.id, after: first.body.data.pages.pageInfo.endCursor }, editor);
      expect(second.body.data.pages.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['P3']);
      expect(second.body.data.pages.pageInfo.hasNextPage).toBe(false);
    });

    it('keeps a cursor stable when a page is added before it', async () => {
      const query = 'query($after: String, $n: Int) { pages(first: $n, after: $after) { pageInfo { endCursor } edges { node { path } } } }';
      const firstThree = (await t.gql(query, { n: 3 }, editor)).body.data.pages.edges.map((e: { node: { path: string } }) => e.node.path);
      const firstTwo = await t.gql(query, { n: 2 }, editor);
      await createPage({ title: 'AAA en tête', slug: 'aaa' });
      const next = await t.gql(query, { n: 1, after: firstTwo.body.data.pages.pageInfo.endCursor }, editor);
      expect(next.body.data.pages.edges.map((e: { node: { path: string } }) => e.node.path)).toEqual([firstThree[2]]);
    });

    it('refuses a bad cursor and a page size over the cap', async () => {
      const bad = await t.gql('{ pages(after: "not-a-cursor") { totalCount } }');
      expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
      const big = await t.gql('{ pages(first: 1000) { totalCount } }');
      expect(big.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
      const notBoolean = await t.http().get('/api/v1/pages').query({ topLevelOnly: 'oui' }).expect(400);
      expect(notBoolean.body.errors).toEqual([expect.objectContaining({ path: 'topLevelOnly' })]);
      const rest = await t.http().get('/api/v1/pages').query({ first: 1000 }).expect(400);
      expect(rest.body.errors[0].path).toBe('first');
    });

    it('loads parents and children of a whole list with a constant number of queries', async () => {
      const listParent = await publish(await createPage({ title: 'Lot' }));
      const run = (first: number) => countQueries(() => t.gql(
        `query($p: ID, $n: Int) { pages(parentId: $p, first: $n) { edges { node { title parent { title } children { title } } } } }`,
        { p: listParent.id, n: first }, editor));
      for (let i = 0; i < 12; i++) {
        const child = await createPage({ title: `Enfant ${i}`, parentId: listParent.id });
        await createPage({ title: `Petit ${i}`, parentId: child.id });
      }
      const small = await run(2);
      const large = await run(12);
      expect(large.result.body.data.pages.edges).toHaveLength(12);
      expect(large.count).toBe(small.count);
    });
  });
});
