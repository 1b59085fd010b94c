import 'reflect-metadata';
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { AuthService } from '../src/auth/auth.service';
import { UsersService } from '../src/auth/users.service';
import { configureApp } from '../src/app.setup';
import { loadConfig } from '../src/config/config';
import { runMigrations } from '../src/database/database-runtime';
import { findFreePort } from '../src/database/embedded-postgres';
import { ScratchCluster } from '../src/database/scratch-cluster';
import { generateEvents, generatePages, publishBenchPicture } from './generate';
import { runPdfInspectionBench } from './pdf-inspection';
import { countQueries } from '../test/support/query-counter';

/**
 * `npm run bench`: boots the real app on a scratch PostgreSQL (embedded, or DATABASE_URL's server),
 * loads a large page tree, and measures each scenario with autocannon (HTTP over loopback).
 * Results are printed and written to bench/results/<date>.json. Nothing here asserts a time:
 * compare runs on the same machine.
 *
 * Options (environment): BENCH_SECONDS (default 5), BENCH_CONNECTIONS (default 10), BENCH_SCENARIO
 * (run only scenarios whose name contains this text), BENCH_WRITES (saves in the write scenario, default 200).
 * `npm run bench -- --pdf` runs the PDF inspection benchmark instead (bench/pdf-inspection.ts).
 */
interface Scenario {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

interface ScenarioResult {
  name: string;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  sqlQueriesPerRequest: number;
}

function gqlBody(query: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query, variables });
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
  const only = process.env.BENCH_SCENARIO ?? '';
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    SEED_DEMO_CONTENT: 'false',
  });
  const cluster = await ScratchCluster.start(config.databaseUrl);
  const databaseName = `parvis_bench_${Date.now()}`;
  const url = await cluster.createDatabase(databaseName);
  let app: NestExpressApplication | undefined;
  try {
    await runMigrations(url);
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, url), { logger: false, bodyParser: false });
    configureApp(app, config);
    const port = await findFreePort();
    await app.listen(port, '127.0.0.1');
    const data = await generatePages(app.get(DataSource), 20, 10, 10);
    const picture = await publishBenchPicture(app);
    const eventCount = Number(process.env.BENCH_EVENTS ?? 2000);
    const occurrences = await generateEvents(app.get(DataSource), eventCount);
    process.stdout.write(`Loaded ${eventCount} published events (${occurrences} occurrences).\n`);
    // The cursor of page 50 (rows 981–1000 from the first event on), as a client paging would have it.
    let page50 = '';
    for (let page = 1; page < 50; page++) {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/events?from=2000-01-01T00:00:00Z&first=20${page50 ? `&after=${page50}` : ''}`);
      page50 = ((await response.json()) as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    }
    process.stdout.write(`Loaded ${data.pages} published pages and a ${picture.size} B photo. ${seconds} s per scenario, ${connections} connections.\n\n`);
    // What the first visitor of a new picture waits for: one request per rendition, made by sharp
    // and stored (the 640 px WebP one is then what the cached-rendition scenario serves).
    const renditionFirstRequestMs: Record<string, number> = {};
    for (const format of ['webp', 'jpeg', 'avif']) {
      for (const width of [320, 640, 1600]) {
        const started = performance.now();
        await fetch(`http://127.0.0.1:${port}${picture.url}?w=${width}&format=${format}`).then((response) => response.arrayBuffer());
        renditionFirstRequestMs[`${width}.${format}`] = Math.round(performance.now() - started);
      }
    }
    process.stdout.write(`First request of a rendition (made, then cached), ms: ${JSON.stringify(renditionFirstRequestMs)}\n\n`);

    const allScenarios: Scenario[] = [
      { name: 'health/live (baseline)', method: 'GET', path: '/health/live' },
      { name: 'GraphQL navigation(channel: WEB), whole tree', method: 'POST', path: '/graphql',
        body: gqlBody('{ navigation(channel: WEB) { title path children { title path children { title path } } } }') },
      { name: 'GraphQL page(path:) with parent and children', method: 'POST', path: '/graphql',
        body: gqlBody('query($p: String) { page(path: $p) { title bodyHtml parent { title path } children { title path } } }', { p: data.deepestPath.replace(/\/page-\d+$/, '') }) },
      { name: 'GraphQL pages(parentId:, first: 50) with parent and children', method: 'POST', path: '/graphql',
        body: gqlBody('query($id: ID) { pages(parentId: $id, first: 50) { totalCount edges { node { title path parent { title } children { title } } } } }', { id: data.sectionId }) },
      { name: 'REST GET /api/v1/pages?first=100', method: 'GET', path: '/api/v1/pages?first=100' },
      { name: 'REST GET /api/v1/events?first=20 (20 upcoming events)', method: 'GET', path: '/api/v1/events?first=20' },
      { name: 'REST GET /api/v1/events, rows 981-1000 by cursor', method: 'GET', path: `/api/v1/events?from=2000-01-01T00:00:00Z&first=20&after=${page50}` },
      { name: 'GraphQL events(first: 20), 6 fields', method: 'POST', path: '/graphql',
        body: gqlBody('{ events(first: 20) { edges { node { startsAt endsAt eventStatus event { id title placeName } } } } }') },
      { name: 'GraphQL events(first: 20) over all events, with totalCount', method: 'POST', path: '/graphql',
        body: gqlBody('{ events(from: "2000-01-01T00:00:00Z", first: 20) { totalCount edges { node { startsAt event { title } } } } }') },
      { name: 'GET /media/{id}/{name}, original photo (public check + file)', method: 'GET', path: picture.url },
      { name: 'GET /media/{id}/{name}?w=640&format=webp, cached rendition', method: 'GET', path: `${picture.url}?w=640&format=webp` },
    ];
    const scenarios = allScenarios.filter((scenario) => scenario.name.includes(only));

    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      // Let the previous run's last requests finish, so the probe counts only its own queries.
      await new Promise((settle) => setTimeout(settle, 1000));
      const probe = await countQueries(() => fetch(`http://127.0.0.1:${port}${scenario.path}`, {
        method: scenario.method, body: scenario.body, headers: { 'content-type': 'application/json' },
      }).then((response) => response.text()));
      const run = await autocannon({
        url: `http://127.0.0.1:${port}${scenario.path}`,
        method: scenario.method,
        body: scenario.body,
        headers: { 'content-type': 'application/json' },
        connections,
        duration: seconds,
      });
      results.push({
        name: scenario.name,
        requestsPerSecond: Math.round(run.requests.average),
        latencyMs: { p50: run.latency.p50, p90: run.latency.p90, p99: run.latency.p99, max: run.latency.max },
        non2xx: run.non2xx,
        errors: run.errors,
        sqlQueriesPerRequest: probe.count,
      });
      process.stdout.write(`${scenario.name}: ${Math.round(run.requests.average)} req/s, p50 ${run.latency.p50} ms, p99 ${run.latency.p99} ms, ${probe.count} SQL/request${run.non2xx ? `, ${run.non2xx} non-2xx!` : ''}\n`);
    }
    const writes = only && !'writes: updatePage'.includes(only) ? null : await measureWrites(app, port, data.sectionId);
    const memory = process.memoryUsage();
    const report = {
      date: new Date().toISOString(),
      node: process.version,
      machine: { cpus: (await import('node:os')).cpus().length, totalMemoryMb: Math.round((await import('node:os')).totalmem() / 1048576) },
      data: { pages: data.pages },
      settings: { seconds, connections },
      memoryAfterMb: { rss: Math.round(memory.rss / 1048576), heapUsed: Math.round(memory.heapUsed / 1048576) },
      renditionFirstRequestMs,
      results,
      writes,
    };
    const folder = join(__dirname, 'results');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${report.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    process.stdout.write(`\nMemory after the run: RSS ${report.memoryAfterMb.rss} MB, heap ${report.memoryAfterMb.heapUsed} MB (app and load generator share the process)\nWritten to ${file}\n`);
  } finally {
    await app?.close();
    await cluster.dropDatabase(databaseName).catch(() => undefined);
    await cluster.stop();
  }
}

