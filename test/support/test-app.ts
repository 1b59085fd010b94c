import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { AppConfig, loadConfig } from '../../src/config/config';
import { demoTemplate, demoTemplateNames } from './demo-template';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  dataSource: DataSource;
  databaseUrl: string;
  /** supertest agent on the real HTTP server */
  http: () => ReturnType<typeof request>;
  /** POST /graphql with an optional bearer token; returns supertest's response. */
  gql: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<request.Response>;
  close: () => Promise<void>;
}

function adminUrl(): string {
  const url = process.env.PARVIS_TEST_ADMIN_URL;
  if (!url) throw new Error('PARVIS_TEST_ADMIN_URL is not set: run the tests with `npm test` (jest global setup)');
  return url;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** What a test database starts with: the migrated schema only, or the demo commune loaded as well. */
export type TestDatabaseContent = 'empty' | 'demo';

async function templateOf(content: TestDatabaseContent): Promise<string> {
  if (content === 'demo') return (await demoTemplate()).database;
  const template = process.env.PARVIS_TEST_TEMPLATE;
  if (!template) throw new Error('PARVIS_TEST_TEMPLATE is not set: run the tests with `npm test` (jest global setup)');
  return template;
}

/**
 * A fresh database cloned from a template built once per run, for one test file: the migrated one (by
 * the global set-up), or with `'demo'` the one holding the demo content too (demo-template.ts), whose
 * files a media folder must hold: createTestApp's `demo` option copies them.
 */
export async function createTestDatabase(content: TestDatabaseContent = 'empty'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `parvis_test_${randomBytes(6).toString('hex')}`;
  const template = await templateOf(content);
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export interface TestAppOptions {
  /**
   * Start with the Anor demo content already loaded (as `npm run seed` leaves it, media files
   * included), cloned from a template seeded once per run instead of seeded by this file.
   */
  demo?: boolean;
}

/**
 * Boots the real application (same module, same HTTP set-up as `npm start`) on a fresh database.
 * `env` overrides configuration variables for this file (e.g. tighter rate limits).
 */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(options.demo ? 'demo' : 'empty');
  // Uploaded and seeded media go to a folder of this file's own, removed on close.
  const mediaDir = mkdtempSync(join(tmpdir(), 'parvis-media-'));
  // The files the demo content refers to (the template exists by now: createTestDatabase waited for it).
  if (options.demo) cpSync(demoTemplateNames().mediaDir, mediaDir, { recursive: true });
  const config = loadConfig({ NODE_ENV: 'test', MEDIA_DIR: mediaDir, ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, database.url)] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
  configureApp(app, config);
  await app.init();
  const server = app.getHttpServer();
  const http = (): ReturnType<typeof request> => request(server);
  return {
    app,
    config,
    databaseUrl: database.url,
    dataSource: app.get(DataSource),
    http,
    gql: (query, variables, token) => {
      const req = request(server).post('/graphql').set('Content-Type', 'application/json');
      if (token) req.set('Authorization', `Bearer ${token}`);
      return req.send({ query, variables });
    },
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(mediaDir, { recursive: true, force: true });
    },
  };
}
