import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { getIntrospectionQuery } from 'graphql';
import { ContentChanges } from '../src/cache/content-changes';
import { ResponseCache } from '../src/cache/response-cache';
import { loadConfig } from '../src/config/config';
import { loginAs, RELAXED_RATE_LIMITS } from './support/auth-helpers';
import { ASSOCIATION, createItem, createPublished, publishItem, unpublishItem, updateItem } from './support/content-factories';
import { png, uploadMedia } from './support/media-helpers';
import { countQueries } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';

/** Both instances sign and check tokens with the same secret, as instances of one deployment do. */
const JWT_SECRET = randomBytes(32).toString('hex');
const CACHE_ENV = { RESPONSE_CACHE: 'true', JWT_SECRET, ...RELAXED_RATE_LIMITS };

/** The SQL statements a request sends (the LISTEN connection's heartbeat, `SELECT 1`, is not the request's). */
async function sqlOf(work: () => Promise<request.Response>): Promise<{ res: request.Response; count: number }> {
  const { result, statements } = await countQueries(work);
  return { res: result, count: statements.filter((statement) => statement !== 'SELECT 1').length };
}

/**
 * Reads a path twice. The notification of a change committed just before may arrive while the first
 * read runs: that answer is then sent but not kept (it might mix before and after), so the second
 * read is the one that fills the cache when the test needs a hit next.
 */
async function warm(get: () => request.Test): Promise<request.Response> {
  await get().expect(200);
  return get().expect(200);
}

/** Waits until `condition` holds (a notification travels through PostgreSQL); fails after ~10 s. */
async function eventually(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(condition()).toBe(true);
}

/** Waits for the app's LISTEN connection (it opens in the background at start-up; until then every request checks by query). */
async function listening(app: INestApplication): Promise<void> {
  const changes = app.get(ContentChanges);
  await eventually(() => changes.isListening);
}

interface Named { id: string; version: number; slug: string }

