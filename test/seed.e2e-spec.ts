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

  it('shows the media demo\'s pictures and PDF acts in the content that uses them, to the public', async () => {
    const harmonie = await t.gql('{ association(slug: "l-harmonie-d-anor") { logo { fileName alt } } }');
    expect(harmonie.body.data.association.logo).toEqual({ fileName: 'logo-harmonie-municipale.png', alt: expect.stringContaining('harmonie') });
    const brocante = await t.gql('{ event(slug: "brocante-de-printemps") { image { fileName alt } } }');
    expect(brocante.body.data.event.image).toMatchObject({ fileName: 'brocante-place-du-general-de-gaulle.jpg' });
    const board = await t.gql('{ legalNoticesOnDisplay(first: 50) { edges { node { fingerprintPayload documents { sha256 media { sha256 mimeType } } } } } }');
    const notices = board.body.data.legalNoticesOnDisplay.edges.map((edge: { node: unknown }) => edge.node) as
      { fingerprintPayload: string; documents: { sha256: string; media: { sha256: string; mimeType: string } }[] }[];
    expect(notices.length).toBeGreaterThan(5);
    for (const notice of notices) {
      expect(notice.documents.map((document) => document.media)).toEqual(notice.documents.map((document) => ({ sha256: document.sha256, mimeType: 'application/pdf' })));
      expect(JSON.parse(notice.fingerprintPayload).documents).toEqual(notice.documents.map((document) => document.sha256));
    }
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
