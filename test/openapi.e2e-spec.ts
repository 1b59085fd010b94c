import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Express } from 'express';
import { loginAs } from './support/auth-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** The parts of the document this test reads. */
interface Doc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema: Record<string, unknown> }>;
    responses: Record<string, { content?: Record<string, { schema: unknown }> }>; security?: unknown[] }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme: string }> };
}

const DOC_ID = 'https://parvis.test/openapi.json';
/** Routes that are not the REST API: GraphQL, the description itself and its page. */
const NOT_DESCRIBED = [/^\/\{\*path\}$/, /^\/graphql$/, /^\/api\/v1\/openapi\.json$/, /^\/api\/docs(\/|$)/];

/**
 * A copy of the document's schemas where an object accepts only its documented properties: the
 * document itself leaves objects open (clients must ignore fields added later), the test does not,
 * so a field an answer has and the description lacks fails here.
 */
function closed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(closed);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = key === 'properties' ? Object.fromEntries(Object.entries(child as object).map(([name, schema]) => [name, closed(schema)])) : closed(child);
  if (copy.type === 'object' && copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

/** `/api/v1/events/:idOrSlug.ics` → `/api/v1/events/{idOrSlug}.ics` */
const openApiPath = (expressPath: string): string => expressPath.replace(/:(\w+)/g, '{$1}');

/** GET/POST… and path of every route Express serves, from its router. */
function servedRoutes(t: TestApp): string[] {
  const express = t.app.getHttpAdapter().getInstance() as Express & { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };
  const routes = new Set<string>();
  for (const layer of express.router.stack) {
    if (!layer.route || typeof layer.route.path !== 'string') continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (on && method !== '_all') routes.add(`${method.toUpperCase()} ${openApiPath(layer.route.path)}`);
    }
  }
  return [...routes].filter((route) => !NOT_DESCRIBED.some((pattern) => pattern.test(route.split(' ')[1])));
}

