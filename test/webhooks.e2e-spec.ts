import { ChildProcess, spawn } from 'node:child_process';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { AuditTrail } from '../src/audit/audit-trail.service';
import { RequestContext } from '../src/common/request-context';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.service';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { isValidSignature } from '../src/webhooks/webhook-signature';
import { createUser, loginAs, RELAXED_RATE_LIMITS } from './support/auth-helpers';
import { ContentKind, createItem, EVENT, LEGAL_NOTICE, PAGE, publishItem, updateItem } from './support/content-factories';
import { cleanEnv, PROJECT_ROOT, transpiledProject } from './support/processes';
import { createTestApp, TestApp } from './support/test-app';

/** The README's ten-line check of a signature, run as an integrator would copy it. */
function readmeSignatureCheck(): (secret: string, headers: IncomingMessage['headers'], body: string) => boolean {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Webhooks'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('README: no js block in the Webhooks section');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the README's own code, run as written
  const define = new Function('require', `${code}; return isFromParvis;`) as (load: NodeJS.Require) => ReturnType<typeof readmeSignatureCheck>;
  return define(require);
}

/** One POST as the receiver saw it. */
interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  json: { type: string; timestamp: string; data: { contentType: string; id: string; version: number; operation: string; url: string | null } };
}

/** A receiver on 127.0.0.1 whose answer each test decides (200 unless told otherwise). */
class Receiver {
  readonly received: Received[] = [];
  /** The status of each next answer; `'hang'` never answers (the request stays open). */
  answers: Array<number | 'hang'> = [];
  private readonly server: Server;
  private readonly hanging: ServerResponse[] = [];
  private waiters: Array<() => void> = [];

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body, json: JSON.parse(body) as Received['json'] });
        for (const wake of this.waiters.splice(0)) wake();
        const answer = this.answers.shift() ?? 200;
        if (answer === 'hang') this.hanging.push(res);
        else res.writeHead(answer).end('ignored body');
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/parvis`;
  }

  /** Resolves once `count` requests have arrived in all. */
  async waitFor(count: number): Promise<void> {
    while (this.received.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const ENDPOINT_FIELDS = 'id name url contentTypes events active failingSince';
const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { ${ENDPOINT_FIELDS} } } }`;
const DELIVERIES = `{ webhookEndpoints { id failingSince recentDeliveries(first: 10) { id event status attempts lastStatusCode lastError body } } }`;

interface DeliveryView { id: string; event: string; status: string; attempts: number; lastStatusCode: number | null; lastError: string | null; body: string }

