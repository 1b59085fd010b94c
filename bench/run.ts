import 'reflect-metadata';
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config';
import { runMigrations } from '../src/database/database-runtime';
import { ScratchCluster } from '../src/database/scratch-cluster';
import { generateCommune, GeneratedCommune } from './commune';
import { compareReports, loadReport } from './compare';
import { ServerProcess } from './server-process';
import { runPdfInspectionBench } from './pdf-inspection';
import { BenchReport, BudgetKind, ScenarioResult, writeMarkdown } from './report';

/**
 * `npm run bench` (issue 12): loads the generated commune (bench/commune.ts) into a scratch PostgreSQL
 * (embedded, or DATABASE_URL's server, in a new database dropped afterwards), boots the real app and
 * the baseline (bench/baseline.ts: node:http + pg answering the same list) in their own processes
 * (bench/server-process.ts), and measures every scenario with autocannon from this one over loopback: req/s, p50/p99, ratio to the baseline,
 * SQL statements per request, RSS. Writes bench/results/latest.md and latest.json (and a dated copy
 * of the JSON). Nothing here asserts a time: compare runs on the same machine.
 *
 * Options (environment): BENCH_SCALE (data size, default 1 = 10,000 events…; 0.1 for a quick run),
 * BENCH_SECONDS (measured seconds per scenario, default 10), BENCH_WARMUP (seconds of warm-up before
 * each, default 3), BENCH_CONNECTIONS (default 10), BENCH_SCENARIO (only scenarios whose name
 * contains this text; the baseline list always runs), BENCH_WRITES (sequential page saves of the
 * write-latency measure, default 200, 0 to skip), BENCH_CPU_PROF=1 (a CPU profile of the app during each
 * scenario's measured run, in bench/results/profiles), BENCH_LOG_SQL=1 (every statement the servers send, on stderr).
 * Arguments: `--compare <old.json>` prints the deltas of this run against an older one;
 * `--compare <old.json> <new.json>` compares two files without running; `--pdf` runs the PDF
 * inspection benchmark instead (bench/pdf-inspection.ts).
 */

type Target = 'app' | 'baseline';

interface Scenario {
  id: string;
  name: string;
  target: Target;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** The baseline scenario whose req/s this one is divided by. */
  baseline?: string;
  budget?: BudgetKind;
  /** Status class expected: 2 (default) or 3 (a 304). */
  expectClass?: 2 | 3;
  /** Per-request changes (autocannon's setupRequest/onResponse), for cache-busting and versioned writes. */
  setupRequest?: (request: autocannon.Request, context: Record<string, unknown>) => autocannon.Request;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

function gqlBody(query: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query, variables });
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const mb = (bytes: number): number => Math.round(bytes / 1048576);

function settings(): { scale: number; seconds: number; warmup: number; connections: number; only: string; writes: number } {
  return {
    scale: Number(process.env.BENCH_SCALE ?? 1),
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    warmup: Number(process.env.BENCH_WARMUP ?? 3),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
    only: process.env.BENCH_SCENARIO ?? '',
    writes: Number(process.env.BENCH_WRITES ?? 200),
  };
}

function machine(): BenchReport['machine'] {
  const cpu = cpus();
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    commit = null;
  }
  return {
    cpuModel: cpu[0]?.model ?? 'unknown', cores: cpu.length, totalMemoryMb: mb(totalmem()),
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100), node: process.version, commit,
  };
}

