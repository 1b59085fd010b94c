import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { AppConfig, loadConfig } from '../../src/config/config';

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

/** A fresh database cloned from the migrated template, for one test file. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `parvis_test_${randomBytes(6).toString('hex')}`;
  const template = process.env.PARVIS_TEST_TEMPLATE as string;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * Boots the real application (same module, same HTTP set-up as `npm start`) on a fresh database.
 * `env` overrides configuration variables for this file (e.g. tighter rate limits).
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  // Uploaded and seeded media go to a folder of this file's own, removed on close.
  const mediaDir = mkdtempSync(join(tmpdir(), 'parvis-media-'));
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
