import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import type { AppConfig } from '../config/config';
import { RunningDatabase, runMigrations, startDatabase } from '../database/database-runtime';

/** A mistake in how the command was called: the dispatcher prints the usage (exit code 2). */
export class CliUsageError extends Error {}

/** What a command gets: parsed options and the output streams. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
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
    database = await startDatabase(config, (line) => io.err(`[postgres] ${line}`));
  } catch (error) {
    // The instance lock: the server holds the embedded database, which allows one process at a time.
    if (error instanceof Error && /already running/.test(error.message)) {
      throw new Error(`${error.message}\nThe CLI uses the same embedded database as the server: stop the server ` +
        '(Ctrl-C), run the command, then start it again; or run both against an external PostgreSQL with DATABASE_URL.');
    }
    throw error;
  }
  try {
    const applied = await runMigrations(database.url);
    if (applied.length > 0) io.err(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
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