describe('OpenAPI description of the REST API', () => {
  let t: TestApp;
  let doc: Doc;
  let ajv: Ajv2020;
  let staff: string;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://mairie-anor.test' }, { demo: true });
    const res = await t.http().get('/api/v1/openapi.json').expect(200);
    doc = res.body as Doc;
    ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: false, verbose: true });
    addFormats(ajv);
    ajv.addSchema({ $id: DOC_ID, components: closed(doc.components) });
    staff = await loginAs(t, 'admin');
  });

  afterAll(async () => {
    await t.close();
  });

  /** Asserts that an answer is one the document describes for this operation: status, media type and body. */
  function expectDescribed(path: string, method: string, res: { status: number; headers: Record<string, string>; body: unknown; text: string }): void {
    const operation = doc.paths[path]?.[method];
    expect(operation).toBeDefined();
    const response = operation.responses[String(res.status)];
    if (!response) throw new Error(`${method.toUpperCase()} ${path}: status ${res.status} is not described (${Object.keys(operation.responses).join(', ')})`);
    const mediaType = (res.headers['content-type'] ?? '').split(';')[0];
    const content = response.content ?? {};
    const key = Object.keys(content).find((candidate) => candidate === mediaType || candidate === '*/*' || (candidate.endsWith('/*') && mediaType.startsWith(candidate.slice(0, -1))));
    if (!key) throw new Error(`${method.toUpperCase()} ${path} ${res.status}: ${mediaType} is not described (${Object.keys(content).join(', ')})`);
    if (!/json/.test(mediaType)) return;
    const body = res.body !== undefined && Object.keys(res.body as object).length ? res.body : JSON.parse(res.text);
    const check = ajv.compile(rebase(closed(content[key].schema)));
    if (!check(body)) {
      const errors = [...new Set((check.errors ?? []).map((error) => `${error.instancePath} ${error.message} ${JSON.stringify(error.params)} (got ${JSON.stringify(error.data)?.slice(0, 60)})`))];
      throw new Error(`${method.toUpperCase()} ${path} ${res.status}: ${errors.slice(0, 12).join('\n')}`);
    }
  }

  it('is a valid OpenAPI 3.1 document (validated by @apidevtools/swagger-parser)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Parvis REST API', version: expect.any(String) });
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    // 3.1 writes nullable values as type arrays or `anyOf` with null: OpenAPI 3.0's `nullable` does not exist any more.
    expect(JSON.stringify(doc)).not.toMatch(/"nullable":/);
    expect(doc).toMatchObject({ servers: [{ url: 'https://mairie-anor.test' }] });
  });

  it('describes the two bearer schemes, JWT and API key, and how to tell them apart', () => {
    expect(doc.components.securitySchemes).toMatchObject({
      staffToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'pvk_…' },
    });
    expect(JSON.stringify(doc.components.securitySchemes.apiKey)).toContain('pvk_');
    expect(doc.paths['/api/v1/api-keys'].get.security).toEqual([{ staffToken: [] }, { apiKey: [] }]);
    expect(doc.paths['/api/v1/events'].get.security).toEqual([{}, { staffToken: [] }, { apiKey: [] }]);
  });

  it('describes every route the server serves, and no route it does not serve', () => {
    const served = servedRoutes(t).sort();
    const described = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)).sort();
    expect(served.length).toBeGreaterThan(40);
    expect(described).toEqual(served);
  });

  it('describes the query parameters with their types, limits, defaults and UPPER CASE enums', () => {
    const events = doc.paths['/api/v1/events'].get.parameters ?? [];
    const byName = Object.fromEntries(events.map((parameter) => [parameter.name, parameter]));
    expect(Object.keys(byName).sort()).toEqual(['after', 'category', 'channel', 'first', 'from', 'include', 'organizerAssociationId', 'status', 'to'].sort());
    expect(byName.first.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
    expect(byName.channel.schema).toMatchObject({ type: 'string', enum: ['WEB', 'KIOSK'] });
    expect(byName.from.schema).toMatchObject({ type: 'string', format: 'date-time' });
    expect(byName.category.schema).toMatchObject({ type: 'string', format: 'uuid' });
    const sync = Object.fromEntries((doc.paths['/api/v1/sync'].get.parameters ?? []).map((parameter) => [parameter.name, parameter.schema]));
    expect(sync.limit).toMatchObject({ type: 'integer', minimum: 1, maximum: 500 });
    expect(doc.paths['/api/v1/sync'].get.responses['410']).toBeDefined();
    // Uploads are multipart.
    const upload = doc.paths['/api/v1/media'].post as unknown as { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(upload.requestBody.content)).toEqual(['multipart/form-data']);
  });

  it('accepts a documented enum in either case, as the description says', async () => {
    await t.http().get('/api/v1/events?channel=KIOSK&first=1').expect(200);
    await t.http().get('/api/v1/events?channel=kiosk&first=1').expect(200);
  });

  it('real answers of the GET routes match their documented schemas', async () => {
    const failures: string[] = [];
    const get = (path: string, token?: string) => {
      const req = t.http().get(path);
      if (token) req.set('Authorization', `Bearer ${token}`);
      return req;
    };
    const check = async (template: string, url: string, token?: string, expected = 200): Promise<{ body: unknown }> => {
      const res = await get(url, token);
      if (res.status !== expected) failures.push(`${url}: ${res.status} instead of ${expected}`);
      try {
        expectDescribed(template, 'get', res);
      } catch (error) {
        failures.push(`${url}: ${(error as Error).message}`);
      }
      return res;
    };
    const events = (await check('/api/v1/events', '/api/v1/events?first=5')).body as { data: Array<{ event: { id: string; slug: string } }> };
    await check('/api/v1/events', '/api/v1/events?first=3&include=body,totalCount');
    const event = events.data[0].event;
    await check('/api/v1/events/{idOrSlug}', `/api/v1/events/${event.slug}`);
    await check('/api/v1/events/{idOrSlug}', `/api/v1/events/${event.id}`);
    const associations = (await check('/api/v1/associations', '/api/v1/associations?first=5')).body as { data: Array<{ id: string; slug: string }> };
    await check('/api/v1/associations/{idOrSlug}', `/api/v1/associations/${associations.data[0].slug}`);
    await check('/api/v1/associations/{idOrSlug}', `/api/v1/associations/${associations.data[0].id}`);
    const pages = (await check('/api/v1/pages', '/api/v1/pages?first=20')).body as { data: Array<{ id: string; path: string }> };
    await check('/api/v1/pages/{id}', `/api/v1/pages/${pages.data[0].id}`);
    await check('/api/v1/pages/by-path', `/api/v1/pages/by-path?path=${encodeURIComponent(pages.data[0].path)}`);
    await check('/api/v1/navigation', '/api/v1/navigation?channel=WEB');
    const procedures = (await check('/api/v1/procedures', '/api/v1/procedures?first=20')).body as { data: Array<{ slug: string }> };
    await check('/api/v1/procedures/{idOrSlug}', `/api/v1/procedures/${procedures.data[0].slug}`);
    await check('/api/v1/procedures/{idOrSlug}/checklist', `/api/v1/procedures/${procedures.data[0].slug}/checklist`);
    await check('/api/v1/procedures/{idOrSlug}/checklist', `/api/v1/procedures/${procedures.data[0].slug}/checklist?format=text`);
    const notices = (await check('/api/v1/legal-notices', '/api/v1/legal-notices?first=20')).body as { data: Array<{ id: string }> };
    await check('/api/v1/legal-notices', '/api/v1/legal-notices?onDisplay=true');
    await check('/api/v1/legal-notices/{id}', `/api/v1/legal-notices/${notices.data[0].id}`);
    const media = (await check('/api/v1/media', '/api/v1/media?first=20', staff)).body as { data: Array<{ id: string; url: string }> };
    await check('/api/v1/media/{id}', `/api/v1/media/${media.data[0].id}`, staff);
    await check('/media/{id}/{fileName}', new URL(media.data[0].url, 'http://x').pathname, staff);
    await check('/api/v1/commune', '/api/v1/commune');
    await check('/api/v1/terms', '/api/v1/terms?vocabulary=CATEGORY');
    await check('/api/v1/sync', '/api/v1/sync?types=events,associations,pages,legal-notices,procedures&limit=100');
    await check('/api/v1/api-keys', '/api/v1/api-keys', staff);
    await check('/api/v1/auth/me', '/api/v1/auth/me', staff);
    await check('/api/v1/audit-log', '/api/v1/audit-log?first=20', staff);
    await check('/api/v1/{type}/{id}/revisions', `/api/v1/events/${event.id}/revisions`, staff);
    await check('/api/v1/{type}/{id}/revisions/{version}', `/api/v1/events/${event.id}/revisions/1`, staff);
    await check('/api/v1/{type}/{id}/revisions/compare', `/api/v1/events/${event.id}/revisions/compare?from=1&to=2`, staff);
    await check('/health/live', '/health/live');
    await check('/health/ready', '/health/ready');
    // Feeds: their media types, and the JSON ones against their schemas.
    await check('/feeds/events.ics', '/feeds/events.ics');
    await check('/feeds/events.rss', '/feeds/events.rss');
    await check('/feeds/events.atom', '/feeds/events.atom');
    await check('/feeds/events.agenda.json', '/feeds/events.agenda.json');
    await check('/feeds/legal-notices.rss', '/feeds/legal-notices.rss');
    await check('/feeds/pages.rss', '/feeds/pages.rss');
    await check('/api/v1/events.csv', '/api/v1/events.csv');
    await check('/api/v1/associations.csv', '/api/v1/associations.csv');
    await check('/api/v1/events/{idOrSlug}.ics', `/api/v1/events/${event.slug}.ics`);
    await check('/api/v1/events/{idOrSlug}.jsonld', `/api/v1/events/${event.slug}.jsonld`);
    await check('/api/v1/associations/{idOrSlug}.jsonld', `/api/v1/associations/${associations.data[0].slug}.jsonld`);
    if (doc.paths['/api/v1/procedures/{idOrSlug}.jsonld']) await check('/api/v1/procedures/{idOrSlug}.jsonld', `/api/v1/procedures/${procedures.data[0].slug}.jsonld`);
    // Refusals: the problem shape.
    await check('/api/v1/events/{idOrSlug}', '/api/v1/events/00000000-0000-4000-8000-000000000000', undefined, 404);
    await check('/api/v1/events', '/api/v1/events?first=0', undefined, 400);
    await check('/api/v1/events', '/api/v1/events?channel=moon', undefined, 400);
    await check('/api/v1/auth/me', '/api/v1/auth/me', undefined, 401);
    await check('/api/v1/events', '/api/v1/events', 'not-a-valid-token', 401);
    await check('/api/v1/sync', '/api/v1/sync?token=forged', undefined, 400);
    expect(failures).toEqual([]);
  });

  it('a schema check fails on an answer with a field the description lacks', () => {
    const res = { status: 200, headers: { 'content-type': 'application/json' }, body: { status: 'ok', extra: 1 }, text: '' };
    expect(() => expectDescribed('/health/live', 'get', res)).toThrow(/additional properties/);
  });

  it('serves the document anonymously, cacheable, with the strict API policy', async () => {
    const res = await t.http().get('/api/v1/openapi.json').expect(200).expect('Content-Type', /application\/json/);
    expect(res.headers['cache-control']).toMatch(/public, max-age=\d+/);
    expect(res.headers.etag).toBeDefined();
    await t.http().get('/api/v1/openapi.json').set('If-None-Match', res.headers.etag).expect(304);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('/api/docs serves the interactive page with its own CSP; other routes keep the strict one', async () => {
    const page = await t.http().get('/api/docs').expect(200).expect('Content-Type', /text\/html/);
    expect(page.text).toContain('swagger-ui');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const script = await t.http().get('/api/docs/swagger-ui-init.js').expect(200);
    expect(script.text).toMatch(/"openapi": ?"3\.1\.0"/);
    await t.http().get('/api/docs/swagger-ui-bundle.js').expect(200);
    for (const path of ['/api/v1/events', '/api/v1/openapi.json', '/feeds/events.ics', '/health/live']) {
      const res = await t.http().get(path);
      expect({ path, csp: res.headers['content-security-policy'] }).toEqual({ path, csp: expect.stringContaining("default-src 'none'") });
      expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    }
  });
});

/** A schema taken out of the document, its `$ref`s pointing back into the document registered in ajv. */
function rebase(schema: unknown): object {
  const text = JSON.stringify(schema).replace(/"#\/components\//g, `"${DOC_ID}#/components/`);
  return JSON.parse(text) as object;
}
