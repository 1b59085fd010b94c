import 'reflect-metadata';
import { fork, ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { AuthService } from '../src/auth/auth.service';
import { UsersService } from '../src/auth/users.service';
import { loadConfig } from '../src/config/config';
import { startBaseline } from './baseline';
import { publishBenchPicture } from './generate';

/**
 * The servers of `npm run bench` each run in their own Node process, as in production: the app
 * (Nest) in one, the baseline (node:http + pg) in another, and the load generator (autocannon) in
 * the parent. In one shared process the load generator took its CPU from the server it measured.
 *
 * A child counts the SQL statements its own pg clients send and reports them, with its memory,
 * when the parent asks (IPC). With BENCH_CPU_PROF=1 the parent has the app profile each scenario's
 * measured run: bench/results/profiles/<scenario>.cpuprofile (open it in Chrome DevTools or
 * https://www.speedscope.app).
 */

export type ServerKind = 'app' | 'baseline';

export interface ServerReady {
  type: 'ready';
  port: number;
  /** App only: a picture published for the media scenarios, and two editor tokens. */
  pictureUrl?: string;
  editorTokens?: string[];
}

export interface ServerStats {
  type: 'stats';
  sqlCount: number;
  /** CPU time of the process so far (user + system), ms. */
  cpuMs: number;
  rssMb: number;
  heapUsedMb: number;
}

type ParentMessage = { type: 'stats' } | { type: 'stop' } | { type: 'profile-start' } | { type: 'profile-stop'; name: string };

export const PROFILES_FOLDER = join(__dirname, 'results', 'profiles');

const mb = (bytes: number): number => Math.round(bytes / 1048576);

/** A server running in a child process, seen from the parent. */
export class ServerProcess {
  private constructor(private readonly child: ChildProcess, readonly ready: ServerReady) {}

  static async start(kind: ServerKind, databaseUrl: string, environment: Record<string, string> = {}): Promise<ServerProcess> {
    const child = fork(__filename, [kind], {
      execArgv: ['-r', require.resolve('./register-ts.cjs')],
      env: { ...process.env, ...environment, BENCH_DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<ServerReady>((resolve, reject) => {
      child.once('message', (message: ServerReady) => resolve(message));
      child.once('exit', (code) => reject(new Error(`The ${kind} server process exited with ${code} before it was ready`)));
    });
    return new ServerProcess(child, ready);
  }

  async stats(): Promise<ServerStats> {
    return (await this.request({ type: 'stats' })) as ServerStats;
  }

  /** Starts a CPU profile of the server (the next `profileStop` writes it). */
  async profileStart(): Promise<void> {
    await this.request({ type: 'profile-start' });
  }

  /** Writes the profile started by `profileStart` to PROFILES_FOLDER/<name>.cpuprofile. */
  async profileStop(name: string): Promise<void> {
    await this.request({ type: 'profile-stop', name });
  }

  private request(message: ParentMessage): Promise<unknown> {
    return new Promise((resolve) => {
      this.child.once('message', resolve);
      this.child.send(message);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies ParentMessage);
    await exited;
  }
}

/** Counts the statements every pg client of this process sends (the app's pool, its LISTEN client). */
function countSqlStatements(): () => number {
  let count = 0;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the client as `this` below
  const original = Client.prototype.query;
  // pg's query() is heavily overloaded; it is only counted and passed on.
  const log = process.env.BENCH_LOG_SQL === '1';
  Client.prototype.query = function counted(this: Client, ...args: unknown[]) {
    count++;
    if (log) process.stderr.write(`[sql] ${JSON.stringify(args[0]).slice(0, 4000)}\n`);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
  return () => count;
}

/** An editor's access token (created straight through the users service, then logged in). */
async function editorToken(app: NestExpressApplication, n: number): Promise<string> {
  const email = `bench-editor-${n}-${Date.now()}@bench.parvis.dev`;
  const password = 'bench editor password';
  await app.get(UsersService).create({ email, displayName: `Bench editor ${n}`, role: 'editor', password });
  return (await app.get(AuthService).login(email, password)).accessToken;
}

async function startApp(databaseUrl: string): Promise<{ ready: ServerReady; close: () => Promise<void> }> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    SEED_DEMO_CONTENT: 'false',
    // Off by default with NODE_ENV=test; the bench measures the cache as a production start runs it.
    RESPONSE_CACHE: 'true',
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), { logger: false, bodyParser: false });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const picture = await publishBenchPicture(app);
  const editorTokens = [await editorToken(app, 1), await editorToken(app, 2)];
  return { ready: { type: 'ready', port, pictureUrl: picture.url, editorTokens }, close: () => app.close() };
}

async function child(kind: ServerKind): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is not set');
  const sqlCount = countSqlStatements();
  const server = kind === 'app'
    ? await startApp(databaseUrl)
    : await startBaseline(databaseUrl).then((baseline) => ({ ready: { type: 'ready', port: baseline.port }, close: () => baseline.close() }));
  const profiler = new Session();
  profiler.connect();
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'profile-start') {
      void profiler.post('Profiler.enable').then(() => profiler.post('Profiler.start')).then(() => process.send?.({ type: 'profiling' }));
      return;
    }
    if (message.type === 'profile-stop') {
      void profiler.post('Profiler.stop').then(({ profile }) => {
        mkdirSync(PROFILES_FOLDER, { recursive: true });
        writeFileSync(join(PROFILES_FOLDER, `${message.name}.cpuprofile`), JSON.stringify(profile));
        process.send?.({ type: 'profiled' });
      });
      return;
    }
    if (message.type === 'stats') {
      const memory = process.memoryUsage();
      const cpu = process.cpuUsage();
      process.send?.({ type: 'stats', sqlCount: sqlCount(), cpuMs: (cpu.user + cpu.system) / 1000, rssMb: mb(memory.rss), heapUsedMb: mb(memory.heapUsed) } satisfies ServerStats);
      return;
    }
    void server.close().finally(() => process.exit(0));
  });
  // The parent died without stopping us: do not linger.
  process.on('disconnect', () => void server.close().finally(() => process.exit(0)));
  process.send?.(server.ready);
}

if (require.main === module) {
  child(process.argv[2] as ServerKind).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
