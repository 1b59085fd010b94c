import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { ConfigError, loadConfig } from './config/config';
import { DemoContentSeeder } from './seed/demo-content';
import { RunningDatabase, runMigrations, startDatabase } from './database/database-runtime';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const say = (line: string): void => void process.stdout.write(`[parvis] ${line}\n`);

  // Signals are handled from the first moment: a SIGTERM (docker stop) or Ctrl-C during start-up
  // must stop the embedded PostgreSQL too, not leave it running without its parent.
  let starting: Promise<RunningDatabase> | undefined;
  let app: NestExpressApplication | undefined;
  let shuttingDown = false;
  const stopDatabase = async (): Promise<void> => {
    const database = await starting?.catch(() => undefined);
    starting = undefined;
    if (database) await database.stop();
  };
  const shutdown = async (signal: string): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`${signal} received: finishing in-flight requests, then stopping`);
    try {
      if (app) await app.close();
    } finally {
      await stopDatabase();
      say('Stopped cleanly');
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  // The embedded PostgreSQL died and could not be restarted: exit non-zero, for a supervisor to restart us.
  const fatal = async (error: Error): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    process.stderr.write(`[parvis] ${error.message}\n`);
    try {
      // Requests in flight fail fast without a database; do not wait longer than that for them.
      if (app) await Promise.race([app.close(), new Promise((resolvePromise) => setTimeout(resolvePromise, 10_000).unref())]);
    } finally {
      await stopDatabase().catch(() => undefined);
      process.exit(1);
    }
  };

  try {
    // startDatabase says "Starting the embedded PostgreSQL…" itself, once it knows it is installed.
    if (config.databaseUrl) say('Using the PostgreSQL of DATABASE_URL');
    starting = startDatabase(config, say, { onFatal: (error) => void fatal(error) });
    const database = await starting;
    const applied = await runMigrations(database.url);
    if (applied.length > 0) say(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);

    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database.url), {
      bufferLogs: true,
      bodyParser: false,
    });
    app.useLogger(app.get(Logger));
    configureApp(app, config);
    if (config.seedDemoContent && (await app.get(DemoContentSeeder).seedIfEmpty())) say('Empty database: loaded the Anor demo content');

    await app.listen(config.port, config.host);
    const base = `http://localhost:${config.port}`;
    say(`GraphQL:  ${base}/graphql${config.graphql.sandbox ? ' (open it in a browser for the sandbox)' : ''}`);
    say(`REST:     ${base}/api/v1`);
    say(`Health:   ${base}/health/ready`);
    // `npm run cli` runs the sources (development); a production install runs the compiled command.
    const cli = config.env === 'production' ? 'node dist/src/cli/main.js' : 'npm run cli --';
    say(`First admin: ${cli} users:create --email you@example.org --name "Your Name" --role admin ` +
      '(in another terminal: the server can keep running)');
  } catch (error) {
    // A signal arrived during start-up and stopped the database under us: shutdown() exits.
    if (shuttingDown) return;
    process.stderr.write(`[parvis] Start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await stopDatabase().catch(() => undefined);
    process.exit(1);
  }
}

void bootstrap();