describe('Webhooks', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  let receiver: Receiver;
  let receiverUrl: string;

  beforeAll(async () => {
    // Deliveries are driven by the test (runRound), not by the timer; the receiver is on loopback.
    t = await createTestApp({ ...RELAXED_RATE_LIMITS, WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true', WEBHOOKS_RETRY_BASE_MS: '10', WEBHOOKS_TIMEOUT_MS: '3000' });
    admin = await loginAs(t, 'admin');
    editor = await loginAs(t, 'editor');
  });

  beforeEach(async () => {
    receiver = new Receiver();
    receiverUrl = await receiver.start();
    // One endpoint at a time: each test registers its own.
    await t.dataSource.query(`DELETE FROM webhook_endpoints`);
  });

  afterEach(() => receiver.stop());
  afterAll(() => t.close());

  const round = (): Promise<number> => t.app.get(WebhookDispatcher).runRound();

  async function createPublished(_t: TestApp, token: string, kind: ContentKind, n: number): Promise<{ id: string; version: number }> {
    return publishItem(t, token, kind, await createItem(t, token, kind, n));
  }

  async function unpublishItem(_t: TestApp, token: string, kind: ContentKind, item: { id: string; version: number }): Promise<{ id: string; version: number }> {
    const res = await t.gql(`mutation($id: ID!, $version: Int!) { unpublish${kind.name}(id: $id, version: $version) { id version } }`,
      { id: item.id, version: item.version }, token);
    expect(res.body.errors).toBeUndefined();
    return (res.body.data as Record<string, { id: string; version: number }>)[`unpublish${kind.name}`];
  }

  async function register(input: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
    const res = await t.gql(CREATE, { input: { name: 'Agenda intercommunal', url: receiverUrl, ...input } }, admin);
    expect(res.body.errors).toBeUndefined();
    const created = res.body.data.createWebhookEndpoint as { secret: string; endpoint: { id: string } };
    return { id: created.endpoint.id, secret: created.secret };
  }

  async function deliveries(): Promise<DeliveryView[]> {
    const res = await t.gql(DELIVERIES, {}, admin);
    expect(res.body.errors).toBeUndefined();
    return (res.body.data.webhookEndpoints as Array<{ recentDeliveries: DeliveryView[] }>)[0].recentDeliveries;
  }

  it('signs a publication with the endpoint secret (Standard Webhooks headers) and sends what changed, not the item', async () => {
    const { secret } = await register();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const event = await createPublished(t, editor, EVENT, 1);
    expect(await round()).toBe(1);
    const [post] = receiver.received;
    expect(post.headers['content-type']).toBe('application/json');
    const id = post.headers['webhook-id'] as string;
    const timestamp = Number(post.headers['webhook-timestamp']);
    expect(isValidSignature(secret, id, timestamp, post.body, post.headers['webhook-signature'] as string)).toBe(true);
    expect(isValidSignature(secret, id, timestamp, post.body.replace('event', 'evenT'), post.headers['webhook-signature'] as string)).toBe(false);
    // The Standard Webhooks project's own library accepts it, and refuses a changed body.
    const signed = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': post.headers['webhook-signature'] as string };
    expect(new Webhook(secret).verify(post.body, signed)).toEqual(JSON.parse(post.body));
    expect(() => new Webhook(secret).verify(post.body.replace('event', 'evenT'), signed)).toThrow();
    expect(readmeSignatureCheck()(secret, post.headers, post.body)).toBe(true);
    expect(readmeSignatureCheck()(secret, post.headers, post.body.replace('event', 'evenT'))).toBe(false);
    expect(post.json).toEqual({
      type: 'content.published', timestamp: expect.any(String) as string,
      data: { contentType: 'EVENT', id: event.id, version: event.version, operation: 'PUBLISH', url: `/api/v1/events/${event.id}` },
    });
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ id, event: 'PUBLISHED', status: 'DELIVERED', attempts: 1, lastStatusCode: 200 });
    // Nothing is left to send.
    expect(await round()).toBe(0);
  });

  it('tells published, updated, unpublished and deleted apart, and says nothing of drafts', async () => {
    await register();
    const draft = await createItem(t, editor, PAGE, 2);
    const edited = await updateItem(t, editor, PAGE, draft, { summary: 'Brouillon retouché' });
    const published = await publishItem(t, editor, PAGE, edited);
    const updated = await updateItem(t, editor, PAGE, published, { summary: 'En ligne, retouché' });
    const unpublished = await unpublishItem(t, editor, PAGE, updated);
    const republished = await publishItem(t, editor, PAGE, unpublished);
    const res = await t.gql(`mutation($id: ID!, $version: Int!) { deletePage(id: $id, version: $version) { id } }`,
      { id: republished.id, version: republished.version }, editor);
    expect(res.body.errors).toBeUndefined();
    while ((await round()) > 0) { /* until everything is sent */ }
    expect(receiver.received.map((post) => [post.json.type, post.json.data.operation])).toEqual([
      ['content.published', 'PUBLISH'], ['content.updated', 'UPDATE'], ['content.unpublished', 'UNPUBLISH'],
      ['content.published', 'PUBLISH'], ['content.deleted', 'DELETE'],
    ]);
    expect(receiver.received.find((post) => post.json.type === 'content.deleted')?.json.data.url).toBeNull();
  });

  it('delivers only the content types and events an endpoint asked for', async () => {
    await register({ contentTypes: ['LEGAL_NOTICE'], events: ['PUBLISHED'] });
    const event = await createPublished(t, editor, EVENT, 3);
    await updateItem(t, editor, EVENT, event, { summary: 'Changement' });
    await createPublished(t, editor, LEGAL_NOTICE, 3);
    await round();
    expect(receiver.received.map((post) => [post.json.data.contentType, post.json.type])).toEqual([['LEGAL_NOTICE', 'content.published']]);
  });

  it('retries a failed attempt with the same id and body, and records each status code', async () => {
    await register();
    receiver.answers = [500, 503];
    await createPublished(t, editor, PAGE, 4);
    expect(await round()).toBe(1);
    expect(await deliveries()).toMatchObject([{ status: 'PENDING', attempts: 1, lastStatusCode: 500 }]);
    // The retry delay (10 ms in this file, doubled each time) has to pass.
    await new Promise((resolve) => setTimeout(resolve, 30));
    await round();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await round();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((post) => post.headers['webhook-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((post) => post.body)).size).toBe(1);
    expect(await deliveries()).toMatchObject([{ status: 'DELIVERED', attempts: 3, lastStatusCode: 200 }]);
  });

  it('gives up after the retry period, marks the endpoint failing, and lets an admin replay the delivery', async () => {
    await register();
    receiver.answers = [410, 410];
    await createPublished(t, editor, PAGE, 5);
    await round();
    // Its retry period ends now: the next failure is the last.
    await t.dataSource.query(`UPDATE webhook_deliveries SET retry_until = now()`);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await round();
    let [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'FAILED', attempts: 2, lastStatusCode: 410 });
    const failing = await t.gql(DELIVERIES, {}, admin);
    expect(failing.body.data.webhookEndpoints[0].failingSince).toEqual(expect.any(String));

    const replay = await t.gql(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { id status } }`, { id: delivery.id }, admin);
    expect(replay.body.data.replayWebhookDelivery).toEqual({ id: delivery.id, status: 'PENDING' });
    await round();
    [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatusCode: 200 });
    expect(receiver.received.map((post) => post.headers['webhook-id'])).toEqual([delivery.id, delivery.id, delivery.id]);
    const healthy = await t.gql(DELIVERIES, {}, admin);
    expect(healthy.body.data.webhookEndpoints[0].failingSince).toBeNull();
    const again = await t.gql(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { id } }`, { id: delivery.id }, admin);
    expect(again.body.errors).toBeUndefined();
  });

  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    await register();
    receiver.answers = ['hang'];
    await createPublished(t, editor, PAGE, 6);
    await round();
    expect(await deliveries()).toMatchObject([{ status: 'PENDING', attempts: 1, lastStatusCode: null, lastError: 'no answer within 3000 ms' }]);
  });

  it('sends each delivery once when two dispatchers run at the same time', async () => {
    await register();
    for (let n = 10; n < 16; n += 1) await createPublished(t, editor, PAGE, n);
    const dispatcher = t.app.get(WebhookDispatcher);
    const [first, second] = await Promise.all([dispatcher.runRound(), dispatcher.runRound()]);
    expect(first + second).toBe(6);
    expect(receiver.received).toHaveLength(6);
    expect(new Set(receiver.received.map((post) => post.headers['webhook-id'])).size).toBe(6);
  });

  it('refuses loopback, private and link-local targets unless configuration allows them, and non-http(s) URLs', async () => {
    // The same service with the default rule (this file's app allows private addresses for its receiver).
    const strict = new WebhooksService(t.dataSource, t.app.get(AuditTrail),
      { ...t.config, webhooks: { ...t.config.webhooks, allowPrivateAddresses: false } });
    const adminContext = RequestContext.system({ userId: (await createUser(t, { role: 'admin' })).id, role: 'admin', sessionId: 'test' });
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x',
      'http://[::ffff:192.168.1.1]/x', 'http://100.64.0.1/x']) {
      await expect(strict.create(adminContext, { name: 'Interne', url })).rejects.toMatchObject({
        code: 'BAD_USER_INPUT', details: { fields: [{ path: 'input.url', message: expect.stringMatching(/not a public address/) as string }] },
      });
    }
    expect(await t.dataSource.query(`SELECT id FROM webhook_endpoints`)).toEqual([]);
    const ftp = await t.gql(CREATE, { input: { name: 'FTP', url: 'ftp://example.org/x' } }, admin);
    expect(ftp.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.url' }] });
    const withPassword = await t.gql(CREATE, { input: { name: 'Secret', url: 'https://user:pw@example.org/x' } }, admin);
    expect(withPassword.body.errors?.[0].message).toMatch(/user name or password/);
  });

  it('is for admins only, never shows a secret again, and writes the administration to the audit log', async () => {
    const { id } = await register();
    for (const token of [editor, undefined]) {
      const list = await t.gql('{ webhookEndpoints { id } }', {}, token);
      expect(list.body.errors?.[0].extensions.code).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      const create = await t.gql(CREATE, { input: { name: 'x', url: receiverUrl } }, token);
      expect(create.body.errors?.[0].extensions.code).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
    const asSecretField = await t.gql('{ webhookEndpoints { id secret } }', {}, admin);
    expect(asSecretField.body.errors?.[0].message).toMatch(/Cannot query field "secret"/);
    const rotated = await t.gql(`mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, { id }, admin);
    expect(rotated.body.data.rotateWebhookSecret.secret).toMatch(/^whsec_/);
    const paused = await t.gql(`mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { active: false }) { active } }`, { id }, admin);
    expect(paused.body.data.updateWebhookEndpoint.active).toBe(false);
    const removed = await t.gql(`mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`, { id }, admin);
    expect(removed.body.data.deleteWebhookEndpoint).toBe(true);
    const log = await t.gql(`{ auditLog(first: 10) { edges { node { operation } } } }`, {}, admin);
    const operations = (log.body.data.auditLog.edges as Array<{ node: { operation: string } }>).map((edge) => edge.node.operation);
    expect(operations).toEqual(expect.arrayContaining(['WEBHOOK_CREATE', 'WEBHOOK_UPDATE', 'WEBHOOK_DELETE']));
  });

  it('a paused endpoint receives nothing; once resumed it receives what changed meanwhile', async () => {
    const { id } = await register();
    await t.gql(`mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { active: false }) { active } }`, { id }, admin);
    await createPublished(t, editor, PAGE, 20);
    expect(await round()).toBe(0);
    await t.gql(`mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { active: true }) { active } }`, { id }, admin);
    expect(await round()).toBe(1);
    expect(receiver.received).toHaveLength(1);
  });

  describe('across a crash', () => {
    const children: ChildProcess[] = [];
    afterAll(() => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });

    /** A second instance of Parvis on the same database, delivering on its timer, as `npm start` runs it. */
    async function startDeliveringInstance(): Promise<ChildProcess> {
      const port = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = probe.address() as AddressInfo;
          probe.close(() => resolve(free));
        });
      });
      const child = spawn(process.execPath, [join(transpiledProject(), 'src', 'main.js')], {
        cwd: PROJECT_ROOT,
        env: cleanEnv({
          NODE_ENV: 'test', DATABASE_URL: t.databaseUrl, HOST: '127.0.0.1', PORT: String(port), MEDIA_DIR: t.config.media.dir,
          WEBHOOKS_DELIVER: 'true', WEBHOOKS_POLL_INTERVAL_MS: '50', WEBHOOKS_TIMEOUT_MS: '1500', WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: 'true',
        }),
        stdio: 'ignore',
      });
      children.push(child);
      return child;
    }

    it('delivers, with the same id, a change whose attempt was cut by kill -9, once an instance runs again', async () => {
      await register();
      receiver.answers = ['hang'];
      const page = await createPublished(t, editor, PAGE, 30);
      const first = await startDeliveringInstance();
      await receiver.waitFor(1);
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      // The attempt's lease (twice the 1.5 s time limit) must run out before another instance takes it.
      await startDeliveringInstance();
      await receiver.waitFor(2);
      expect(receiver.received[1].headers['webhook-id']).toBe(receiver.received[0].headers['webhook-id']);
      expect(receiver.received[1].json.data).toMatchObject({ id: page.id, operation: 'PUBLISH' });
      for (;;) {
        const [row] = await t.dataSource.query<Array<{ status: string; attempts: number }>>(`SELECT status, attempts FROM webhook_deliveries`);
        if (row.status === 'delivered') {
          expect(row.attempts).toBe(2);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
  });
});
