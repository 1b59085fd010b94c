import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { Channel, ContentTypeName } from '../src/content/content.types';
import { signSyncToken } from '../src/sync/sync-token';
import { loginAs } from './support/auth-helpers';
import {
  ASSOCIATION, CONTENT_KINDS, ContentKind, createItem, createPublished, deleteItem, EVENT, ItemRef, PAGE, PROCEDURE, publishItem,
  unpublishItem, updateItem, Versioned,
} from './support/content-factories';
import { createTestApp, TestApp } from './support/test-app';

interface SyncItem {
  id: string;
  contentType: string;
  version: number;
  [field: string]: unknown;
}

interface Tombstone {
  contentType: string;
  id: string;
  reason: 'deleted' | 'unpublished';
  removedAt: string;
}

interface SyncAnswer {
  items: SyncItem[];
  tombstones: Tombstone[];
  nextPageToken: string | null;
  nextSyncToken: string | null;
}

/** An integrator's copy: what it holds, and everything it was sent (to prove nothing comes twice). */
class Replica {
  readonly items = new Map<string, SyncItem>();
  readonly upserts: string[] = [];
  readonly tombstones: string[] = [];

  apply(page: SyncAnswer): void {
    for (const item of page.items) {
      this.items.set(item.id, item);
      this.upserts.push(`${item.id}@${item.version}`);
    }
    for (const tombstone of page.tombstones) {
      this.items.delete(tombstone.id);
      this.tombstones.push(tombstone.id);
    }
  }

  versions(): Record<string, number> {
    return Object.fromEntries([...this.items.values()].map((item) => [item.id, item.version]));
  }
}

