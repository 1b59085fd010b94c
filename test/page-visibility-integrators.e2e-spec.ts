import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.service';
import { loginAs, RELAXED_RATE_LIMITS } from './support/auth-helpers';
import { createItem, EVENT, journalOf, PAGE, publishItem, unpublishItem, updateItem } from './support/content-factories';
import { countQueries } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 11 pt 12 for integrators: a page is public only while all its ancestors are published, and
 * the delta sync and the webhooks follow the same rule as the reads. A sub-page appears and
 * disappears with its parent (journal rows of operation `visibility`), and is never announced while
 * a draft ancestor hides it.
 */

interface SyncAnswer {
  items: Array<{ id: string; version: number }>;
  tombstones: Array<{ id: string; reason: string }>;
  nextPageToken: string | null;
  nextSyncToken: string | null;
}

interface Page { id: string; version: number; path: string; status: string }

/** A receiver on 127.0.0.1 that answers 200 and keeps the bodies. */
class Receiver {
  readonly received: Array<{ type: string; data: { id: string; operation: string; version: number; url: string | null } }> = [];
  private readonly server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      this.received.push(JSON.parse(body) as Receiver['received'][number]);
      res.writeHead(200).end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Until `count` backends wait for an advisory lock (writers queued at the journal lock), polling pg_locks. */
async function lockWaiters(client: Client, count: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const { rows } = await client.query<{ waiting: string }>(`SELECT count(*) AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
    if (Number(rows[0].waiting) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${count} writers never reached the journal lock`);
}

describe('sub-pages for integrators: sync and webhooks follow the page ancestor rule', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  let receiver: Receiver;
  let receiverUrl: string;
  let slugs = 0;

  beforeAll(async () => {
    t = await createTestApp({ ...RELAXED_RATE_LIMITS, WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true', WEBHOOKS_TIMEOUT_MS: '3000' });
    admin = await loginAs(t, 'admin');
    editor = await loginAs(t, 'editor');
    receiver = new Receiver();
    receiverUrl = await receiver.start();
  });
  afterAll(async () => {
    await receiver?.stop();
    await t?.close();
  });

  const fields = { fields: 'id version path status' };
  const page = (title: string, input: Record<string, unknown> = {}): Promise<Page> => {
    slugs += 1;
    return createItem<Page>(t, editor, PAGE, { title, slug: `page-${slugs}`, ...input }, fields);
  };
  const publish = (item: Page): Promise<Page> => publishItem<Page>(t, editor, PAGE, item, fields);
  const unpublish = (item: Page): Promise<Page> => unpublishItem<Page>(t, editor, PAGE, item, fields);
  async function move(item: Page, parentId: string | null): Promise<Page> {
    const res = await t.gql('mutation($id: ID!, $v: Int!, $p: ID) { movePage(id: $id, version: $v, parentId: $p) { id version path status } }',
      { id: item.id, v: item.version, p: parentId }, editor);
    expect(res.body.errors).toBeUndefined();
    return res.body.data.movePage as Page;
  }

  async function sync(query: Record<string, string | number>): Promise<SyncAnswer> {
    const res = await t.http().get('/api/v1/sync').query(query);
    if (res.status !== 200) throw new Error(`sync answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as SyncAnswer;
  }

  /** Every page of a sync from `query` to its nextSyncToken: items as `id@version`, tombstones as `id reason`. */
  async function follow(query: Record<string, string | number>): Promise<{ items: string[]; tombstones: string[]; token: string }> {
    const items: string[] = [];
    const tombstones: string[] = [];
    let answer = await sync(query);
    for (;;) {
      items.push(...answer.items.map((item) => `${item.id}@${item.version}`));
      tombstones.push(...answer.tombstones.map((tombstone) => `${tombstone.id} ${tombstone.reason}`));
      if (answer.nextSyncToken) return { items: items.sort(), tombstones: tombstones.sort(), token: answer.nextSyncToken };
      answer = await sync({ token: answer.nextPageToken as string });
    }
  }

  /** A sync token at the journal's head (after a full listing of pages). */
  const tokenNow = async (query: Record<string, string> = {}): Promise<string> => (await follow({ types: 'pages', ...query })).token;

  /** A fresh endpoint, starting at the journal's head (only it is active). */
  async function register(): Promise<void> {
    await t.dataSource.query('DELETE FROM webhook_endpoints');
    const res = await t.gql('mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }',
      { input: { name: 'Agenda intercommunal', url: receiverUrl, contentTypes: ['PAGE'] } }, admin);
    expect(res.body.errors).toBeUndefined();
    receiver.received.length = 0;
  }

  /** Runs delivery rounds until nothing is left; the posts received, as `type id operation`, sorted. */
  async function delivered(): Promise<string[]> {
    const dispatcher = t.app.get(WebhookDispatcher);
    while ((await dispatcher.runRound()) > 0) { /* until everything is sent */ }
    const posts = receiver.received.splice(0).map((post) => `${post.type} ${post.data.id} ${post.data.operation}`);
    return posts.sort();
  }

  const restStatus = async (item: Page): Promise<number> => (await t.http().get(`/api/v1/pages/${item.id}`)).status;

  it('never syncs nor announces a published sub-page of a draft parent; publishing the parent brings both', async () => {
    await register();
    const token = await tokenNow();
    const parent = await page('Projet de médiathèque');
    const child = await publish(await page('Horaires de la médiathèque', { parentId: parent.id }));
    expect(await restStatus(child)).toBe(404);

    const hidden = await follow({ token });
    expect(hidden).toMatchObject({ items: [], tombstones: [] });
    expect(await delivered()).toEqual([]);

    const online = await publish(parent);
    expect(await restStatus(child)).toBe(200);
    const shown = await follow({ token: hidden.token });
    // The child comes at its own version: it did not change, only its visibility did.
    expect(shown.items).toEqual([`${online.id}@${online.version}`, `${child.id}@${child.version}`].sort());
    expect(shown.tombstones).toEqual([]);
    expect(await delivered()).toEqual([`content.published ${child.id} VISIBILITY`, `content.published ${parent.id} PUBLISH`].sort());
    expect(await journalOf(t, child.id)).toEqual(['create', 'publish', 'visibility']);
    // No revision for it: the history still ends at the child's own publication.
    const [{ count }] = await t.dataSource.query<{ count: string }[]>('SELECT count(*) FROM content_revisions WHERE content_id = $1', [child.id]);
    expect(Number(count)).toBe(2);
    // The audit log shows it, by the editor who published the parent, with no message of its own.
    const audit = await t.gql('query($id: ID!) { auditLog(contentId: $id) { edges { node { operation version message } } } }', { id: child.id }, admin);
    expect(audit.body.errors).toBeUndefined();
    expect(audit.body.data.auditLog.edges[0].node).toEqual({ operation: 'VISIBILITY', version: child.version, message: null });
  });

  it('tombstones the published sub-pages of an unpublished parent and announces them unpublished', async () => {
    const parent = await publish(await page('Vie scolaire'));
    const child = await publish(await page('Cantine', { parentId: parent.id }));
    const draftChild = await page('Brouillon scolaire', { parentId: parent.id });
    await register();
    const token = await tokenNow();

    await unpublish(parent);
    expect(await restStatus(child)).toBe(404);
    const delta = await follow({ token });
    expect(delta.items).toEqual([]);
    expect(delta.tombstones).toEqual([`${parent.id} unpublished`, `${child.id} unpublished`].sort());
    expect(await delivered()).toEqual([`content.unpublished ${child.id} VISIBILITY`, `content.unpublished ${parent.id} UNPUBLISH`].sort());
    // A draft sub-page was never public: nothing is journaled for it.
    expect(await journalOf(t, draftChild.id)).toEqual(['create']);
  });

  it('tombstones a published sub-page moved under a draft parent, and brings it back when moved out', async () => {
    const section = await publish(await page('Urbanisme'));
    const draft = await page('Révision du PLU (en préparation)');
    let child = await publish(await page('Permis de construire', { parentId: section.id }));
    await register();
    const token = await tokenNow();

    child = await move(child, draft.id);
    expect(await restStatus(child)).toBe(404);
    const away = await follow({ token });
    expect(away).toMatchObject({ items: [], tombstones: [`${child.id} unpublished`] });
    expect(await delivered()).toEqual([`content.unpublished ${child.id} MOVE`]);

    child = await move(child, section.id);
    const back = await follow({ token: away.token });
    expect(back).toMatchObject({ items: [`${child.id}@${child.version}`], tombstones: [] });
    expect(await delivered()).toEqual([`content.published ${child.id} MOVE`]);
  });

  it('follows every ancestor: grand-children appear and disappear with the highest hidden one', async () => {
    const top = await page('Associations sportives');
    let middle = await publish(await page('Football', { parentId: top.id }));
    const leaf = await publish(await page('Horaires du stade', { parentId: middle.id }));
    await register();
    const token = await tokenNow();
    expect(await follow({ token })).toMatchObject({ items: [], tombstones: [] });

    let shownTop = await publish(top);
    const all = await follow({ token });
    expect(all.items).toEqual([`${shownTop.id}@${shownTop.version}`, `${middle.id}@${middle.version}`, `${leaf.id}@${leaf.version}`].sort());
    expect(await delivered()).toEqual([`content.published ${leaf.id} VISIBILITY`, `content.published ${middle.id} VISIBILITY`,
      `content.published ${shownTop.id} PUBLISH`].sort());

    middle = await unpublish(middle);
    const cut = await follow({ token: all.token });
    expect(cut).toMatchObject({ items: [], tombstones: [`${leaf.id} unpublished`, `${middle.id} unpublished`].sort() });
    expect(await delivered()).toEqual([`content.unpublished ${leaf.id} VISIBILITY`, `content.unpublished ${middle.id} UNPUBLISH`].sort());

    // The leaf is already hidden by its parent: unpublishing the top changes nothing for it.
    shownTop = await unpublish(shownTop);
    const topOnly = await follow({ token: cut.token });
    expect(topOnly).toMatchObject({ items: [], tombstones: [`${shownTop.id} unpublished`] });
    expect(await delivered()).toEqual([`content.unpublished ${shownTop.id} UNPUBLISH`]);
    expect(await journalOf(t, leaf.id)).toEqual(['create', 'publish', 'visibility', 'visibility']);
  });

  it('removes the sub-pages from a channel\'s sync when their parent leaves that channel', async () => {
    const parent = await publish(await page('Marché hebdomadaire'));
    const child = await publish(await page('Producteurs', { parentId: parent.id }));
    const kiosk = await tokenNow({ channel: 'kiosk' });
    const web = await tokenNow({ channel: 'web' });
    await register();

    const webOnly = await updateItem<Page>(t, editor, PAGE, parent, { channels: ['WEB'] }, fields);
    expect(await follow({ token: kiosk })).toMatchObject({ items: [], tombstones: [`${parent.id} unpublished`, `${child.id} unpublished`].sort() });
    expect(await follow({ token: web })).toMatchObject({ items: [`${parent.id}@${webOnly.version}`], tombstones: [] });
    // Without a channel, both stay public: an update of the parent, nothing for the child.
    expect(await delivered()).toEqual([`content.updated ${parent.id} UPDATE`]);

    // Restoring the parent's earlier revision (both channels) brings the sub-page back to the kiosk.
    const kioskAgain = await tokenNow({ channel: 'kiosk' });
    const res = await t.gql(`mutation($id: ID!, $version: Int!, $revision: Int!) {
      restoreContentRevision(type: PAGE, id: $id, version: $version, revision: $revision) { id version } }`,
    { id: webOnly.id, version: webOnly.version, revision: parent.version }, editor);
    expect(res.body.errors).toBeUndefined();
    const restored = res.body.data.restoreContentRevision as Page;
    expect(await follow({ token: kioskAgain })).toMatchObject({ items: [`${parent.id}@${restored.version}`, `${child.id}@${child.version}`].sort(), tombstones: [] });
    expect(await delivered()).toEqual([`content.updated ${parent.id} RESTORE`]);
  });

  it('journals a sub-page published at the same time as its parent, even when the sub-page commits first', async () => {
    const parent = await page('Budget participatif');
    const child = await page('Projets retenus', { parentId: parent.id });
    await register();
    const token = await tokenNow();
    // Another connection holds the journal lock; the child's publication queues first, then the parent's.
    const blocker = new Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_advisory_xact_lock($1)', [0x7061_7276]);
      const childDone = publish(child);
      await lockWaiters(blocker, 1);
      const parentDone = publish(parent);
      await lockWaiters(blocker, 2);
      await blocker.query('COMMIT');
      const [shownChild, shownParent] = await Promise.all([childDone, parentDone]);
      // The child journaled while its parent was still a draft; the parent's publication then found it.
      expect(await journalOf(t, child.id)).toEqual(['create', 'publish', 'visibility']);
      const delta = await follow({ token });
      expect(delta.items).toEqual([`${shownParent.id}@${shownParent.version}`, `${shownChild.id}@${shownChild.version}`].sort());
      expect(await delivered()).toEqual([`content.published ${child.id} VISIBILITY`, `content.published ${parent.id} PUBLISH`].sort());
    } finally {
      await blocker.end();
    }
  });

  it('stays exact while parents are published and unpublished between the pages of a delta', async () => {
    const sections: Page[] = [];
    for (let n = 0; n < 4; n += 1) {
      const section = await page(`Rubrique ${n}`);
      sections.push(section);
      for (let m = 0; m < 2; m += 1) await publish(await page(`Fiche ${n}.${m}`, { parentId: section.id }));
    }
    const held = new Map<string, number>();
    const apply = (answer: SyncAnswer): void => {
      for (const item of answer.items) held.set(item.id, item.version);
      for (const tombstone of answer.tombstones) held.delete(tombstone.id);
    };
    // A full listing, then deltas one item a page, toggling a section between pages.
    let answer = await sync({ types: 'pages', limit: 3 });
    let turn = 0;
    const toggle = async (): Promise<void> => {
      const index = turn % sections.length;
      turn += 1;
      sections[index] = sections[index].status === 'PUBLISHED' ? await unpublish(sections[index]) : await publish(sections[index]);
    };
    for (let round = 0; round < 3; round += 1) {
      for (;;) {
        apply(answer);
        if (answer.nextSyncToken) break;
        if (turn < 6 * (round + 1)) await toggle();
        answer = await sync({ token: answer.nextPageToken as string, limit: 1 });
      }
      await toggle();
      await toggle();
      answer = await sync({ token: answer.nextSyncToken, limit: 1 });
    }
    for (;;) {
      apply(answer);
      if (answer.nextSyncToken) break;
      answer = await sync({ token: answer.nextPageToken as string, limit: 1 });
    }
    // What the public sees now, by the reads' own rule.
    const truth = await t.dataSource.query<{ id: string; version: number }[]>(
      `SELECT id, version FROM pages p WHERE status = 'published' AND deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM pages a WHERE a.deleted_at IS NULL AND starts_with(p.path, a.path || '/') AND a.status <> 'published')`);
    expect(Object.fromEntries([...held.entries()].sort())).toEqual(Object.fromEntries(truth.map((row) => [row.id, row.version]).sort()));
  });

  it('costs no statement more for a write that changes no visibility, and one for a page publication', async () => {
    const saved = await publish(await page('Mairie'));
    const event = await publishItem(t, editor, EVENT, await createItem(t, editor, EVENT, 1));
    const pageSave = await countQueries(() => updateItem(t, editor, PAGE, saved, { summary: 'Horaires d\'été' }));
    const eventSave = await countQueries(() => updateItem(t, editor, EVENT, event, { title: 'Fête de la musique' }));
    // As before sub-page visibility was journaled: 11 and 13 statements (session check, transaction, lock, save, media, revision, journal…).
    expect(pageSave.count).toBe(11);
    expect(eventSave.count).toBe(13);
    const publication = await countQueries(async () => publish(await page('Salle des fêtes')));
    const lookups = publication.statements.filter((sql) => sql.includes('unnest($1::text[]) AS changed(path)'));
    expect(lookups).toHaveLength(1);
  });
});
