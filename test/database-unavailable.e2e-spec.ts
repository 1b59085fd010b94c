import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { loadConfig } from '../src/config/config';
import { LOGIN } from './support/auth-helpers';
import {
  killLeftovers, postgresProcessesOf, postmasterPid, ServiceProcess, startService, STEP_TIMEOUT_MS, waitForExit, waitUntilReady,
} from './support/service-process';
import { createTestDatabase } from './support/test-app';

const PAGES = '{ pages(first: 1) { totalCount } }';

/**
 * A TCP relay between the application and its database, which the test can cut (nothing listens any
 * more, open connections are dropped: what a stopped or unreachable database server looks like to
 * the application) and restore on the same port.
 */
class CuttableLink {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = createServer((inbound) => {
      const outbound = createConnection(this.target);
      for (const socket of [inbound, outbound]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolvePromise) => server.listen(this.port, '127.0.0.1', resolvePromise));
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolvePromise) => server.close(resolvePromise));
  }
}

describe('a database that cannot be reached', () => {
  let app: INestApplication;
  let link: CuttableLink;
  let drop: () => Promise<void>;
  let mediaDir: string;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const url = new URL(database.url);
    link = new CuttableLink({ host: url.hostname, port: Number(url.port) });
    await link.open();
    url.port = String(link.port);
    mediaDir = mkdtempSync(join(tmpdir(), 'parvis-media-'));
    const config = loadConfig({ NODE_ENV: 'test', MEDIA_DIR: mediaDir });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, url.toString())] }).compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
    configureApp(app, config);
    await app.init();
  });

  afterAll(async () => {
    await link.cut();
    await link.open().catch(() => undefined);
    await app.close();
    await link.cut();
    await drop();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After on REST, GraphQL and /health/ready, then serves again once it is back', async () => {
    const http = request(app.getHttpServer());
    expect((await http.get('/api/v1/pages')).status).toBe(200);

    await link.cut();

    const rest = await http.get('/api/v1/pages');
    expect(rest.status).toBe(503);
    expect(rest.headers['retry-after']).toBe('5');
    expect(rest.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(rest.text)).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', title: 'Service unavailable' });

    const query = await http.post('/graphql').set('Content-Type', 'application/json').send({ query: PAGES });
    expect(query.status).toBe(503);
    expect(query.headers['retry-after']).toBe('5');
    expect(query.body.data).toBeNull();
    expect(query.body.errors[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });

    const login = await http.post('/graphql').set('Content-Type', 'application/json')
      .send({ query: LOGIN, variables: { email: 'nobody@anor.fr', password: 'a password long enough' } });
    expect(login.status).toBe(503);
    expect(login.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');

    const ready = await http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers['retry-after']).toBe('5');
    expect(ready.body.error.database.status).toBe('down');
    expect((await http.get('/health/live')).status).toBe(200);

    await link.open();
    const again = await http.get('/api/v1/pages');
    expect(again.status).toBe(200);
    expect((await http.post('/graphql').set('Content-Type', 'application/json').send({ query: PAGES })).body)
      .toEqual({ data: { pages: { totalCount: 0 } } });
  });
});

describe('the embedded PostgreSQL killed under a running server', () => {
  let dataDir: string;
  let configFile: string;
  let originalConfig: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'parvis-db-killed-'));
    // As root, PostgreSQL runs as the "postgres" user, which must be able to enter this folder.
    chmodSync(dataDir, 0o755);
    configFile = join(dataDir, 'postgres', 'postgresql.conf');
  });

  afterAll(() => {
    killLeftovers(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * A setting PostgreSQL does not know stops its next start; the running server does not re-read its
   * file. Keeps the database down after the kill for as long as the test needs to look at the answers.
   */
  function breakConfig(): void {
    originalConfig = readFileSync(configFile, 'utf8');
    appendFileSync(configFile, '\nparvis_test_unknown_setting = on\n');
  }
  function repairConfig(): void {
    writeFileSync(configFile, originalConfig);
  }

  async function statusOf(service: ServiceProcess): Promise<{ status: number; retryAfter: string | null }> {
    const res = await fetch(`http://127.0.0.1:${service.port}/api/v1/pages`);
    return { status: res.status, retryAfter: res.headers.get('retry-after') };
  }

  it('restarts it: meanwhile requests get 503 with Retry-After (never 500), then 200 again', async () => {
    const service = await startService(dataDir);
    await waitUntilReady(service);
    expect((await statusOf(service)).status).toBe(200);

    breakConfig();
    process.kill(postmasterPid(dataDir), 'SIGKILL');
    const seen: number[] = [];
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (;;) {
      const { status, retryAfter } = await statusOf(service);
      seen.push(status);
      if (status === 503) {
        expect(retryAfter).toBe('5');
        break;
      }
      if (Date.now() > deadline) throw new Error(`No 503 while the database was down: ${seen.join(' ')}\n${service.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const graphql = await fetch(`http://127.0.0.1:${service.port}/graphql`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: PAGES }),
    });
    expect(graphql.status).toBe(503);
    expect(graphql.headers.get('retry-after')).toBe('5');
    expect(((await graphql.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');

    repairConfig();
    for (;;) {
      const { status } = await statusOf(service);
      seen.push(status);
      if (status === 200) break;
      if (Date.now() > deadline) throw new Error(`Not back: ${seen.join(' ')}\n${service.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(seen.filter((status) => status !== 503 && status !== 200)).toEqual([]);
    expect(service.output()).toContain('The embedded PostgreSQL stopped unexpectedly (killed by SIGKILL): restarting it');
    expect(service.output()).toMatch(/The embedded PostgreSQL runs again \(restart attempt \d\)/);

    service.child.kill('SIGTERM');
    expect(await waitForExit(service)).toEqual({ code: 0, signal: null });
    expect(postgresProcessesOf(dataDir)).toEqual([]);
  }, 4 * STEP_TIMEOUT_MS);

  it('exits with code 1 and says why when it cannot be restarted, for a supervisor to restart the service', async () => {
    const service = await startService(dataDir);
    await waitUntilReady(service);
    breakConfig();
    try {
      process.kill(postmasterPid(dataDir), 'SIGKILL');
      // About a minute of restart attempts, then the service gives up.
      expect(await waitForExit(service)).toEqual({ code: 1, signal: null });
    } finally {
      repairConfig();
    }
    expect(service.output()).toContain('unrecognized configuration parameter "parvis_test_unknown_setting"');
    expect(service.output()).toContain('The embedded PostgreSQL stopped unexpectedly and could not be restarted');
    expect(service.output()).toContain('Parvis exits so that its supervisor');
    expect(postgresProcessesOf(dataDir)).toEqual([]);

    // The next start (what the supervisor does) works.
    const next = await startService(dataDir);
    await waitUntilReady(next);
    next.child.kill('SIGTERM');
    expect(await waitForExit(next)).toEqual({ code: 0, signal: null });
  }, 4 * STEP_TIMEOUT_MS);
});