const WRITE_COUNT = Number(process.env.BENCH_WRITES ?? 200);

/**
 * What one edit costs: an editor saves the same page WRITE_COUNT times in a row through GraphQL
 * (each save sends the version it read), one at a time as a person would. Reports the mean and
 * p99 time of a save and the SQL statements one save runs (transaction, checks, revision, journal).
 */
async function measureWrites(app: NestExpressApplication, port: number, pageId: string):
  Promise<{ writes: number; meanMs: number; p99Ms: number; sqlQueriesPerWrite: number }> {
  const email = `bench-editor-${Date.now()}@bench.parvis.dev`;
  const password = 'bench editor password';
  await app.get(UsersService).create({ email, displayName: 'Bench editor', role: 'editor', password });
  const { accessToken } = await app.get(AuthService).login(email, password);
  const mutation = 'mutation($id: ID!, $v: Int!, $s: String) { updatePage(id: $id, version: $v, input: { summary: $s }) { version } }';
  const [{ version: firstVersion }]: { version: number }[] = await app.get(DataSource).query('SELECT version FROM pages WHERE id = $1', [pageId]);
  let version = firstVersion;
  const save = async (n: number): Promise<void> => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ query: mutation, variables: { id: pageId, v: version, s: `Résumé numéro ${n}` } }),
    });
    const body = await response.json() as { data?: { updatePage: { version: number } }; errors?: unknown[] };
    if (!body.data) throw new Error(`updatePage failed: ${JSON.stringify(body.errors)}`);
    version = body.data.updatePage.version;
  };
  const probe = await countQueries(() => save(0));
  const times: number[] = [];
  for (let n = 1; n <= WRITE_COUNT; n++) {
    const started = performance.now();
    await save(n);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const result = {
    writes: WRITE_COUNT,
    meanMs: Math.round((times.reduce((sum, time) => sum + time, 0) / times.length) * 100) / 100,
    p99Ms: Math.round(times[Math.floor(times.length * 0.99) - 1] * 100) / 100,
    sqlQueriesPerWrite: probe.count,
  };
  process.stdout.write(`writes: updatePage, ${result.writes} saves one after another: mean ${result.meanMs} ms, p99 ${result.p99Ms} ms, ${result.sqlQueriesPerWrite} SQL/save\n`);
  return result;
}

(process.argv.includes('--pdf') ? runPdfInspectionBench() : main()).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
