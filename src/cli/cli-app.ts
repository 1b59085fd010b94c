import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { openCommandDatabase, pendingMigrations, runMigrations } from '../database/database-runtime';
import type { CliModules } from './cli.module';

/** A mistake in how the command was called: the dispatcher prints the usage (exit code 2). */
export class CliUsageError extends Error {}

/** Where a command writes: results to `out` (stdout), progress and problems to `err` (stderr). */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** One entry of the command table in main.ts. */
export interface CliCommand {
  /** `users:create --email <email> …`, shown in the help. */
  usage: string;
  summary: string;
  /** `args` are the words after the command name; throw CliUsageError for a calling mistake. */
  run(args: string[], config: AppConfig, io: CliIo): Promise<void>;
}

/**
 * Runs `work` against the same database as `npm start`, with the application's own services from a
 * Nest application context (no HTTP server, no GraphQL schema; only the `modules` the command needs):
 * - DATABASE_URL when set;
 * - otherwise the embedded PostgreSQL of the data folder: the running server's, used while the server
 *   keeps running, or, when no server runs, one started here, migrated, and stopped afterwards.
 */
export async function withApplication<T>(config: AppConfig, io: CliIo, modules: CliModules,
  work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  // Statement errors (a duplicate email) are answered by the command itself: show only start-up news.
  const database = await openCommandDatabase(config, (line) => {
    if (/Creating|orphan|stale|PANIC|waiting/.test(line)) io.err(`[postgres] ${line}`);
  });
  try {
    if (database.sharedWithServer) {
      // The server migrated its database at start; a newer checkout's migrations are the server's to apply.
      const pending = await pendingMigrations(database.url);
      if (pending.length > 0) {
        throw new Error(`The running server's database lacks ${pending.length} migration(s) of this code (${pending.join(', ')}). ` +
          'Restart the server (it applies them at start), then run the command again.');
      }
    } else {
      const applied = await runMigrations(database.url);
      if (applied.length > 0) io.err(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
    }
    // Loaded only now, so that a usage mistake is answered without loading the application.
    const [{ NestFactory }, { cliModule }] = await Promise.all([import('@nestjs/core'), import('./cli.module')]);
    const app = await NestFactory.createApplicationContext(await cliModule(config, database.url, modules), { logger: ['error'] });
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}
