import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from './embedded-postgres';

const SCRATCH_PREFIX = 'parvis-pg-';
const OWNER_FILE = 'owner.pid';

/**
 * A test run killed before its teardown (Ctrl-C twice, a crashed worker) leaves its scratch
 * cluster running. Each cluster's folder names the process that owns it: when that process is
 * gone, stop the cluster and remove the folder.
 */
function sweepAbandonedClusters(): void {
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith(SCRATCH_PREFIX))) {
    const folder = join(tmpdir(), name);
    try {
      const owner = Number(readFileSync(join(folder, OWNER_FILE), 'utf8'));
      if (isAlive(owner)) continue;
      const postmaster = join(folder, 'data', 'postmaster.pid');
      if (existsSync(postmaster)) {
        const pid = Number(readFileSync(postmaster, 'utf8').split('\n')[0]);
        if (pid > 0 && isAlive(pid)) process.kill(pid, 'SIGQUIT');
      }
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // Not ours to judge (no owner file, or another user's folder): leave it.
    }
  }
}

/** Whether a process with this id runs (EPERM: it runs, as another user). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A PostgreSQL for throw-away databases (tests, the migration generator): the external server of
 * `externalUrl` when given (it needs CREATEDB), otherwise an ephemeral embedded cluster in a
 * temporary folder, removed on stop.
 */
export class ScratchCluster {
  private constructor(
    readonly adminUrl: string,
    private readonly embedded: EmbeddedPostgres | undefined,
    private readonly folder: string | undefined,
  ) {}

  static async start(externalUrl: string | undefined): Promise<ScratchCluster> {
    if (externalUrl) return new ScratchCluster(externalUrl, undefined, undefined);
    sweepAbandonedClusters();
    // os.tmpdir() is world-traversable, which the postgres user needs when we run as root.
    const folder = mkdtempSync(join(tmpdir(), SCRATCH_PREFIX));
    chmodSync(folder, 0o755);
    writeFileSync(join(folder, OWNER_FILE), String(process.pid));
    const embedded = new EmbeddedPostgres({ dataDir: join(folder, 'data'), ephemeral: true });
    try {
      await embedded.start();
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
    return new ScratchCluster(embedded.connectionUrl, embedded, folder);
  }

  urlFor(database: string): string {
    const url = new URL(this.adminUrl);
    url.pathname = `/${database}`;
    return url.toString();
  }

  async createDatabase(name: string, template?: string): Promise<string> {
    await this.admin(async (client) => {
      const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}`);
    });
    return this.urlFor(name);
  }

  async dropDatabase(name: string): Promise<void> {
    await this.admin((client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
  }

  async stop(): Promise<void> {
    await this.embedded?.stop();
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
  }

  private async admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}