async function main(): Promise<void> {
  const options = settings();
  const started = new Date();
  const machineAtStart = machine();
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const cluster = await ScratchCluster.start(config.databaseUrl);
  const databaseName = `parvis_bench_${Date.now()}`;
  const url = await cluster.createDatabase(databaseName);
  let app: ServerProcess | undefined;
  let baseline: ServerProcess | undefined;
  try {
    await runMigrations(url);
    const loader = new DataSource({ type: 'postgres', url });
    await loader.initialize();
    const loadStarted = performance.now();
    const commune = await generateCommune(loader, options.scale);
    const loadSeconds = Math.round((performance.now() - loadStarted) / 100) / 10;
    await loader.destroy();
    process.stdout.write(`Loaded the commune at scale ${options.scale} in ${loadSeconds} s: ${JSON.stringify(commune.counts)}\n`);

    [app, baseline] = await Promise.all([ServerProcess.start('app', url), ServerProcess.start('baseline', url)]);
    const servers: Record<Target, ServerProcess> = { app, baseline };
    const base = { app: `http://127.0.0.1:${app.ready.port}`, baseline: `http://127.0.0.1:${baseline.ready.port}` };
    const pictureUrl = app.ready.pictureUrl ?? '';
    const [token, writerToken] = app.ready.editorTokens ?? [];
    const renditionFirstRequestMs: Record<string, number> = {};
    for (const format of ['webp', 'jpeg', 'avif']) {
      for (const width of [320, 640, 1600]) {
        const startedAt = performance.now();
        await rawRequest(`${base.app}${pictureUrl}?w=${width}&format=${format}`, 'GET', {});
        renditionFirstRequestMs[`${width}.${format}`] = Math.round(performance.now() - startedAt);
      }
    }
    process.stdout.write(`First request of a rendition (made, then stored), ms: ${JSON.stringify(renditionFirstRequestMs)}\n`);
    const page50 = await cursorOfPage(base.app, 50);
    const sameRows = await checkSameRows(base);
    process.stdout.write(`Baseline and API list the same 20 (event, start) pairs: ${sameRows ? 'yes' : 'NO'}\n`);
    const rssAfterBoot = (await app.stats()).rssMb;
    process.stdout.write(`${options.warmup} s warm-up + ${options.seconds} s per scenario, ${options.connections} connections. RSS after boot ${rssAfterBoot} MB.\n\n`);

    const scenarios = buildScenarios(commune, page50, pictureUrl, token);
    const chosen = scenarios.filter((scenario) => scenario.target === 'baseline' || scenario.name.includes(options.only));
    const results: ScenarioResult[] = [];
    for (const scenario of chosen) {
      const result = await runScenario(scenario, base[scenario.target], options, servers[scenario.target]);
      const reference = scenario.baseline ? results.find((candidate) => candidate.id === scenario.baseline) : undefined;
      result.ratioToBaseline = reference && reference.requestsPerSecond > 0
        ? Math.round((result.requestsPerSecond / reference.requestsPerSecond) * 1000) / 1000 : null;
      results.push(result);
      process.stdout.write(`${result.name}: ${result.requestsPerSecond} req/s${result.ratioToBaseline !== null ? ` (×${result.ratioToBaseline} baseline)` : ''}, `
        + `p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${result.serverCpuMsPerRequest} CPU ms/request, ${result.sqlPerRequest} SQL/request (run average ${result.sqlPerRequestInRun}), `
        + `RSS ${result.rssMb} MB${result.unexpectedStatus ? `, ${result.unexpectedStatus} unexpected status!` : ''}\n`);
    }
    const writes = options.writes > 0 && (!options.only || 'writes: updatePage'.includes(options.only))
      ? await measureWrites(url, base.app, commune.sectionId, options.writes, writerToken, app) : null;
    const memory = await app.stats();
    const report: BenchReport = {
      date: started.toISOString(),
      machine: machineAtStart,
      settings: { scale: options.scale, seconds: options.seconds, warmup: options.warmup, connections: options.connections, scenarioFilter: options.only || null },
      data: { ...commune.counts, loadSeconds },
      sameRowsAsBaseline: sameRows,
      memoryMb: { rssAfterBoot, rssAfterRun: memory.rssMb, heapUsedAfterRun: memory.heapUsedMb },
      renditionFirstRequestMs,
      results,
      writes,
    };
    const folder = join(__dirname, 'results');
    mkdirSync(folder, { recursive: true });
    const json = JSON.stringify(report, null, 2) + '\n';
    writeFileSync(join(folder, 'latest.json'), json);
    writeFileSync(join(folder, `${report.date.replace(/[:.]/g, '-')}.json`), json);
    writeFileSync(join(folder, 'latest.md'), writeMarkdown(report));
    process.stdout.write(`\nWritten to bench/results/latest.md and latest.json (and ${report.date.replace(/[:.]/g, '-')}.json)\n`);
    const compareWith = argumentAfter('--compare');
    if (compareWith) process.stdout.write(`\n${compareReports(loadReport(compareWith), report)}`);
  } finally {
    await baseline?.stop();
    await app?.stop();
    await cluster.dropDatabase(databaseName).catch(() => undefined);
    await cluster.stop();
  }
}

