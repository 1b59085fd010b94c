import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { loadConfig } from '../src/config/config';
import { runMigrations } from '../src/database/database-runtime';
import { findFreePort } from '../src/database/embedded-postgres';
import { ScratchCluster } from '../src/database/scratch-cluster';
import { generateCommune } from './commune';

/**
 * `npm run bench:feeds`: does a feed's memory stay flat when the data grows? For each scale (default
 * 0.1 and 5: 1,000 and 50,000 events), a generated commune, the app, and each feed downloaded once
 * while the process's heap and RSS are sampled every 10 ms: the peak above what it was just before.
 * The CSV exports stream every row (all occurrences since 2000: 6,100 and 305,000 rows); the
 * calendar and RSS feeds are bounded by their `limit` (at most 200 events) whatever the data.
 * BENCH_FEED_SCALES=0.1,1 to choose the scales.
 */
const FEEDS = [
  { name: 'events CSV, all occurrences since 2000', path: '/api/v1/events.csv?from=2000-01-01T00:00:00Z' },
  { name: 'associations CSV', path: '/api/v1/associations.csv' },
  { name: 'iCalendar, 200 events', path: '/feeds/events.ics?limit=200' },
  { name: 'RSS, 200 events', path: '/feeds/events.rss?limit=200' },
];

interface Measure { feed: string; bytes: number; seconds: number; peakHeapMb: number; retainedHeapMb: number | null; peakRssMb: number }

const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);

function download(url: string): Promise<{ bytes: number; status: number }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, status: res.statusCode ?? 0 }));
      res.on('error', reject);
    }).on('error', reject).end();
  });
}

async function measure(origin: string, feed: { name: string; path: string }): Promise<Measure> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const gc = (globalThis as { gc?: () => void }).gc;
  // Live memory: the heap right after a full collection, every 250 ms (garbage not yet collected
  // makes the plain peak look larger than what the download keeps).
  let peakRetained = before.heapUsed;
  let ticks = 0;
  const sampler = setInterval(() => {
    ticks += 1;
    if (gc && ticks % 25 === 0) {
      gc();
      peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed);
    }
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 10);
  const started = performance.now();
  try {
    const { bytes, status } = await download(`${origin}${feed.path}`);
    if (status !== 200) throw new Error(`${feed.path} answered ${status}`);
    return { feed: feed.name, bytes, seconds: Math.round((performance.now() - started) / 100) / 10,
      peakHeapMb: mb(peakHeap - before.heapUsed), retainedHeapMb: gc ? mb(peakRetained - before.heapUsed) : null, peakRssMb: mb(peakRss - before.rss) };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const scales = (process.env.BENCH_FEED_SCALES ?? '0.1,5').split(',').map(Number);
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    SEED_DEMO_CONTENT: 'false', RESPONSE_CACHE: 'true' });
  const cluster = await ScratchCluster.start(config.databaseUrl);
  const lines: string[] = [];
  try {
    for (const scale of scales) {
      const name = `parvis_bench_feeds_${Date.now()}`;
      const url = await cluster.createDatabase(name);
      let app: NestExpressApplication | undefined;
      try {
        await runMigrations(url);
        const loader = new DataSource({ type: 'postgres', url });
        await loader.initialize();
        const commune = await generateCommune(loader, scale);
        await loader.destroy();
        app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, url), { logger: false, bodyParser: false });
        configureApp(app, config);
        const port = await findFreePort();
        await app.listen(port, '127.0.0.1');
        for (const feed of FEEDS) {
          const result = await measure(`http://127.0.0.1:${port}`, feed);
          const line = `| ${commune.counts.events.toLocaleString('en')} | ${result.feed} | ${(result.bytes / 1024 / 1024).toFixed(1)} MB | ${result.seconds} s | +${result.peakHeapMb} MB | ${result.retainedHeapMb === null ? 'n/a' : `+${result.retainedHeapMb} MB`} | +${result.peakRssMb} MB |`;
          lines.push(line);
          process.stdout.write(`${line}\n`);
        }
      } finally {
        await app?.close();
        await cluster.dropDatabase(name).catch(() => undefined);
      }
    }
  } finally {
    await cluster.stop();
  }
  const report = [`# Feeds: memory against data size — ${new Date().toISOString()}`, '',
    'Peaks above the level just before each download, sampled every 10 ms: the heap (garbage included), the live heap',
    '(right after a full collection, every 250 ms; needs --expose-gc, which `npm run bench:feeds` passes) and the RSS.', '',
    '| events | feed | size | time | heap peak | live heap peak | RSS peak |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: |', ...lines, ''].join('\n');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'feeds-memory.md'), report);
  process.stdout.write('Written to bench/results/feeds-memory.md\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
