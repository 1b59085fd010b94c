import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { cleanEnv, PROJECT_ROOT, runId, transpiledProject } from './processes';

export interface DemoTemplate {
  /** Database holding the migrated schema and the whole Anor demo content, to clone. */
  database: string;
  /** Media folder whose files the demo content refers to (originals of its pictures and PDF acts), to copy. */
  mediaDir: string;
}

/** This run's demo template: where it is (or will be) and what it is called. */
export function demoTemplateNames(): DemoTemplate {
  return { database: `parvis_template_demo_${runId()}`, mediaDir: join(tmpdir(), `parvis-demo-media-${runId()}`) };
}

function adminUrl(): string {
  const url = process.env.PARVIS_TEST_ADMIN_URL;
  if (!url) throw new Error('PARVIS_TEST_ADMIN_URL is not set: run the tests with `npm test` (jest global setup)');
  return url;
}

function urlOf(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function exists(client: Client, database: string): Promise<boolean> {
  return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 1;
}

/**
 * The migrated template with the demo commune loaded into it the way `npm run seed` does (same module,
 * same seeder, local media storage), built once per `npm test` by the first test file that asks for it
 * (createTestApp(…, { demo: true })): a file that only needs the demo content clones it instead of seeding
 * for itself, and a run without such a file never pays for it. test/seed.e2e-spec.ts still seeds for real.
 *
 * A PostgreSQL advisory lock makes the other workers wait, without deadline, while one builds. The
 * database is seeded under another name and renamed when complete: its name existing means it is ready.
 * The global teardown drops it (dropDemoTemplate).
 */
export async function demoTemplate(): Promise<DemoTemplate> {
  const names = demoTemplateNames();
  const lock = new Client({ connectionString: adminUrl() });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [names.database]);
    if (!(await exists(lock, names.database))) await build(lock, names);
    return names;
  } finally {
    await lock.end(); // also releases the lock
  }
}

async function build(admin: Client, names: DemoTemplate): Promise<void> {
  const migrated = process.env.PARVIS_TEST_TEMPLATE;
  if (!migrated) throw new Error('PARVIS_TEST_TEMPLATE is not set: run the tests with `npm test` (jest global setup)');
  // What a builder that failed left (we hold the lock: nobody else is using it).
  const staging = { database: `${names.database}_building`, mediaDir: `${names.mediaDir}.building` };
  await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(staging.database)} WITH (FORCE)`);
  rmSync(staging.mediaDir, { recursive: true, force: true });
  rmSync(names.mediaDir, { recursive: true, force: true });
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(staging.database)} TEMPLATE ${admin.escapeIdentifier(migrated)}`);
  mkdirSync(staging.mediaDir, { recursive: true });
  await seedInChildProcess(urlOf(staging.database), staging.mediaDir);
  // Uploads are received there first: nothing is left in it once the seed is over.
  rmSync(join(staging.mediaDir, '.tmp'), { recursive: true, force: true });
  renameSync(staging.mediaDir, names.mediaDir);
  // The seeding process has exited, but the server may still be ending its sessions: RENAME (and later
  // TEMPLATE) wants none, and waits only 5 s for them, which a loaded machine can exceed.
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [staging.database]);
  await admin.query(`ALTER DATABASE ${admin.escapeIdentifier(staging.database)} RENAME TO ${admin.escapeIdentifier(names.database)}`);
}

/**
 * seed-demo-database.ts, run from the transpiled project: a process of its own, so that the test file
 * that happens to build the template neither keeps the seeding application's modules nor pays for them.
 */
async function seedInChildProcess(databaseUrl: string, mediaDir: string): Promise<void> {
  const script = join(transpiledProject(), 'test', 'support', 'seed-demo-database.js');
  const outcome = await new Promise<{ code: number | null; output: string }>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: PROJECT_ROOT,
      env: cleanEnv({ PARVIS_DEMO_DATABASE_URL: databaseUrl, PARVIS_DEMO_MEDIA_DIR: mediaDir }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, output }));
  });
  if (outcome.code !== 0) throw new Error(`Loading the demo content into the template failed (exit ${outcome.code}):\n${outcome.output}`);
}

/** Global teardown: the demo template and its media folder, whether or not a test file built them. */
export async function dropDemoTemplate(dropDatabase: (name: string) => Promise<void>): Promise<void> {
  const names = demoTemplateNames();
  for (const database of [names.database, `${names.database}_building`]) await dropDatabase(database);
  for (const folder of [names.mediaDir, `${names.mediaDir}.building`]) {
    if (existsSync(folder)) rmSync(folder, { recursive: true, force: true });
  }
}
