import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { InstanceLockedError } from '../database/instance-lock';
import { RunningDatabase, runMigrations, startDatabase } from '../database/database-runtime';

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
 * Runs `work` against the same database as `npm start`: DATABASE_URL when set, otherwise the
 * embedded PostgreSQL in the data folder (started here, migrated, and stopped afterwards), with the
 * application's own services from a Nest application context (no HTTP server).
 */
export async function withApplication<T>(config: AppConfig, io: CliIo,
  work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  let database: RunningDatabase;
  try {
    // Statement errors (a duplicate email) are answered by the command itself: show only start-up news.
    database = await startDatabase(config, (line) => {
      if (/Creating|orphan|stale|PANIC/.test(line)) io.err(`[postgres] ${line}`);
    });
  } catch (error) {
    // The instance lock: the server holds the embedded database, which allows one process at a time.
    if (error instanceof InstanceLockedError) {
      throw new Error(`${error.message}\nThe CLI uses the same embedded database as the server: stop the server ` +
        '(Ctrl-C), run the command, then start it again; or run both against an external PostgreSQL with DATABASE_URL.');
    }
    throw error;
  }
  try {
    const applied = await runMigrations(database.url);
    if (applied.length > 0) io.err(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
    // Loaded only now, so that a usage mistake is answered without loading the whole application.
    const [{ NestFactory }, { AppModule }] = await Promise.all([import('@nestjs/core'), import('../app.module')]);
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, database.url), { logger: ['error'] });
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}
