import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from './embedded-postgres';

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
    // os.tmpdir() is world-traversable, which the postgres user needs when we run as root.
    const folder = mkdtempSync(join(tmpdir(), 'parvis-pg-'));
    chmodSync(folder, 0o755);
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
