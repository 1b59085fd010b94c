import { DemoContentSeeder } from '../src/seed/demo-content';
import { createTestApp, TestApp } from './support/test-app';

describe('demo content', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('loads the Anor demo commune on an empty database, published and journaled', async () => {
    expect(await t.app.get(DemoContentSeeder).seedIfEmpty()).toBe(true);
    const nav = await t.gql('{ navigation(channel: KIOSK) { path children { path kioskTitle } } }');
    const viePratique = nav.body.data.navigation.find((item: { path: string }) => item.path === '/vie-pratique');
    expect(viePratique.children.map((child: { path: string }) => child.path)).toEqual(expect.arrayContaining([
      '/vie-pratique/espace-services-publics', '/vie-pratique/demarches', '/vie-pratique/dechets', '/vie-pratique/enfance',
    ]));
    const page = await t.gql('{ page(path: "/vie-pratique/espace-services-publics") { bodyHtml } }');
    expect(page.body.data.page.bodyHtml).toContain('5 &amp; 5bis rue Léo Lagrange');
    const [journal] = await t.dataSource.query("SELECT count(*)::int AS n FROM content_journal WHERE operation = 'publish'");
    expect(journal.n).toBeGreaterThan(10);
  });

  it('adds nothing when run again, and is not run on a database that already has content', async () => {
    const seeder = t.app.get(DemoContentSeeder);
    const [before] = await t.dataSource.query('SELECT count(*)::int AS n FROM content_journal');
    expect(await seeder.seed()).toEqual({ created: 0 });
    expect(await seeder.seedIfEmpty()).toBe(false);
    const [after] = await t.dataSource.query('SELECT count(*)::int AS n FROM content_journal');
    expect(after.n).toBe(before.n);
  });
});
