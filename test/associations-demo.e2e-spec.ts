import { DEMO_ASSOCIATIONS, seedDemoAssociations } from '../src/associations/associations.demo';
import { AssociationsService } from '../src/associations/associations.service';
import { RequestContext } from '../src/common/request-context';
import { SYSTEM_USER_ID } from '../src/seed/demo-content';
import { DEMO_TERMS } from '../src/taxonomy/taxonomy.demo';
import { TaxonomyService } from '../src/taxonomy/taxonomy.service';
import { Vocabulary } from '../src/taxonomy/vocabulary';
import { createTestApp, TestApp } from './support/test-app';

describe('demo associations of Anor', () => {
  let t: TestApp;
  const system = RequestContext.system({ userId: SYSTEM_USER_ID, role: 'admin', sessionId: SYSTEM_USER_ID });

  beforeAll(async () => {
    t = await createTestApp();
    const taxonomy = t.app.get(TaxonomyService);
    for (const [position, label] of DEMO_TERMS[Vocabulary.CATEGORY].entries()) {
      await taxonomy.create(system, Vocabulary.CATEGORY, { label, position });
    }
  });
  afterAll(() => t.close());

  it('are seeded once, published, through the service (journalled), and a second run adds nothing', async () => {
    const seed = () => seedDemoAssociations(system, t.app.get(AssociationsService), t.app.get(TaxonomyService));
    expect(await seed()).toBe(DEMO_ASSOCIATIONS.length);
    expect(await seed()).toBe(0);
    const [counts] = await t.dataSource.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'published')::int AS published,
      (SELECT count(*)::int FROM content_journal WHERE content_type = 'association' AND operation = 'publish') AS journalled FROM associations`);
    expect(counts).toEqual({ total: DEMO_ASSOCIATIONS.length, published: DEMO_ASSOCIATIONS.length, journalled: DEMO_ASSOCIATIONS.length });

    const underH = await t.gql('{ associations(categorySlug: "culture", letter: "H") { edges { node { name phone phoneDisplay categories { slug } } } } }');
    expect(underH.body.data.associations.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { name: "L'Harmonie d'Anor", phone: '+33327596170', phoneDisplay: '03 27 59 61 70', categories: [{ slug: 'culture' }] },
    ]);
    const rest = await t.http().get('/api/v1/associations').query({ first: 100 }).expect(200);
    expect(rest.body.totalCount).toBe(DEMO_ASSOCIATIONS.length);
    const patriotic = await t.http().get('/api/v1/associations').query({ categorySlug: 'patriotique' }).expect(200);
    expect(patriotic.body.data.map((item: { name: string }) => item.name)).toEqual([
      'Le Souvenir Français — comité d\'Anor', 'Union nationale des combattants — section d\'Anor',
    ]);
  });
});
