import { loginAs } from './support/auth-helpers';
import { createItem, PAGE, publishItem, unpublishItem } from './support/content-factories';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 11, point 12 (pages): a published page under a draft parent is not publicly reachable, so
 * its public path never reveals the draft's slug, in GraphQL, REST and the navigation alike. It goes
 * online, at the same path, when its section is published.
 */
const SECRET = 'projet-piscine-confidentiel';

describe('page paths: published pages under a hidden parent', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  interface Written { id: string; version: number; path: string }

  const fields = { fields: 'id version path' };
  const createPage = (input: Record<string, unknown>): Promise<Written> => createItem(t, editor, PAGE, input, fields);
  const publish = (page: Written): Promise<Written> => publishItem(t, editor, PAGE, page, fields);
  const unpublish = (page: Written): Promise<Written> => unpublishItem(t, editor, PAGE, page, fields);

  /**
   * Everything an anonymous visitor can ask for a page tree, GraphQL and REST: whether each read
   * finds the page (REST by id takes no channel: last), and the raw texts of the answers that do not
   * echo the path the visitor sent (a 404 by path names the request's own URL).
   */
  async function publicAnswers(child: Written, channel?: 'WEB' | 'KIOSK'): Promise<{ reachable: boolean[]; texts: string[] }> {
    const channelArg = channel ? `, channel: ${channel}` : '';
    const restChannel = channel ? { channel: channel.toLowerCase() } : {};
    const byPath = await t.gql(`query($p: String) { page(path: $p${channelArg}) { id path } }`, { p: child.path });
    const byId = await t.gql(`query($id: ID) { page(id: $id${channelArg}) { id path } }`, { id: child.id });
    const list = await t.gql(`{ pages(first: 100${channelArg}) { totalCount edges { node { id path } } } }`);
    const navigation = await t.gql(`{ navigation(channel: ${channel ?? 'WEB'}) { path children { path children { path } } } }`);
    const restList = await t.http().get('/api/v1/pages').query({ first: 100, ...restChannel });
    const restByPath = await t.http().get('/api/v1/pages/by-path').query({ path: child.path, ...restChannel });
    const restById = await t.http().get(`/api/v1/pages/${child.id}`);
    const restNavigation = await t.http().get('/api/v1/navigation').query({ channel: (channel ?? 'WEB').toLowerCase() });
    const listed = (list.body.data.pages.edges as { node: { id: string } }[]).some((edge) => edge.node.id === child.id);
    const restListed = (restList.body.data as { id: string }[]).some((page) => page.id === child.id);
    return {
      reachable: [byPath.body.data.page !== null, byId.body.data.page !== null, listed, restListed, restByPath.status === 200, restById.status === 200],
      texts: [byId, list, navigation, restList, restById, restNavigation].map((res) => res.text),
    };
  }

  it('hides a published page under a draft parent everywhere, so no public answer holds the draft\'s slug', async () => {
    const parent = await createPage({ title: 'Projet de piscine', slug: SECRET });
    const child = await publish(await createPage({ title: 'Horaires', slug: 'horaires-piscine', parentId: parent.id }));
    expect(child.path).toBe(`/${SECRET}/horaires-piscine`);
    const { reachable, texts } = await publicAnswers(child);
    expect(reachable).toEqual([false, false, false, false, false, false]);
    for (const text of texts) expect(text).not.toContain(SECRET);
  });

  it('puts the page online at the same path once its parent is published, and hides it again when the parent is unpublished', async () => {
    const parent = await createPage({ title: 'Travaux de la mairie', slug: 'travaux-mairie' });
    const child = await publish(await createPage({ title: 'Calendrier des travaux', slug: 'calendrier', parentId: parent.id }));
    const published = await publish(parent);
    const online = await publicAnswers(child);
    expect(online.reachable).toEqual([true, true, true, true, true, true]);
    const gql = await t.gql('query($p: String) { page(path: $p) { path parent { path } } }', { p: '/travaux-mairie/calendrier' });
    expect(gql.body.data.page).toEqual({ path: '/travaux-mairie/calendrier', parent: { path: '/travaux-mairie' } });
    const navigation = await t.http().get('/api/v1/navigation').query({ channel: 'web' }).expect(200);
    expect(JSON.stringify(navigation.body)).toContain('/travaux-mairie/calendrier');

    await unpublish(published);
    expect((await publicAnswers(child)).reachable).toEqual([false, false, false, false, false, false]);
  });

  it('hides a page below a hidden grandparent, however deep', async () => {
    const top = await createPage({ title: 'Rubrique en préparation', slug: 'rubrique-en-preparation' });
    const middle = await publish(await createPage({ title: 'Sous-rubrique', slug: 'sous-rubrique', parentId: top.id }));
    const leaf = await publish(await createPage({ title: 'Feuille', slug: 'feuille', parentId: middle.id }));
    const { reachable, texts } = await publicAnswers(leaf);
    expect(reachable).toEqual([false, false, false, false, false, false]);
    for (const text of texts) expect(text).not.toContain('rubrique-en-preparation');
  });

  it('applies the channel to the ancestors too: a kiosk page under a web-only section is not on the kiosk', async () => {
    const section = await publish(await createPage({ title: 'Section web', slug: 'section-web', channels: ['WEB'] }));
    const child = await publish(await createPage({ title: 'Page partout', slug: 'page-partout', parentId: section.id, channels: ['WEB', 'KIOSK'] }));
    expect((await publicAnswers(child, 'KIOSK')).reachable).toEqual([false, false, false, false, false, true]);
    expect((await publicAnswers(child, 'WEB')).reachable).toEqual([true, true, true, true, true, true]);
  });

  it('still shows staff every page as a preview, and the public view when they ask for published pages', async () => {
    const parent = await createPage({ title: 'Brouillon de section', slug: 'brouillon-de-section' });
    const child = await publish(await createPage({ title: 'Enfant publié', slug: 'enfant-publie', parentId: parent.id }));
    const preview = await t.gql('query($p: String) { page(path: $p) { id status } }', { p: child.path }, editor);
    expect(preview.body.data.page).toEqual({ id: child.id, status: 'PUBLISHED' });
    const all = await t.gql('{ pages(first: 100) { edges { node { id } } } }', {}, editor);
    expect((all.body.data.pages.edges as { node: { id: string } }[]).map((edge) => edge.node.id)).toContain(child.id);
    const asPublic = await t.gql('{ pages(first: 100, status: PUBLISHED) { edges { node { id } } } }', {}, editor);
    expect((asPublic.body.data.pages.edges as { node: { id: string } }[]).map((edge) => edge.node.id)).not.toContain(child.id);
  });
});
