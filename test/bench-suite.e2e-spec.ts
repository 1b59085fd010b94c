import { createHash } from 'node:crypto';
import { startBaseline } from '../bench/baseline';
import { CATEGORIES, generateCommune, GeneratedCommune } from '../bench/commune';
import { compareReports } from '../bench/compare';
import { BenchReport, budgetVerdict, ScenarioResult } from '../bench/report';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The benchmark suite's moving parts (issue 12), on a tiny commune: the generated rows are served
 * by the API like content it wrote, the baseline answers the same rows as the API, and the report
 * helpers compute budgets and deltas. `npm run bench` itself is run by hand (it measures time).
 */
describe('benchmark suite', () => {
  let t: TestApp;
  let commune: GeneratedCommune;

  beforeAll(async () => {
    t = await createTestApp();
    commune = await generateCommune(t.dataSource, 0.002);
  });

  afterAll(async () => {
    await t.close();
  });

  it('loads the commune at the asked scale, with deterministic ids', async () => {
    expect(commune.counts).toMatchObject({ events: 20, associations: 12, legalNotices: 10, procedures: 1 });
    // Every tenth event is a weekly series of 52 dates.
    expect(commune.counts.occurrences).toBe(18 + 2 * 52);
    const md5 = createHash('md5').update('event-1').digest('hex');
    const expected = `${md5.slice(0, 8)}-${md5.slice(8, 12)}-4${md5.slice(13, 16)}-8${md5.slice(17, 20)}-${md5.slice(20)}`;
    const [row]: { id: string }[] = await t.dataSource.query(`SELECT id FROM events WHERE slug = 'evenement-1'`);
    expect(row.id).toBe(expected);
  });

  it('serves the generated content through the public API like content written by it', async () => {
    const events = await t.http().get('/api/v1/events?first=20').expect(200);
    expect(events.body.data.length).toBeGreaterThan(0);
    const associations = await t.http().get(`/api/v1/associations?category=${commune.categoryId}&search=${commune.searchWord}`).expect(200);
    expect(associations.body.data.length).toBeGreaterThan(0);
    for (const association of associations.body.data as { name: string }[]) expect(association.name).toMatch(/pétanque/);
    const kiosk = await t.gql(`{
      upcomingEvents(first: 6, channel: KIOSK) { startsAt event { title organizer { name } categories { label } } }
      navigation(channel: KIOSK) { title children { title } }
      legalNoticesOnDisplay(first: 5) { edges { node { title reference } } }
      procedures(first: 5) { edges { node { title cases { label } } } }
    }`);
    expect(kiosk.body.errors).toBeUndefined();
    expect(kiosk.body.data.navigation.length).toBeGreaterThan(0);
    expect(kiosk.body.data.procedures.edges.length).toBe(1);
    const terms = await t.http().get('/api/v1/terms?vocabulary=category').expect(200);
    expect((terms.body as { label: string }[]).map((term) => term.label)).toEqual(CATEGORIES);
  });

  it('has a baseline that lists the same (event, start) pairs as GET /api/v1/events', async () => {
    const baseline = await startBaseline(t.databaseUrl);
    try {
      const api = await t.http().get('/api/v1/events?first=20').expect(200);
      const plain = (await (await fetch(`http://127.0.0.1:${baseline.port}/events?first=20`)).json()) as { data: Array<{ startsAt: string; event: { id: string } }> };
      const pairs = (rows: Array<{ startsAt: string; event: { id: string } }>): string[] =>
        rows.map((row) => `${row.event.id}@${new Date(row.startsAt).toISOString()}`);
      expect(plain.data.length).toBe(api.body.data.length);
      expect(pairs(plain.data)).toEqual(pairs(api.body.data));
      const one = await fetch(`http://127.0.0.1:${baseline.port}/events/${commune.oneEventId}`);
      expect(((await one.json()) as { id: string }).id).toBe(commune.oneEventId);
    } finally {
      await baseline.close();
    }
  });

  it('judges the budgets and prints deltas by scenario', () => {
    const result = (id: string, requestsPerSecond: number, ratio: number | null, p99: number, budget: ScenarioResult['budget']): ScenarioResult => ({
      id, name: id, target: 'app', budget, requestsPerSecond, ratioToBaseline: ratio, latencyMs: { p50: 1, p90: 2, p99, max: p99 },
      requests: requestsPerSecond * 10, unexpectedStatus: 0, probeStatus: 200, probeProblem: null, sqlPerRequest: 2, sqlPerRequestInRun: 2,
      rssMb: 100, cacheHeaders: {},
    });
    expect(budgetVerdict(result('list', 700, 0.6, 20, 'uncached'))).toBe('met');
    expect(budgetVerdict(result('list', 500, 0.4, 60, 'uncached'))).toBe('miss: < 600/s, < ½ baseline, p99 ≥ 50 ms');
    expect(budgetVerdict(result('again', 5000, 0.9, 10, 'cached'))).toBe('miss: < baseline');
    const report = (results: ScenarioResult[]): BenchReport => ({
      date: '2026-12-04T00:00:00.000Z',
      machine: { cpuModel: 'test', cores: 2, totalMemoryMb: 1, loadAverageAtStart: [0, 0, 0], node: 'v20', commit: null },
      settings: { scale: 1, seconds: 10, warmup: 3, connections: 10, scenarioFilter: null },
      data: { events: 1, associations: 1, legalNotices: 1, pages: 1, procedures: 1, occurrences: 1, loadSeconds: 1 },
      sameRowsAsBaseline: true,
      memoryMb: { rssAfterBoot: 1, rssAfterRun: 1, heapUsedAfterRun: 1 },
      renditionFirstRequestMs: {},
      results,
      writes: null,
    });
    const text = compareReports(report([result('list', 100, 0.1, 80, 'uncached'), result('gone', 1, null, 1, null)]),
      report([result('list', 150, 0.15, 40, 'uncached'), result('new', 1, null, 1, null)]));
    expect(text).toContain('| list | 150 | +50 % | 0.1 → 0.15 | 0 | -40 | 0 |');
    expect(text).toContain('| new | 1 | new |');
    expect(text).toContain('Not in this run: gone');
  });
});
