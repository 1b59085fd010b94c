import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { contentTypeNamed } from '../content/content-type';
import { ContentOperation, type ContentTypeName } from '../content/content.types';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { signedHeaders } from './webhook-signature';
import { resolveTarget } from './webhook-target';
import { retryDelayMs, WebhookDeliveryStatus, WebhookEvent, webhookEventFor } from './webhook.types';

/** Any constant unlikely to collide with another advisory lock of the database (the journal's is another). */
const DISPATCH_LOCK = 7_301_004_417;
/** Journal rows read per round, and deliveries attempted per round. */
const FAN_OUT_BATCH = 500;
const ATTEMPT_BATCH = 20;
/** What is kept of a receiver's answer: its status code only; the body is read and thrown away. */
const USER_AGENT = 'Parvis-Webhooks/1';

interface JournalChange {
  seq: string;
  content_type: string;
  content_id: string;
  operation: ContentOperation;
  version: number;
  occurred_at: Date;
  /** Public after the change (null: no record of it, nor a revision to judge from). */
  public_after: boolean | null;
  deleted_after: boolean | null;
  /** Public after the item's previous journal row (false when there is none). */
  public_before: boolean | null;
}

/** A delivery claimed for an attempt, with what the attempt needs of its endpoint. */
interface ClaimedDelivery {
  id: string;
  endpointId: string;
  body: string;
  /** Counting this one. */
  attempts: number;
  retryUntil: Date;
  url: string;
  secret: string;
}

export interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
}