describe('response cache and HTTP caching of anonymous reads', () => {
  let t: TestApp;
  let editor: string;
  let counter = 0;
  /** A new published association, its REST path. */
  const published = async (): Promise<Named & { path: string }> => {
    counter += 1;
    const item = await createPublished<Named>(t, editor, ASSOCIATION, 100 + counter, { fields: 'id version status slug' });
    return { ...item, path: `/api/v1/associations/${item.slug}` };
  };

  beforeAll(async () => {
    t = await createTestApp(CACHE_ENV);
    await listening(t.app);
    editor = await loginAs(t, 'editor');
  });
  afterAll(async () => t?.close());

  it('answers a repeated anonymous read from memory, with no SQL, and the same bytes', async () => {
    const item = await published();
    const first = await sqlOf(() => t.http().get(item.path).expect(200));
    expect(first.count).toBeGreaterThan(0);
    await t.http().get(item.path).expect(200);
    const second = await sqlOf(() => t.http().get(item.path).expect(200));
    expect(second.count).toBe(0);
    expect(second.res.text).toBe(first.res.text);
    expect(second.res.headers['content-type']).toBe(first.res.headers['content-type']);
  });

  it('gives anonymous content a strong ETag and a public Cache-Control with stale-while-revalidate', async () => {
    const item = await published();
    const res = await t.http().get(item.path).expect(200);
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(res.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(res.headers.vary).toMatch(/Authorization/);
    const again = await t.http().get(item.path).expect(200);
    expect(again.headers.etag).toBe(res.headers.etag);
  });

  it('answers 304 to If-None-Match with the current ETag, without running the query', async () => {
    const item = await published();
    const { etag } = (await warm(() => t.http().get(item.path))).headers;
    const { res, count } = await sqlOf(() => t.http().get(item.path).set('If-None-Match', etag).expect(304));
    expect(count).toBe(0);
    expect(res.headers.etag).toBe(etag);
    expect(res.text).toBe('');
    // An ETag of other bytes gets the whole answer.
    await t.http().get(item.path).set('If-None-Match', '"something-else"').expect(200);
  });

  it('shows an edit on the very next request, with a new ETag', async () => {
    const item = await published();
    const before = await t.http().get(item.path).expect(200);
    await t.http().get(item.path).expect(200);
    await updateItem(t, editor, ASSOCIATION, item, { name: 'Club d\'histoire, nom changé' });
    const after = await t.http().get(item.path).expect(200);
    expect(after.body.name).toBe('Club d\'histoire, nom changé');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    // The old ETag no longer gives 304.
    await t.http().get(item.path).set('If-None-Match', before.headers.etag).expect(200);
  });

  it('shows a list change (a new item) on the very next request', async () => {
    const list = '/api/v1/associations?first=100';
    const before = (await t.http().get(list).expect(200)).body as { totalCount: number };
    await t.http().get(list).expect(200);
    await published();
    const after = (await t.http().get(list).expect(200)).body as { totalCount: number };
    expect(after.totalCount).toBe(before.totalCount + 1);
  });

  it('never serves a draft to an anonymous reader, nor a cached answer after unpublishing', async () => {
    counter += 1;
    const draft = await createItem<Named>(t, editor, ASSOCIATION, 100 + counter, { fields: 'id version status slug' });
    const path = `/api/v1/associations/${draft.slug}`;
    const staff = await t.http().get(path).set('Authorization', `Bearer ${editor}`).expect(200);
    expect(staff.headers['cache-control']).toBe('private, no-store');
    expect(staff.headers.etag).toBeUndefined();
    // The staff answer was not kept: the public still gets 404.
    const anonymous = await t.http().get(path).expect(404);
    expect(anonymous.headers['cache-control']).toBe('private, no-store');

    const live = await publishItem<Named>(t, editor, ASSOCIATION, draft);
    await t.http().get(path).expect(200);
    await t.http().get(path).expect(200);
    await unpublishItem(t, editor, ASSOCIATION, live);
    await t.http().get(path).expect(404);
  });

  it('never answers an authenticated request from the cache (staff token or API key): private, no-store', async () => {
    const item = await published();
    await t.http().get(item.path).expect(200);
    const staff = await sqlOf(() => t.http().get(item.path).set('Authorization', `Bearer ${editor}`).expect(200));
    expect(staff.count).toBeGreaterThan(0);
    expect(staff.res.headers['cache-control']).toBe('private, no-store');
    const key = await t.http().get(item.path).set('Authorization', 'Bearer pvk_not-a-real-key').expect(401);
    expect(key.headers['cache-control']).toBe('private, no-store');
  });

  it('keeps no error: a 404 is private, no-store and runs again', async () => {
    const path = '/api/v1/associations/nobody-has-this-slug';
    const first = await t.http().get(path).expect(404);
    expect(first.headers['cache-control']).toBe('private, no-store');
    expect(first.headers.etag).toBeUndefined();
    const second = await sqlOf(() => t.http().get(path).expect(404));
    expect(second.count).toBeGreaterThan(0);
  });

  it('caches GraphQL over GET (with Apollo\'s CSRF header), but not its errors', async () => {
    const item = await published();
    const query = `{ association(slug: "${item.slug}") { id name } }`;
    const get = (): request.Test => t.http().get('/graphql').query({ query }).set('Apollo-Require-Preflight', 'true');
    const first = await warm(get);
    expect(first.body.data.association.id).toBe(item.id);
    expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(first.headers.etag).toBeDefined();
    const second = await sqlOf(() => get().expect(200));
    expect(second.count).toBe(0);
    expect(second.res.text).toBe(first.text);
    await sqlOf(() => get().set('If-None-Match', first.headers.etag).expect(304));

    await updateItem(t, editor, ASSOCIATION, item, { name: 'Nom changé pour GraphQL' });
    expect((await get().expect(200)).body.data.association.name).toBe('Nom changé pour GraphQL');

    // Without the CSRF header Apollo refuses the GET: an error, never public, never kept.
    const refused = await t.http().get('/graphql').query({ query });
    expect(refused.status).toBe(400);
    expect(refused.headers['cache-control']).toBe('private, no-store');
    // An answer with errors (status 200) is not kept either.
    const invalid = '{ associations(first: -1) { totalCount } }';
    const error = await t.http().get('/graphql').query({ query: invalid }).set('Apollo-Require-Preflight', 'true').expect(200);
    expect(error.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(error.headers['cache-control']).toBe('private, no-store');
    expect(error.headers.etag).toBeUndefined();
    const entries = t.app.get(ResponseCache).stats.entries;
    await t.http().get('/graphql').query({ query: invalid }).set('Apollo-Require-Preflight', 'true').expect(200);
    expect(t.app.get(ResponseCache).stats.entries).toBe(entries);
  });

  it('keeps the feeds\' own public Cache-Control, with a strong ETag and 304', async () => {
    const first = await warm(() => t.http().get('/feeds/events.rss'));
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect(first.headers.etag).toMatch(/^"/);
    const hit = await sqlOf(() => t.http().get('/feeds/events.rss').set('If-None-Match', first.headers.etag).expect(304));
    expect(hit.count).toBe(0);
  });

  it('shows a change of a category\'s label on the next request (terms are not in the journal)', async () => {
    const created = await t.gql('mutation { createTerm(vocabulary: CATEGORY, input: { label: "Catégorie du cache" }) { id version } }', {}, editor);
    const term = created.body.data.createTerm as { id: string; version: number };
    const path = '/api/v1/terms?vocabulary=CATEGORY';
    await t.http().get(path).expect(200);
    await t.http().get(path).expect(200);
    const renamed = await t.gql('mutation($id: ID!, $version: Int!) { updateTerm(id: $id, version: $version, input: { label: "Catégorie renommée" }) { id } }',
      { id: term.id, version: term.version }, editor);
    expect(renamed.body.errors).toBeUndefined();
    const labels = ((await t.http().get(path).expect(200)).body as Array<{ label: string }>).map((row) => row.label);
    expect(labels).toContain('Catégorie renommée');
  });

  it('shows a change of a media file\'s text alternative in the content using it on the next request', async () => {
    const image = await uploadMedia<{ id: string; version: number }>(t, await png(40, 30, '#3366aa'), 'logo.png',
      { token: editor, contentType: 'image/png', fields: { alt: 'Ancien logo' } });
    counter += 1;
    const item = await createPublished<Named>(t, editor, ASSOCIATION, { ...ASSOCIATION.createInput(100 + counter), logoMediaId: image.id },
      { fields: 'id version status slug' });
    const path = `/api/v1/associations/${item.slug}`;
    expect((await t.http().get(path).expect(200)).body.logo.alt).toBe('Ancien logo');
    await t.http().get(path).expect(200);
    const changed = await t.gql('mutation($id: ID!, $version: Int!) { updateMedia(id: $id, version: $version, alt: "Nouveau logo") { id } }',
      { id: image.id, version: image.version }, editor);
    expect(changed.body.errors).toBeUndefined();
    expect((await t.http().get(path).expect(200)).body.logo.alt).toBe('Nouveau logo');
  });

  it('learns of a change made by another process (raw SQL on another connection) through NOTIFY', async () => {
    const item = await published();
    await t.http().get(item.path).expect(200);
    const changes = t.app.get(ContentChanges);
    expect(changes.isListening).toBe(true);
    const epoch = changes.epoch;
    const other = new Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`UPDATE associations SET name = 'Changé par un autre processus' WHERE id = $1`, [item.id]);
      await other.query(`INSERT INTO content_journal (content_type, content_id, operation, version) VALUES ('association', $1, 'update', $2)`,
        [item.id, item.version]);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    await eventually(() => changes.epoch > epoch);
    expect((await t.http().get(item.path).expect(200)).body.name).toBe('Changé par un autre processus');
  });

  describe('with a second instance on the same database', () => {
    let second: INestApplication;
    let http2: () => ReturnType<typeof request>;

    beforeAll(async () => {
      const config = loadConfig({ NODE_ENV: 'test', MEDIA_DIR: t.config.media.dir, ...CACHE_ENV });
      const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, t.databaseUrl)] }).compile();
      second = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
      configureApp(second, config);
      await second.init();
      await listening(second);
      http2 = () => request(second.getHttpServer());
    });
    afterAll(async () => second?.close());

    it('shows an edit made through the first instance on the very next request to the second', async () => {
      const item = await published();
      await warm(() => http2().get(item.path));
      const hit = await sqlOf(() => http2().get(item.path).expect(200));
      expect(hit.count).toBe(0);
      await updateItem(t, editor, ASSOCIATION, item, { name: 'Changé sur la première instance' });
      expect((await http2().get(item.path).expect(200)).body.name).toBe('Changé sur la première instance');
    });

    it('checks the database before each cached answer while its LISTEN connection is down', async () => {
      const changes = second.get(ContentChanges);
      await changes.stopListening();
      expect(changes.isListening).toBe(false);
      const item = await published();
      await warm(() => http2().get(item.path));
      const hit = await sqlOf(() => http2().get(item.path).expect(200));
      // The head check, and nothing else.
      expect(hit.count).toBe(1);
      await updateItem(t, editor, ASSOCIATION, item, { name: 'Changé pendant la coupure' });
      expect((await http2().get(item.path).expect(200)).body.name).toBe('Changé pendant la coupure');
    });

    it('learns of its own writes at their commit, without waiting for the database\'s notification', async () => {
      const changes = second.get(ContentChanges);
      expect(changes.isListening).toBe(false);
      const item = await published();
      const epoch = changes.epoch;
      const res = await http2().post('/graphql').set('Authorization', `Bearer ${editor}`).send({
        query: 'mutation($id: ID!, $version: Int!) { updateAssociation(id: $id, version: $version, input: { summary: "Écrit par la seconde instance" }) { version } }',
        variables: { id: item.id, version: item.version },
      }).expect(200);
      expect(res.body.errors).toBeUndefined();
      // Nothing listens on this instance and no GET ran: only its own commit hook can have moved it.
      expect(changes.epoch).toBeGreaterThan(epoch);
    });
  });

  // Last: a new app in this process takes over passport's 'jwt' strategy (the editor's token is not used after it).
  it('keeps no answer over a sixteenth of RESPONSE_CACHE_MAX_MB, and still gives it an ETag', async () => {
    // 1 MB of cache: nothing over 64 kB is kept. The full introspection answer is larger.
    const small = await createTestApp({ ...CACHE_ENV, RESPONSE_CACHE_MAX_MB: '1' });
    try {
      const get = (): request.Test => small.http().get('/graphql').query({ query: getIntrospectionQuery() }).set('Apollo-Require-Preflight', 'true');
      const first = await get().expect(200);
      expect(first.text.length).toBeGreaterThan(64 * 1024);
      expect(first.body.data.__schema.types.length).toBeGreaterThan(10);
      expect(first.headers.etag).toBeDefined();
      expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
      expect(small.app.get(ResponseCache).stats.entries).toBe(0);
      // Computed again (introspection needs no SQL, so the proof is the empty cache), still 304.
      await get().set('If-None-Match', first.headers.etag).expect(304);
      expect(small.app.get(ResponseCache).stats.entries).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('does not count cached answers and 304s against the anonymous rate limit', async () => {
    const limited = await createTestApp({ ...CACHE_ENV, RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3' });
    try {
      await listening(limited.app);
      const path = '/api/v1/commune';
      const first = await limited.http().get(path).expect(200);
      for (let i = 0; i < 6; i += 1) await limited.http().get(path).expect(200);
      for (let i = 0; i < 3; i += 1) await limited.http().get(path).set('If-None-Match', first.headers.etag).expect(304);
      // Three uncached requests spend the budget: the first miss already did once.
      await limited.http().get('/api/v1/associations').expect(200);
      await limited.http().get('/api/v1/pages').expect(200);
      await limited.http().get('/api/v1/procedures').expect(429);
    } finally {
      await limited.close();
    }
  });
});
