import { AuthService } from '../src/auth/auth.service';
import { createUser, loginAs, TestUser } from './support/auth-helpers';
import { ASSOCIATION, createItem, createPublished, publishItem, tryCreate } from './support/content-factories';
import { firstGqlError, GqlBody } from './support/gql-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** Low, so that the rate-limit test needs few requests (in an app of its own). */
const KEY_LIMIT = 4;

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id name prefix role readOnly createdById createdAt expiresAt lastUsedAt revokedAt } } }`;
const LIST_KEYS = '{ apiKeys { id name prefix role readOnly createdById createdAt expiresAt lastUsedAt revokedAt } }';
const REVOKE_KEY = 'mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }';
const ASSOCIATIONS = '{ associations(first: 50) { edges { node { id status } } } }';

interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  role: string | null;
  readOnly: boolean;
  createdById: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

describe('API keys', () => {
  let t: TestApp;
  let admin: TestUser;
  let adminToken: string;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_API_KEY_PER_MINUTE: '100000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' });
    admin = await createUser(t, { role: 'admin' });
    adminToken = (await t.app.get(AuthService).login(admin.email, admin.password)).accessToken;
  });
  afterAll(() => t.close());

  async function createKey(input: Record<string, unknown>, token = adminToken): Promise<{ secret: string; apiKey: ApiKeyView }> {
    const body = (await t.gql(CREATE_KEY, { input }, token)).body as GqlBody<{ createApiKey: { secret: string; apiKey: ApiKeyView } }>;
    if (!body.data?.createApiKey) throw new Error(JSON.stringify(body.errors));
    return body.data.createApiKey;
  }

  async function listKeys(): Promise<ApiKeyView[]> {
    return ((await t.gql(LIST_KEYS, {}, adminToken)).body as GqlBody<{ apiKeys: ApiKeyView[] }>).data?.apiKeys ?? [];
  }

  it('creates a read-only key whose secret is shown once, and lists keys without any secret', async () => {
    const { secret, apiKey } = await createKey({ name: 'Office de tourisme' });
    expect(secret).toMatch(/^pvk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'Office de tourisme', prefix: secret.slice(0, 12), role: null, readOnly: true,
      createdById: admin.id, expiresAt: null, lastUsedAt: null, revokedAt: null });

    const gqlList = await t.gql(LIST_KEYS, {}, adminToken);
    const restList = await t.http().get('/api/v1/api-keys').set('Authorization', `Bearer ${adminToken}`).expect(200);
    const [stored] = await t.dataSource.query<{ token_hash: string }[]>('SELECT token_hash FROM api_keys WHERE id = $1', [apiKey.id]);
    for (const text of [JSON.stringify(gqlList.body), JSON.stringify(restList.body)]) {
      expect(text).toContain(apiKey.prefix);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(12));
      expect(text).not.toContain(stored.token_hash);
    }
    expect((restList.body as { data: ApiKeyView[] }).data.find((key) => key.id === apiKey.id)).toMatchObject({ prefix: apiKey.prefix, readOnly: true });
  });

  it('stores only the SHA-256 of the secret', async () => {
    const { secret, apiKey } = await createKey({ name: 'Hash check' });
    const rows = await t.dataSource.query<Record<string, unknown>[]>('SELECT * FROM api_keys WHERE id = $1', [apiKey.id]);
    const { createHash } = await import('node:crypto');
    expect(rows[0].token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(rows[0])).not.toContain(secret);
  });

  it('reads published content only with a read-only key, over GraphQL and REST, and records when it was last used', async () => {
    const editor = await loginAs(t, 'editor');
    const published = await createPublished(t, editor, ASSOCIATION, 101);
    const draft = await createItem(t, editor, ASSOCIATION, 102);
    const { secret, apiKey } = await createKey({ name: 'Site statique' });

    const viaGql = (await t.gql(ASSOCIATIONS, {}, secret)).body as GqlBody<{ associations: { edges: { node: { id: string; status: string } }[] } }>;
    expect(viaGql.errors).toBeUndefined();
    const ids = viaGql.data?.associations.edges.map((edge) => edge.node.id) ?? [];
    expect(ids).toContain(published.id);
    expect(ids).not.toContain(draft.id);
    // Asking for drafts, as staff may, still gives published content only.
    const asking = (await t.gql('{ associations(first: 50, status: DRAFT) { edges { node { id } } } }', {}, secret)).body as GqlBody<{ associations: { edges: { node: { id: string } }[] } }>;
    expect(asking.data?.associations.edges.map((edge) => edge.node.id)).not.toContain(draft.id);
    await t.http().get(`/api/v1/associations/${draft.id}`).set('Authorization', `Bearer ${secret}`).expect(404);
    await t.http().get(`/api/v1/associations/${published.id}`).set('Authorization', `Bearer ${secret}`).expect(200);

    const used = (await listKeys()).find((key) => key.id === apiKey.id);
    expect(used?.lastUsedAt).not.toBeNull();
  });

  it('updates the last-used time at most once a minute', async () => {
    const { secret, apiKey } = await createKey({ name: 'Agenda régional' });
    const lastUsed = async (): Promise<string | null> =>
      (await t.dataSource.query<{ at: string | null }[]>('SELECT last_used_at::text AS at FROM api_keys WHERE id = $1', [apiKey.id]))[0].at;
    await t.http().get('/api/v1/associations').set('Authorization', `Bearer ${secret}`).expect(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await t.http().get('/api/v1/associations').set('Authorization', `Bearer ${secret}`).expect(200);
    expect(await lastUsed()).toBe(first);
    // A minute later (moved back by hand), the next request writes it again.
    await t.dataSource.query(`UPDATE api_keys SET last_used_at = now() - interval '61 seconds' WHERE id = $1`, [apiKey.id]);
    const old = await lastUsed();
    await t.http().get('/api/v1/associations').set('Authorization', `Bearer ${secret}`).expect(200);
    expect(await lastUsed()).not.toBe(old);
  });

  it('refuses every write with a read-only key (FORBIDDEN, not anonymous)', async () => {
    const { secret } = await createKey({ name: 'Lecture seule' });
    const refused = firstGqlError(await tryCreate(t, secret, ASSOCIATION, 103));
    expect(refused.extensions.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/read-only/);
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${secret}`);
    expect(me.status).toBe(403);
    expect(await t.dataSource.query(`SELECT 1 FROM associations WHERE slug = 'club-histoire-103'`)).toHaveLength(0);
  });

  it('writes with a staff key, attributed to the key and its creator in the journal and the audit log', async () => {
    const { secret, apiKey } = await createKey({ name: 'Import annuaire', role: 'EDITOR' });
    expect(apiKey).toMatchObject({ role: 'EDITOR', readOnly: false });
    const created = await createItem(t, secret, ASSOCIATION, 104);
    await publishItem(t, secret, ASSOCIATION, created);

    const journal = await t.dataSource.query<{ operation: string; actor_id: string; api_key_id: string }[]>(
      'SELECT operation, actor_id, api_key_id FROM content_journal WHERE content_id = $1 ORDER BY seq', [created.id]);
    expect(journal).toEqual([
      { operation: 'create', actor_id: admin.id, api_key_id: apiKey.id },
      { operation: 'publish', actor_id: admin.id, api_key_id: apiKey.id },
    ]);
    const audit = (await t.gql('query($id: ID!) { auditLog(contentId: $id) { edges { node { operation actorId apiKeyId } } } }', { id: created.id }, adminToken))
      .body as GqlBody<{ auditLog: { edges: { node: { operation: string; actorId: string; apiKeyId: string | null } }[] } }>;
    expect(audit.data?.auditLog.edges.map((edge) => edge.node)).toEqual([
      { operation: 'PUBLISH', actorId: admin.id, apiKeyId: apiKey.id },
      { operation: 'CREATE', actorId: admin.id, apiKeyId: apiKey.id },
    ]);
  });

  it('attributes a staff event made with an admin key (a user renamed) to the key in the audit log', async () => {
    const { secret, apiKey } = await createKey({ name: 'Synchro annuaire RH', role: 'ADMIN' });
    const someone = await createUser(t, { role: 'contributor' });
    const renamed = (await t.gql('mutation($id: ID!) { updateUser(id: $id, input: { displayName: "Agent renommé" }) { displayName } }', { id: someone.id }, secret)).body as GqlBody;
    expect(renamed.errors).toBeUndefined();
    const audit = (await t.gql('query($id: ID!) { auditLog(contentId: $id) { edges { node { operation actorId apiKeyId } } } }', { id: someone.id }, adminToken))
      .body as GqlBody<{ auditLog: { edges: { node: { operation: string; actorId: string; apiKeyId: string | null } }[] } }>;
    expect(audit.data?.auditLog.edges.map((edge) => edge.node)).toContainEqual({ operation: 'USER_UPDATE', actorId: admin.id, apiKeyId: apiKey.id });
  });

  it('records key creation and revocation in the audit log, without the secret', async () => {
    const { secret, apiKey } = await createKey({ name: 'Audit' });
    await t.gql(REVOKE_KEY, { id: apiKey.id }, adminToken);
    const rows = await t.dataSource.query<{ kind: string; actor_id: string; subject_id: string; detail: unknown }[]>(
      `SELECT kind, actor_id, subject_id, detail FROM audit_events WHERE subject_type = 'api_key' AND subject_id = $1 ORDER BY id`, [apiKey.id]);
    expect(rows.map((row) => [row.kind, row.actor_id])).toEqual([['api_key_create', admin.id], ['api_key_revoke', admin.id]]);
    expect(JSON.stringify(rows)).not.toContain(secret.slice(12));
  });

  it('refuses a revoked key on the very next request', async () => {
    const { secret, apiKey } = await createKey({ name: 'Révoquée', role: 'CONTRIBUTOR' });
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${secret}`).expect(200);
    const revoked = (await t.gql(REVOKE_KEY, { id: apiKey.id }, adminToken)).body as GqlBody<{ revokeApiKey: { revokedAt: string | null } }>;
    expect(revoked.data?.revokeApiKey.revokedAt).not.toBeNull();
    const next = await t.http().get('/api/v1/associations').set('Authorization', `Bearer ${secret}`);
    expect(next.status).toBe(401);
    expect(next.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'This API key has been revoked' });
    expect(firstGqlError(await tryCreate(t, secret, ASSOCIATION, 105)).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired key on the very next request, and a creation with an expiry in the past', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const { secret, apiKey } = await createKey({ name: 'Expirante', expiresAt });
    expect(apiKey.expiresAt).toBe(expiresAt);
    await t.http().get('/api/v1/associations').set('Authorization', `Bearer ${secret}`).expect(200);
    // The expiry comes (moved by hand rather than waited for).
    await t.dataSource.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [apiKey.id]);
    const next = await t.http().get('/api/v1/associations').set('Authorization', `Bearer ${secret}`);
    expect(next.status).toBe(401);
    expect(next.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'This API key has expired' });

    const past = (await t.gql(CREATE_KEY, { input: { name: 'Trop tard', expiresAt: '2020-01-01T00:00:00Z' } }, adminToken)).body as GqlBody;
    expect(firstGqlError(past).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.expiresAt' }] });
  });

  it('refuses a key whose creator has been disabled', async () => {
    const other = await createUser(t, { role: 'admin' });
    const otherToken = (await t.app.get(AuthService).login(other.email, other.password)).accessToken;
    const { secret } = await createKey({ name: 'Partie avec son auteur' }, otherToken);
    await t.http().get('/api/v1/associations').set('Authorization', `Bearer ${secret}`).expect(200);
    await t.dataSource.query('UPDATE users SET disabled = true WHERE id = $1', [other.id]);
    await t.http().get('/api/v1/associations').set('Authorization', `Bearer ${secret}`).expect(401);
  });

  it('refuses a garbage or unknown pvk_ credential with 401, even on a public read', async () => {
    for (const credential of ['pvk_garbage', `pvk_${'A'.repeat(43)}`, 'pvk_']) {
      const res = await t.http().get('/api/v1/associations').set('Authorization', `Bearer ${credential}`);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'Invalid API key' });
    }
    expect(firstGqlError((await t.gql(ASSOCIATIONS, {}, 'pvk_garbage')).body as GqlBody).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('still accepts a JWT next to API keys', async () => {
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${adminToken}`).expect(200);
    expect(me.body).toMatchObject({ id: admin.id, role: 'ADMIN' });
  });

  it('lets only an admin, logged in as a person, manage keys', async () => {
    const editor = await loginAs(t, 'editor');
    expect(firstGqlError((await t.gql(LIST_KEYS, {}, editor)).body as GqlBody).extensions.code).toBe('FORBIDDEN');
    expect(firstGqlError((await t.gql(CREATE_KEY, { input: { name: 'x' } })).body as GqlBody).extensions.code).toBe('UNAUTHENTICATED');
    const { secret } = await createKey({ name: 'Clé admin', role: 'ADMIN' });
    const byKey = firstGqlError((await t.gql(CREATE_KEY, { input: { name: 'Clé de clé' } }, secret)).body as GqlBody);
    expect(byKey.extensions.code).toBe('FORBIDDEN');
    await t.http().get('/api/v1/api-keys').set('Authorization', `Bearer ${secret}`).expect(403);
  });

  it('has a REST twin: create, list, revoke', async () => {
    const created = await t.http().post('/api/v1/api-keys').set('Authorization', `Bearer ${adminToken}`)
      .send({ name: 'Journal local', role: 'contributor' }).expect(201);
    const { secret, apiKey } = created.body as { secret: string; apiKey: ApiKeyView };
    expect(apiKey).toMatchObject({ name: 'Journal local', role: 'CONTRIBUTOR', readOnly: false });
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${secret}`).expect(200);
    const revoked = await t.http().post(`/api/v1/api-keys/${apiKey.id}/revoke`).set('Authorization', `Bearer ${adminToken}`).expect(200);
    expect((revoked.body as ApiKeyView).revokedAt).not.toBeNull();
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${secret}`).expect(401);
    const refused = await t.http().post('/api/v1/api-keys').set('Authorization', `Bearer ${adminToken}`).send({ name: '', role: 'boss' }).expect(400);
    expect((refused.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(['name', 'role']);
  });
});

describe('API key rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_API_KEY_PER_MINUTE: String(KEY_LIMIT), RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' });
  });
  afterAll(() => t.close());

  it('gives a read-only key its own budget, apart from the per-IP anonymous one and from other keys', async () => {
    const admin = await loginAs(t, 'admin');
    const create = (name: string): Promise<string> => t.http().post('/api/v1/api-keys').set('Authorization', `Bearer ${admin}`)
      .send({ name }).expect(201).then((res) => (res.body as { secret: string }).secret);
    const secret = await create('Limitée');
    for (let i = 0; i < KEY_LIMIT; i += 1) await t.http().get('/api/v1/associations').set('Authorization', `Bearer ${secret}`).expect(200);
    const limited = await t.http().get('/api/v1/associations').set('Authorization', `Bearer ${secret}`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    // Same IP: anonymous callers and another key are not affected.
    await t.http().get('/api/v1/associations').expect(200);
    await t.http().get('/api/v1/associations').set('Authorization', `Bearer ${await create('Autre')}`).expect(200);
  });
});
