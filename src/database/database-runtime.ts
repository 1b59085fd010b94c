import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../config/config';
import { createDataSource } from './data-source';
import { EmbeddedPostgres } from './embedded-postgres';
import { InstanceLock } from './instance-lock';

export const EMBEDDED_DATABASE_NAME = 'parvis';

export interface RunningDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL in `<data dir>/postgres`, guarded by an
 * instance lock so that a second `npm start` on the same folder fails clearly.
 */
export async function startDatabase(config: AppConfig, log: (line: string) => void): Promise<RunningDatabase> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, stop: () => Promise.resolve() };
  }
  const lock = InstanceLock.acquire(config.dataDir);
  const server = new EmbeddedPostgres({
    dataDir: join(config.dataDir, 'postgres'),
    log: (line) => {
      if (/ERROR|FATAL|PANIC|orphan|stale|Creating/.test(line)) log(line);
    },
  });
  try {
    await server.start();
    await ensureDatabase(server.connectionUrl, EMBEDDED_DATABASE_NAME);
  } catch (error) {
    await server.stop();
    lock.release();
    throw error;
  }
  return {
    url: server.urlFor(EMBEDDED_DATABASE_NAME),
    embedded: true,
    stop: async () => {
      await server.stop();
      lock.release();
    },
  };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** Applies pending migrations; returns their names. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url, { poolSize: 1, applicationName: 'parvis-migrations' });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