/**
 * Delivers webhooks from the change journal through an outbox (webhook_deliveries):
 * 1. fan-out: the journal rows after each endpoint's `lastSeq` become deliveries, in the transaction that
 *    moves `lastSeq` (a crash loses nothing and duplicates nothing: both commit or neither);
 * 2. claim: due deliveries get a lease (twice the attempt's time limit) and an attempt counted;
 * 3. attempt: POST outside any transaction, then the outcome is recorded; a delivery whose lease ran out
 *    (its instance died mid-attempt) is claimed again and sent with the same id.
 * Steps 1 and 2 run under a transaction-scoped advisory lock, so with several instances one at a time
 * fans out and claims, and a claimed delivery is attempted by one instance only.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.webhooks.deliver) this.scheduleNextRound();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private scheduleNextRound(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.runRound()
        .catch((error: unknown) => this.logger.error(`Webhook round failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.round = undefined;
          this.scheduleNextRound();
        });
    }, this.config.webhooks.pollIntervalMs);
  }

  /** One round: fan out and claim (if this instance gets the lock), then attempt what it claimed. Returns the attempts made. */
  async runRound(): Promise<number> {
    const claimed = await this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<Array<{ locked: boolean }>>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [DISPATCH_LOCK]);
      if (!locked) return [];
      await this.fanOut(manager);
      return this.claimDue(manager);
    });
    await Promise.all(claimed.map((delivery) => this.attemptAndRecord(delivery)));
    return claimed.length;
  }

  private async fanOut(manager: EntityManager): Promise<void> {
    const endpoints = await manager.getRepository(WebhookEndpointEntity).find({ where: { active: true } });
    if (endpoints.length === 0) return;
    const from = endpoints.reduce((min, endpoint) => (BigInt(endpoint.lastSeq) < min ? BigInt(endpoint.lastSeq) : min), BigInt(endpoints[0].lastSeq));
    // Visibility after each change and after the item's previous one, as the journal rows recorded it
    // (the whole public view: a page under a draft parent is not public; a `visibility` row is a change
    // of it through another item). Rows older than that record fall back to the item's own state in
    // the revisions the same transactions wrote. Journal order is commit order (see ContentJournalEntry).
    const changes = await manager.query<JournalChange[]>(`
      SELECT j.seq::text AS seq, j.content_type, j.content_id, j.operation, j.version, j.occurred_at,
             coalesce(j.is_public, (a.snapshot->'fields'->>'status') = 'published' AND (a.snapshot->'fields'->>'deleted_at') IS NULL) AS public_after,
             (a.snapshot->'fields'->>'deleted_at') IS NOT NULL AS deleted_after,
             CASE WHEN previous.seq IS NULL THEN false
                  ELSE coalesce(previous.is_public, (b.snapshot->'fields'->>'status') = 'published' AND (b.snapshot->'fields'->>'deleted_at') IS NULL) END
               AS public_before
        FROM content_journal j
        LEFT JOIN content_revisions a ON a.content_type = j.content_type AND a.content_id = j.content_id AND a.version = j.version
        LEFT JOIN LATERAL (SELECT p.seq, p.version, p.is_public FROM content_journal p
                            WHERE p.content_type = j.content_type AND p.content_id = j.content_id AND p.seq < j.seq
                            ORDER BY p.seq DESC LIMIT 1) AS previous ON true
        LEFT JOIN content_revisions b ON b.content_type = j.content_type AND b.content_id = j.content_id AND b.version = previous.version
       WHERE j.seq > $1
       ORDER BY j.seq
       LIMIT ${FAN_OUT_BATCH}`, [from.toString()]);
    if (changes.length === 0) return;
    const lastSeq = changes[changes.length - 1].seq;
    const retryUntil = new Date(Date.now() + this.config.webhooks.retryForMs);
    const deliveries: Array<Partial<WebhookDeliveryEntity>> = [];
    for (const change of changes) {
      const event = eventOf(change);
      if (!event) continue;
      for (const endpoint of endpoints) {
        if (BigInt(change.seq) <= BigInt(endpoint.lastSeq) || !wants(endpoint, change.content_type, event)) continue;
        deliveries.push({ endpointId: endpoint.id, journalSeq: change.seq, event, body: bodyOf(change, event), retryUntil });
      }
    }
    if (deliveries.length > 0) {
      await manager.createQueryBuilder().insert().into(WebhookDeliveryEntity).values(deliveries).orIgnore().execute();
    }
    await manager.query(`UPDATE webhook_endpoints SET last_seq = $1 WHERE active AND last_seq < $1`, [lastSeq]);
  }

  private claimDue(manager: EntityManager): Promise<ClaimedDelivery[]> {
    // An attempt ends by its time limit at the latest; twice that covers recording its outcome.
    const leaseMs = this.config.webhooks.timeoutMs * 2;
    // A statement that is a SELECT (over the UPDATE's RETURNING) so that the driver returns plain rows.
    return manager.query<ClaimedDelivery[]>(`
      WITH claimed AS (
        UPDATE webhook_deliveries d
           SET lease_until = now() + make_interval(secs => $1::double precision / 1000), attempts = d.attempts + 1, last_attempt_at = now()
          FROM webhook_endpoints e
         WHERE d.id IN (SELECT due.id FROM webhook_deliveries due JOIN webhook_endpoints de ON de.id = due.endpoint_id
                         WHERE due.status = 'pending' AND due.next_attempt_at <= now() AND de.active
                           AND (due.lease_until IS NULL OR due.lease_until < now())
                         ORDER BY due.next_attempt_at, due.journal_seq LIMIT ${ATTEMPT_BATCH})
           AND e.id = d.endpoint_id
        RETURNING d.id, d.endpoint_id AS "endpointId", d.body, d.attempts, d.retry_until AS "retryUntil", e.url, e.secret)
      SELECT * FROM claimed`, [leaseMs]);
  }

  private async attemptAndRecord(delivery: ClaimedDelivery): Promise<void> {
    const outcome = await this.post(delivery.url, delivery.secret, delivery.id, delivery.body);
    const succeeded = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    await this.dataSource.transaction(async (manager) => {
      if (succeeded) {
        await manager.query(`UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), lease_until = NULL,
                               last_status_code = $2, last_error = NULL WHERE id = $1`, [delivery.id, outcome.statusCode]);
        await manager.query(`UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [delivery.endpointId]);
        return;
      }
      const nextAttemptAt = new Date(Date.now() + retryDelayMs(delivery.attempts, this.config.webhooks.retryBaseMs));
      const givesUp = nextAttemptAt > new Date(delivery.retryUntil);
      await manager.query(`UPDATE webhook_deliveries SET status = $2, next_attempt_at = $3, lease_until = NULL, last_status_code = $4, last_error = $5
                            WHERE id = $1`, [delivery.id, givesUp ? WebhookDeliveryStatus.FAILED : WebhookDeliveryStatus.PENDING, nextAttemptAt,
        outcome.statusCode, outcome.error]);
      if (givesUp) {
        await manager.query(`UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, now()) WHERE id = $1`, [delivery.endpointId]);
        this.logger.warn(`Webhook delivery ${delivery.id} failed for the whole retry period; endpoint ${delivery.endpointId} marked failing`);
      }
    });
  }

  /** One POST, no redirect followed, connected only to the addresses the SSRF rule admits (checked at connect time). */
  post(url: string, secret: string, id: string, body: string): Promise<AttemptOutcome> {
    const { timeoutMs, allowPrivateAddresses, allowHttp } = this.config.webhooks;
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return Promise.resolve({ statusCode: null, error: 'invalid URL' });
    }
    if (target.protocol !== 'https:' && !(allowHttp && target.protocol === 'http:')) {
      return Promise.resolve({ statusCode: null, error: `${target.protocol} URLs are not allowed` });
    }
    const lookup: LookupFunction = (hostname, _options, callback) => {
      resolveTarget(hostname, allowPrivateAddresses).then(
        ([first]) => callback(null, first.address, first.family),
        (error: Error) => callback(error, '', 4),
      );
    };
    const headers = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      ...signedHeaders(secret, id, Math.floor(Date.now() / 1000), body),
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      const req = send(target, { method: 'POST', headers, lookup, timeout: timeoutMs }, (res: IncomingMessage) => {
        res.resume();
        res.on('end', () => resolve({ statusCode: res.statusCode ?? null, error: null }));
        res.on('error', () => resolve({ statusCode: res.statusCode ?? null, error: null }));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (error) => resolve({ statusCode: null, error: error.message.slice(0, 500) }));
      req.end(body);
    });
  }
}

function eventOf(change: JournalChange): WebhookEvent | null {
  if (change.public_after === null) return null; // no record nor revision (cannot happen since revisions exist): nothing to say
  // The item itself did not change: an event only if its visibility did (not, say, on one channel only).
  if (change.operation === ContentOperation.VISIBILITY && change.public_after === (change.public_before === true)) return null;
  return webhookEventFor({ published: change.public_before === true, deleted: false },
    { published: change.public_after, deleted: change.deleted_after === true });
}

function wants(endpoint: WebhookEndpointEntity, contentType: string, event: WebhookEvent): boolean {
  return (endpoint.contentTypes.length === 0 || endpoint.contentTypes.includes(contentType))
    && (endpoint.events.length === 0 || endpoint.events.includes(event));
}

/**
 * The body: what changed, not the item itself (a "thin" event): the receiver reads the item from the
 * REST API, or the delta sync, and so always gets its current state and never a draft.
 */
function bodyOf(change: JournalChange, event: WebhookEvent): string {
  const restPath = contentTypeNamed(change.content_type as ContentTypeName).restPath;
  return JSON.stringify({
    type: `content.${event}`,
    timestamp: new Date(change.occurred_at).toISOString(),
    data: {
      // The GraphQL enum names, as REST answers spell them (EVENT, LEGAL_NOTICE; PUBLISH, WITHDRAW…).
      contentType: change.content_type.toUpperCase(),
      id: change.content_id,
      version: change.version,
      operation: change.operation.toUpperCase(),
      url: event === WebhookEvent.UNPUBLISHED || event === WebhookEvent.DELETED ? null : `/api/v1/${restPath}/${change.content_id}`,
    },
  });
}