function buildScenarios(commune: GeneratedCommune, page50: string, pictureUrl: string, token: string): Scenario[] {
  const sixFields = '{ events(first: 20) { edges { node { startsAt endsAt eventStatus event { id title placeName } } } } }';
  const kioskHome = `{
    commune { name }
    upcomingEvents(first: 6, channel: KIOSK) { startsAt endsAt eventStatus event { id title placeName categories { label } } }
    navigation(channel: KIOSK) { title kioskTitle path children { title kioskTitle path } }
    legalNoticesOnDisplay(first: 5, channel: KIOSK) { edges { node { id title kind reference } } }
    associations(first: 10, channel: KIOSK) { edges { node { id name summary } } }
  }`;
  // The uncached list: each request asks from a different millisecond (a new cache key whatever
  // the cache keys on), which gives the same rows as "from now".
  let millisecond = Date.now();
  const uncachedList: Scenario['setupRequest'] = (request) => {
    request.path = `/api/v1/events?first=20&from=${new Date(++millisecond).toISOString()}`;
    return request;
  };
  // A fixed URL measured uncached: the response cache keys on Accept too, so each request asks with
  // its own (equivalent) Accept value and misses the cache.
  let acceptVariant = 0;
  const uncachedAccept: Scenario['setupRequest'] = (request) => {
    request.headers = { ...request.headers, accept: `application/json;v=${++acceptVariant}` };
    return request;
  };
  // The authenticated update: each connection saves its own event (no version conflicts), sending
  // the version its previous save returned.
  const versions = new Map<string, number>(commune.singleEventIds.map((id) => [id, 2]));
  let nextEvent = 0;
  const update: Scenario['setupRequest'] = (request, context) => {
    if (typeof context.eventId !== 'string') context.eventId = commune.singleEventIds[nextEvent++ % commune.singleEventIds.length];
    const id = context.eventId as string;
    request.body = gqlBody('mutation($id: ID!, $v: Int!, $s: String) { updateEvent(id: $id, version: $v, input: { summary: $s }) { version } }',
      { id, v: versions.get(id), s: `Résumé modifié ${millisecond++}` });
    return request;
  };
  const updated: Scenario['onResponse'] = (_status, body, context) => {
    const version = (JSON.parse(body) as { data?: { updateEvent?: { version: number } } }).data?.updateEvent?.version;
    if (version) versions.set(context.eventId as string, version);
  };
  const list = '/api/v1/events?first=20';
  return [
    { id: 'baseline-floor', name: 'baseline: node:http, no work', target: 'baseline', method: 'GET', path: '/' },
    { id: 'baseline-list', name: 'baseline: node:http + pg, 20 upcoming events', target: 'baseline', method: 'GET', path: '/events?first=20' },
    { id: 'baseline-one', name: 'baseline: node:http + pg, one event', target: 'baseline', method: 'GET', path: `/events/${commune.oneEventId}` },
    { id: 'floor', name: 'framework floor: GET /health/live', target: 'app', method: 'GET', path: '/health/live', baseline: 'baseline-floor' },
    { id: 'rest-list', name: 'REST: 20 upcoming events (uncached: a new from= each request)', target: 'app', method: 'GET', path: list,
      setupRequest: uncachedList, baseline: 'baseline-list', budget: 'uncached' },
    { id: 'gql-list', name: 'GraphQL: 20 upcoming events, 6 fields (POST)', target: 'app', method: 'POST', path: '/graphql',
      body: gqlBody(sixFields), headers: JSON_HEADERS, baseline: 'baseline-list', budget: 'uncached' },
    { id: 'rest-one', name: 'REST: one event by id', target: 'app', method: 'GET', path: `/api/v1/events/${commune.oneEventId}`,
      setupRequest: uncachedAccept, baseline: 'baseline-one', budget: 'uncached' },
    { id: 'rest-page50', name: 'REST: all events, page 50 by cursor (rows 981-1000)', target: 'app', method: 'GET',
      path: `/api/v1/events?from=2000-01-01T00:00:00Z&first=20&after=${page50}`, setupRequest: uncachedAccept, baseline: 'baseline-list', budget: 'uncached' },
    { id: 'gql-relations', name: 'GraphQL: 20 upcoming events with organizer and categories (POST)', target: 'app', method: 'POST', path: '/graphql',
      body: gqlBody('{ events(first: 20) { edges { node { startsAt event { id title organizer { id name } categories { id label } } } } } }'),
      headers: JSON_HEADERS, baseline: 'baseline-list', budget: 'uncached' },
    { id: 'rest-associations', name: `REST: associations of a category whose name has "${commune.searchWord}"`, target: 'app', method: 'GET',
      path: `/api/v1/associations?category=${commune.categoryId}&search=${commune.searchWord}&first=20`, setupRequest: uncachedAccept,
      baseline: 'baseline-list', budget: 'uncached' },
    { id: 'gql-kiosk-home', name: 'GraphQL: kiosk home (commune, 6 events, menu, 5 notices, 10 associations) (POST)', target: 'app', method: 'POST',
      path: '/graphql', body: gqlBody(kioskHome), headers: JSON_HEADERS, baseline: 'baseline-list' },
    { id: 'gql-navigation', name: 'GraphQL: navigation(channel: WEB), whole tree (POST)', target: 'app', method: 'POST', path: '/graphql',
      body: gqlBody('{ navigation(channel: WEB) { title path children { title path children { title path } } } }'), headers: JSON_HEADERS,
      baseline: 'baseline-list' },
    { id: 'rest-navigation', name: 'REST: GET /api/v1/navigation?channel=kiosk', target: 'app', method: 'GET', path: '/api/v1/navigation?channel=kiosk',
      baseline: 'baseline-list' },
    { id: 'gql-update', name: 'GraphQL: updateEvent by an editor (each connection its own event)', target: 'app', method: 'POST', path: '/graphql',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` }, setupRequest: update, onResponse: updated },
    { id: 'rest-list-again', name: 'REST: the same 20 upcoming events again (a cache hit when there is a cache)', target: 'app', method: 'GET', path: list,
      baseline: 'baseline-list', budget: 'cached' },
    { id: 'gql-get-again', name: 'GraphQL over GET: the same 6-field list again (a cache hit when there is a cache)', target: 'app', method: 'GET',
      path: `/graphql?query=${encodeURIComponent(sixFields)}`, headers: JSON_HEADERS, baseline: 'baseline-list', budget: 'cached' },
    { id: 'rest-list-304', name: 'REST: the same list with If-None-Match (304)', target: 'app', method: 'GET', path: list,
      headers: { 'if-none-match': '<etag>' }, expectClass: 3, baseline: 'baseline-list', budget: 'cached' },
    { id: 'media-original', name: 'GET /media/{id}/{name}, original photo (1.1 MB)', target: 'app', method: 'GET', path: pictureUrl },
    { id: 'media-rendition', name: 'GET /media/{id}/{name}?w=640&format=webp, stored rendition', target: 'app', method: 'GET', path: `${pictureUrl}?w=640&format=webp` },
  ];
}

async function runScenario(scenario: Scenario, origin: string, options: ReturnType<typeof settings>, server: ServerProcess): Promise<ScenarioResult> {
  const headers = { ...scenario.headers };
  // Let the previous run's last requests finish, so the probe counts only its own statements.
  await new Promise((settle) => setTimeout(settle, 500));
  if (headers['if-none-match'] === '<etag>') {
    const etag = (await rawRequest(`${origin}${scenario.path}`, 'GET', {})).headers.get('etag');
    if (etag) headers['if-none-match'] = etag;
    else {
      // No ETag to send back: the scenario measures plain 200s, and says so.
      delete headers['if-none-match'];
      scenario = { ...scenario, expectClass: 2, name: `${scenario.name} [no ETag: plain GET]` };
    }
  }
  // A cached scenario is probed on its second request: the first fills the cache.
  if (scenario.budget === 'cached' && scenario.expectClass !== 3) await rawRequest(`${origin}${scenario.path}`, scenario.method, headers, scenario.body);
  const probeContext: Record<string, unknown> = {};
  const probeRequest = scenario.setupRequest?.({ method: scenario.method, path: scenario.path, body: scenario.body, headers }, probeContext)
    ?? { method: scenario.method, path: scenario.path, body: scenario.body, headers };
  const sqlBeforeProbe = (await server.stats()).sqlCount;
  const probe = await rawRequest(`${origin}${probeRequest.path ?? scenario.path}`, scenario.method, headers, probeRequest.body as string | undefined);
  const probeBody = probe.body;
  const sqlPerRequest = (await server.stats()).sqlCount - sqlBeforeProbe;
  scenario.onResponse?.(probe.status, probeBody, probeContext);
  const problem = probeProblem(scenario, probe.status, probeBody);
  if (problem) process.stdout.write(`  ! ${scenario.name}: ${problem}\n`);
  const cacheHeaders = Object.fromEntries(['etag', 'cache-control', 'age', 'x-cache'].flatMap((name) => {
    const value = probe.headers.get(name);
    return value ? [[name, value]] : [];
  }));
  const run = async (duration: number): Promise<autocannon.Result> => autocannon({
    url: `${origin}${scenario.path}`,
    connections: options.connections,
    duration,
    requests: [{
      method: scenario.method, path: scenario.path, body: scenario.body, headers,
      ...(scenario.setupRequest && { setupRequest: scenario.setupRequest as (request: autocannon.Request, context: object) => autocannon.Request }),
      ...(scenario.onResponse && { onResponse: scenario.onResponse as (status: number, body: string, context: object) => void }),
    }],
  });
  if (options.warmup > 0) await run(options.warmup);
  const profile = process.env.BENCH_CPU_PROF === '1' && scenario.target === 'app';
  if (profile) await server.profileStart();
  const before = await server.stats();
  const result = await run(options.seconds);
  const after = await server.stats();
  if (profile) await server.profileStop(scenario.id);
  const total = result.requests.total;
  const expected = scenario.expectClass === 3 ? result['3xx'] : result['2xx'];
  return {
    id: scenario.id,
    name: scenario.name,
    target: scenario.target,
    budget: scenario.budget ?? null,
    requestsPerSecond: Math.round(result.requests.average),
    ratioToBaseline: null,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    requests: total,
    unexpectedStatus: total - expected + result.errors,
    probeStatus: probe.status,
    probeProblem: problem,
    sqlPerRequest,
    sqlPerRequestInRun: total > 0 ? Math.round(((after.sqlCount - before.sqlCount) / total) * 100) / 100 : null,
    serverCpuMsPerRequest: total > 0 ? Math.round(((after.cpuMs - before.cpuMs) / total) * 1000) / 1000 : null,
    rssMb: after.rssMb,
    cacheHeaders,
  };
}

/**
 * One request as autocannon sends it (node:http, our headers only). Not fetch(): a fetch with
 * If-None-Match adds `Cache-Control: no-cache` (the Fetch standard's cache mode), which makes a
 * server answer 200 instead of 304.
 */
function rawRequest(url: string, method: string, headers: Record<string, string>, body?: string):
  Promise<{ status: number; headers: Headers; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers: { ...headers, ...(body && { 'content-length': String(Buffer.byteLength(body)) }) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) answerHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        resolve({ status: response.statusCode ?? 0, headers: answerHeaders, body: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** What is wrong with a probe's answer, if anything: a status of the wrong class or GraphQL errors. */
function probeProblem(scenario: Scenario, status: number, body: string): string | null {
  if (Math.floor(status / 100) !== (scenario.expectClass ?? 2)) return `status ${status}: ${body.slice(0, 300)}`;
  if (scenario.path.startsWith('/graphql') && body.includes('"errors"')) return `GraphQL errors: ${body.slice(0, 300)}`;
  return null;
}

/** The cursor that asks for page `page` of all events (20 a page), as a client paging would have it. */
async function cursorOfPage(origin: string, page: number): Promise<string> {
  let cursor = '';
  for (let index = 1; index < page; index++) {
    const response = await fetch(`${origin}/api/v1/events?from=2000-01-01T00:00:00Z&first=20${cursor ? `&after=${cursor}` : ''}`);
    const body = (await response.json()) as { pageInfo: { endCursor: string | null; hasNextPage: boolean } };
    if (!body.pageInfo.endCursor || !body.pageInfo.hasNextPage) break;
    cursor = body.pageInfo.endCursor;
  }
  return cursor;
}

/** Whether the baseline's list and the API's hold the same (event id, start) pairs in the same order. */
async function checkSameRows(base: Record<Target, string>): Promise<boolean> {
  const [api, plain] = await Promise.all([
    fetch(`${base.app}/api/v1/events?first=20`).then((response) => response.json() as Promise<{ data: Array<{ startsAt: string; event: { id: string } }> }>),
    fetch(`${base.baseline}/events?first=20`).then((response) => response.json() as Promise<{ data: Array<{ startsAt: string; event: { id: string } }> }>),
  ]);
  const key = (rows: Array<{ startsAt: string; event: { id: string } }>): string =>
    rows.map((row) => `${row.event.id}@${new Date(row.startsAt).toISOString()}`).join(',');
  return api.data.length === 20 && key(api.data) === key(plain.data);
}

/**
 * What one edit costs, one at a time as a person works: an editor saves the same page `count` times
 * in a row through GraphQL (each save sends the version it read); mean and p99 of a save, SQL per save.
 */
async function measureWrites(databaseUrl: string, origin: string, pageId: string, count: number, token: string, app: ServerProcess):
  Promise<{ writes: number; meanMs: number; p99Ms: number; sqlQueriesPerWrite: number }> {
  const mutation = 'mutation($id: ID!, $v: Int!, $s: String) { updatePage(id: $id, version: $v, input: { summary: $s }) { version } }';
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows: [{ version: firstVersion }] } = await client.query<{ version: number }>('SELECT version FROM pages WHERE id = $1', [pageId]);
  await client.end();
  let version = firstVersion;
  const save = async (n: number): Promise<void> => {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` },
      body: gqlBody(mutation, { id: pageId, v: version, s: `Résumé numéro ${n}` }),
    });
    const body = await response.json() as { data?: { updatePage: { version: number } }; errors?: unknown[] };
    if (!body.data) throw new Error(`updatePage failed: ${JSON.stringify(body.errors)}`);
    version = body.data.updatePage.version;
  };
  await new Promise((settle) => setTimeout(settle, 500));
  const before = (await app.stats()).sqlCount;
  await save(0);
  const sqlQueriesPerWrite = (await app.stats()).sqlCount - before;
  const times: number[] = [];
  for (let n = 1; n <= count; n++) {
    const startedAt = performance.now();
    await save(n);
    times.push(performance.now() - startedAt);
  }
  times.sort((a, b) => a - b);
  const result = {
    writes: count,
    meanMs: Math.round((times.reduce((sum, time) => sum + time, 0) / times.length) * 100) / 100,
    p99Ms: Math.round(times[Math.max(0, Math.ceil(times.length * 0.99) - 1)] * 100) / 100,
    sqlQueriesPerWrite,
  };
  process.stdout.write(`writes: updatePage, ${result.writes} saves one after another: mean ${result.meanMs} ms, p99 ${result.p99Ms} ms, ${result.sqlQueriesPerWrite} SQL/save\n`);
  return result;
}

function argumentAfter(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function entry(): Promise<void> {
  if (process.argv.includes('--pdf')) return runPdfInspectionBench();
  const compareIndex = process.argv.indexOf('--compare');
  const second = compareIndex >= 0 ? process.argv[compareIndex + 2] : undefined;
  if (compareIndex >= 0 && second && !second.startsWith('--')) {
    process.stdout.write(compareReports(loadReport(process.argv[compareIndex + 1]), loadReport(second)));
    return Promise.resolve();
  }
  return main();
}

entry().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