/** Until another backend waits for an advisory lock (the blocked writer), polling pg_locks. */
async function waitForLockWaiter(client: Client): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const { rows } = await client.query<{ waiting: string }>(`SELECT count(*) AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
    if (Number(rows[0].waiting) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('The write never reached the journal lock');
}

const TABLES: Record<string, string> = { pages: 'pages', associations: 'associations', events: 'events', 'legal-notices': 'legal_notices', procedures: 'procedures' };

describe('delta sync (GET /api/v1/sync)', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' });
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  async function get(query: Record<string, string | number>, expected = 200): Promise<SyncAnswer> {
    const res = await t.http().get('/api/v1/sync').query(query);
    if (res.status !== expected) throw new Error(`sync answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as SyncAnswer;
  }

  /**
   * Follows nextPageToken until a nextSyncToken, applying every page; `between(n)` runs after page n
   * (editors writing while the integrator pages). Returns the nextSyncToken.
   */
  async function follow(replica: Replica, first: Record<string, string | number>, between?: (page: number) => Promise<void>): Promise<string> {
    let page = await get(first);
    for (let n = 1; ; n += 1) {
      replica.apply(page);
      if (page.nextSyncToken) {
        expect(page.nextPageToken).toBeNull();
        return page.nextSyncToken;
      }
      expect(page.nextPageToken).toEqual(expect.any(String));
      await between?.(n);
      page = await get({ token: page.nextPageToken as string, ...(first.limit ? { limit: first.limit } : {}) });
    }
  }

  /** What the public can see now, straight from the tables: id → version. */
  async function publicVersions(restPaths: string[], channel?: string): Promise<Record<string, number>> {
    const truth: Record<string, number> = {};
    for (const path of restPaths) {
      const rows = await t.dataSource.query<{ id: string; version: number }[]>(
        `SELECT id, version FROM ${TABLES[path]} WHERE status = 'published' AND deleted_at IS NULL ${channel ? `AND channels @> ARRAY['${channel}']::channel[]` : ''}`,
      );
      for (const row of rows) truth[row.id] = row.version;
    }
    return truth;
  }

  const create = (kind: ContentKind, n: number, input: Record<string, unknown> = {}): Promise<ItemRef> =>
    createItem(t, editor, kind, { ...kind.createInput(n), ...input });
  const published = async (kind: ContentKind, n: number, input: Record<string, unknown> = {}): Promise<ItemRef> =>
    publishItem(t, editor, kind, await create(kind, n, input));
  const retitle = (kind: ContentKind, item: Versioned, title: string): Promise<ItemRef> =>
    updateItem(t, editor, kind, item, { [kind.titleField]: title });

  it('lists every published item once, page by page, in the REST shape, then gives a sync token; drafts never appear', async () => {
    const items = [await published(ASSOCIATION, 1), await published(ASSOCIATION, 2), await published(EVENT, 1), await published(PAGE, 1), await published(PROCEDURE, 1)];
    const draft = await create(ASSOCIATION, 3);
    const gone = await published(ASSOCIATION, 4);
    await deleteItem(t, editor, ASSOCIATION, gone);

    const replica = new Replica();
    await follow(replica, { limit: 2 });
    expect(replica.versions()).toEqual(await publicVersions(Object.keys(TABLES)));
    for (const item of items) expect(replica.items.has(item.id)).toBe(true);
    expect(replica.items.has(draft.id)).toBe(false);
    expect(replica.items.has(gone.id)).toBe(false);
    expect(new Set(replica.upserts).size).toBe(replica.upserts.length);

    // The item is what the REST read of it shows (REST adds inlined relations on top).
    const association = replica.items.get(items[0].id) as SyncItem;
    const rest = (await t.http().get(`/api/v1/associations/${items[0].id}`).expect(200)).body as Record<string, unknown>;
    expect(association.contentType).toBe('ASSOCIATION');
    for (const [field, value] of Object.entries(association)) expect([field, rest[field]]).toEqual([field, value]);
  });

  it('then returns only what changed: creations, updates, unpublications and deletions as tombstones, no drafts', async () => {
    const kept = await published(EVENT, 10);
    const toUpdate = await published(EVENT, 11);
    const toUnpublish = await published(EVENT, 12);
    const toDelete = await published(EVENT, 13);
    const replica = new Replica();
    const token = await follow(replica, { types: 'events' });
    expect(replica.items.has(kept.id)).toBe(true);

    const updated = await retitle(EVENT, toUpdate, 'Conférence renommée');
    await unpublishItem(t, editor, EVENT, toUnpublish);
    await deleteItem(t, editor, EVENT, toDelete);
    const added = await published(EVENT, 14);
    const draft = await create(EVENT, 15);
    await retitle(EVENT, draft, 'Brouillon retouché');
    await published(ASSOCIATION, 16); // another type: not in this sync

    const delta = await get({ token });
    expect(delta.items.map((item) => [item.id, item.version]).sort()).toEqual([[updated.id, updated.version], [added.id, added.version]].sort());
    expect(delta.items.find((item) => item.id === updated.id)?.title).toBe('Conférence renommée');
    // Each is exactly what the REST read of it shows now (nothing changed since), dates and enums included.
    for (const item of delta.items) {
      const rest = (await t.http().get(`/api/v1/events/${item.id}`).expect(200)).body as Record<string, unknown>;
      for (const [field, value] of Object.entries(item)) expect([field, rest[field]]).toEqual([field, value]);
    }
    expect(delta.tombstones.map((tombstone) => [tombstone.id, tombstone.reason]).sort())
      .toEqual([[toUnpublish.id, 'unpublished'], [toDelete.id, 'deleted']].sort());
    expect(delta.tombstones[0]).toMatchObject({ contentType: 'EVENT', removedAt: expect.any(String) });
    expect(delta.nextPageToken).toBeNull();
    replica.apply(delta);
    expect(replica.versions()).toEqual(await publicVersions(['events']));

    // Nothing changed since: an empty page, and a token that still works.
    const quiet = await get({ token: delta.nextSyncToken as string });
    expect(quiet).toMatchObject({ items: [], tombstones: [], nextPageToken: null, nextSyncToken: expect.any(String) });
    // A draft edited again is still never mentioned, not even as a tombstone.
    await retitle(EVENT, await create(EVENT, 17), 'Encore un brouillon');
    expect(await get({ token: quiet.nextSyncToken as string })).toMatchObject({ items: [], tombstones: [] });
  });

  it('never misses a change nor delivers one twice while editors write between its pages', async () => {
    const kinds = [ASSOCIATION, PROCEDURE];
    const tracked: { kind: ContentKind; item: ItemRef }[] = [];
    let counter = 30;
    const add = async (): Promise<void> => {
      counter += 1;
      const kind = kinds[counter % 2];
      tracked.push({ kind, item: await published(kind, counter) });
    };
    for (let i = 0; i < 10; i += 1) await add();
    const touch = async (index: number, title: string): Promise<void> => {
      const entry = tracked[index % tracked.length];
      entry.item = await retitle(entry.kind, entry.item, title);
    };

    // At every page boundary: two edits, a new published item, and an unpublication (republished one time in two).
    const writes = async (page: number): Promise<void> => {
      // Writes between the first pages of each phase only, so that the integrator catches up in the end.
      if (page % 50 > 4) return;
      await touch(page, `Modifié ${page}`);
      await touch(page * 3 + 1, `Retouché ${page}`);
      await add();
      const entry = tracked[(page * 5 + 2) % tracked.length];
      if (entry.item.status === 'PUBLISHED') {
        entry.item = await unpublishItem(t, editor, entry.kind, entry.item);
        if (page % 2 === 0) entry.item = await publishItem(t, editor, entry.kind, entry.item);
      }
    };

    const replica = new Replica();
    const token = await follow(replica, { types: 'associations,procedures', limit: 3 }, writes);
    // Writes after the snapshot, a deletion, then deltas paged 2 at a time with more writes between their pages.
    await writes(50);
    const [victim] = tracked.splice(9, 1);
    await deleteItem(t, editor, victim.kind, victim.item);
    const next = await follow(replica, { token, limit: 2 }, (page) => writes(100 + page));
    // One last delta catches what the final writes did.
    replica.apply(await get({ token: next }));

    expect(replica.versions()).toEqual(await publicVersions(['associations', 'procedures']));
    expect(replica.items.has(victim.item.id)).toBe(false);
    // Each version of an item reached the integrator at most once.
    expect(replica.upserts.length).toBe(new Set(replica.upserts).size);
  });

  it('does not step over a write still in progress when a page is read: the next sync delivers it', async () => {
    const item = await published(PROCEDURE, 80);
    const replica = new Replica();
    const token = await follow(replica, { types: 'procedures' });
    // Another connection holds the journal lock, as a writer about to append its journal rows would.
    const blocker = new Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_advisory_xact_lock($1)', [0x7061_7276]);
      const pending = retitle(PROCEDURE, item, 'Démarche modifiée pendant la lecture');
      // The edit has saved its row and waits for the journal lock: not committed, so not in the feed yet.
      await waitForLockWaiter(blocker);
      const during = await get({ token });
      expect(during.items).toEqual([]);
      await blocker.query('COMMIT');
      const edited = await pending;
      const after = await get({ token: during.nextSyncToken as string });
      expect(after.items.map((entry) => [entry.id, entry.version])).toEqual([[item.id, edited.version]]);
    } finally {
      await blocker.end();
    }
  });

  it('keeps its filters in the token: a type list, a channel, and removal from the channel as a tombstone', async () => {
    const both = await published(PAGE, 40);
    const kioskOnly = await published(PAGE, 41, { channels: ['KIOSK'] });
    const replica = new Replica();
    const token = await follow(replica, { types: 'pages', channel: 'web' });
    expect(replica.items.has(both.id)).toBe(true);
    expect(replica.items.has(kioskOnly.id)).toBe(false);
    expect([...replica.items.values()].every((item) => item.contentType === 'PAGE')).toBe(true);

    await updateItem(t, editor, PAGE, both, { channels: ['KIOSK'] });
    const delta = await get({ token });
    expect(delta.items).toEqual([]);
    expect(delta.tombstones).toEqual([expect.objectContaining({ id: both.id, reason: 'unpublished' })]);

    // Repeating the filters is fine; changing them mid-sync is not.
    await get({ token, types: 'pages', channel: 'web' });
    const changed = await t.http().get('/api/v1/sync').query({ token, types: 'events' }).expect(400);
    expect(changed.body).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ path: 'types' }] });
  });

  it('refuses a forged token with 400, an expired one with 410, and bad parameters with 400', async () => {
    const { nextSyncToken } = await get({ types: 'events', limit: 500 });
    const token = nextSyncToken as string;
    const [body, mac] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), p: ['d', '0'] })).toString('base64url')}.${mac}`;
    for (const bad of [forged, `${token}x`, 'not-a-token']) {
      const res = await t.http().get('/api/v1/sync').query({ token: bad }).expect(400);
      expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ path: 'token' }] });
    }

    // A token signed by this server SYNC_TOKEN_MAX_AGE_DAYS (30) days and a second ago.
    const key = createHmac('sha256', t.config.jwt.secret).update('parvis sync tokens v1').digest();
    const old = signSyncToken(key, { types: [ContentTypeName.EVENT], channel: Channel.WEB, position: { phase: 'delta', seq: '0' } },
      Math.floor(Date.now() / 1000) - 30 * 86_400 - 1);
    const expired = await t.http().get('/api/v1/sync').query({ token: old }).expect(410);
    expect(expired.body).toMatchObject({ code: 'GONE', status: 410 });
    // A token from beyond the journal's end (the database was restored from an older backup): 410 as well.
    const ahead = signSyncToken(key, { types: [ContentTypeName.EVENT], channel: null, position: { phase: 'delta', seq: '999999999' } },
      Math.floor(Date.now() / 1000));
    expect((await t.http().get('/api/v1/sync').query({ token: ahead }).expect(410)).body).toMatchObject({ code: 'GONE' });
    // The same token, fresh, is accepted: only its age was wrong.
    await get({ token: signSyncToken(key, { types: [ContentTypeName.EVENT], channel: Channel.WEB, position: { phase: 'delta', seq: '0' } }, Math.floor(Date.now() / 1000)) });

    for (const query of [{ limit: 501 }, { limit: 0 }, { types: 'events,nope' }, { channel: 'radio' }]) {
      await t.http().get('/api/v1/sync').query(query).expect(400);
    }
  });

  it('accepts every content type by its REST name, all five by default, each in its REST shape', async () => {
    const { nextSyncToken } = await get({ limit: 500 });
    const made = new Map<string, ContentKind>();
    for (const kind of CONTENT_KINDS) made.set((await createPublished(t, editor, kind, 27)).id, kind);
    const queries: Record<string, string | number>[] = [{ limit: 500 }, { types: CONTENT_KINDS.map((kind) => kind.restPath).join(','), limit: 500 }];
    for (const query of queries) {
      const all = await get(query);
      const seen = new Map(all.items.filter((item) => made.has(item.id)).map((item) => [item.id, item.contentType]));
      expect(seen).toEqual(new Map([...made].map(([id, kind]) => [id, kind.type])));
    }
    // In a delta too (read from the revisions), each item is what its REST read shows.
    const delta = await get({ token: nextSyncToken as string });
    expect(delta.items.map((item) => item.id).sort()).toEqual([...made.keys()].sort());
    for (const item of delta.items) {
      const rest = (await t.http().get(`/api/v1/${made.get(item.id)?.restPath}/${item.id}`).expect(200)).body as Record<string, unknown>;
      for (const [field, value] of Object.entries(item)) expect([item.contentType, field, rest[field]]).toEqual([item.contentType, field, value]);
    }
  });

});

describe('delta sync of the demo commune', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' }, { demo: true });
  });
  afterAll(() => t.close());

  it('pages 100 items by default and lists exactly the published content', async () => {
    const [{ total }] = await t.dataSource.query<{ total: number }[]>(
      `SELECT sum(n)::int AS total FROM (${Object.values(TABLES).map((table) => `SELECT count(*) AS n FROM ${table} WHERE status = 'published' AND deleted_at IS NULL`).join(' UNION ALL ')}) counts`);
    expect(total).toBeGreaterThan(100);
    const first = (await t.http().get('/api/v1/sync').expect(200)).body as SyncAnswer;
    expect(first.items).toHaveLength(100);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const ids = new Set(first.items.map((item) => item.id));
    let page = first;
    while (page.nextPageToken) {
      page = (await t.http().get('/api/v1/sync').query({ token: page.nextPageToken }).expect(200)).body as SyncAnswer;
      for (const item of page.items) ids.add(item.id);
    }
    expect(ids.size).toBe(total);
  });
});
