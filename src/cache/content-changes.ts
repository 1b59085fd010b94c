import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client, Notification } from 'pg';
import {
  DataSource, EntitySubscriberInterface, InsertEvent, QueryRunner, RemoveEvent, SoftRemoveEvent, TransactionCommitEvent,
  TransactionRollbackEvent, UpdateEvent,
} from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { APP_CONFIG, AppConfig } from '../config/config';

/** The channel the database notifies on every committed change (migration 1796400700000). */
export const CONTENT_CHANGES_CHANNEL = 'parvis_content';
/** Tables whose writes change public answers: the ones the migration's triggers watch. */
const WATCHED_TABLES = new Set(['content_journal', 'media', 'taxonomy_terms', 'commune_settings']);
const HEARTBEAT_MS = 15_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;
const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * Tells the response cache when what anonymous reads return may have changed, from three sources:
 *
 * 1. **This process's own writes**, at once: a TypeORM subscriber sees each transaction that wrote
 *    the journal, media, terms or settings, and fires after its COMMIT, before the write's answer is
 *    sent; the next request cannot be served from before it.
 * 2. **Every instance's writes**, through PostgreSQL: triggers (see the migration) send
 *    `NOTIFY parvis_content` at commit, and a dedicated connection LISTENs. Scheduled jobs, the CLI and
 *    other instances all write through the same tables, so they are all seen.
 * 3. **When that connection is down** (database restart, network), the cache does not trust itself:
 *    before every cached answer it reads `content_change_generation`, one row the same triggers count
 *    up, and drops everything when it moved. When the connection comes back, everything is dropped
 *    once (notifications sent meanwhile are lost).
 *
 * `epoch` counts invalidations: an answer computed while it moved is not kept.
 */
@Injectable()
export class ContentChanges implements OnModuleDestroy {
  private readonly logger = new Logger('ResponseCache');
  private readonly listeners: Array<() => void> = [];
  private readonly localWrites = new LocalWriteSubscriber(() => this.invalidate());
  private epochValue = 0;
  private client: Client | undefined;
  private listening = false;
  private started = false;
  private stopped = false;
  private reconnectDelayMs = RECONNECT_FIRST_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  /** The database's generation the cached answers belong to, while checking it by query (not listening). */
  private knownGeneration: string | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly dataSource: DataSource) {}

  get epoch(): number {
    return this.epochValue;
  }

  /** Whether changes arrive by notification (otherwise `ensureFresh` asks the database). */
  get isListening(): boolean {
    return this.listening;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * Starts watching (the HTTP set-up calls it: the admin CLI, which wires the same modules, does not
   * listen). The LISTEN connection opens in the background; until it is up, `ensureFresh` asks.
   */
  start(): void {
    if (!this.config.cache.enabled || this.started) return;
    this.started = true;
    this.dataSource.subscribers.push(this.localWrites);
    void this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    const index = this.dataSource.subscribers.indexOf(this.localWrites);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
    await this.stopListening();
  }

  /**
   * Closes the LISTEN connection for good (shutdown; tests of the fallback): from then on every cached
   * answer is checked against the database first.
   */
  async stopListening(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeatTimer);
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    this.knownGeneration = null;
    await client?.end().catch(() => undefined);
  }

  /** Drops every cached answer. */
  invalidate(): void {
    this.epochValue += 1;
    for (const listener of this.listeners) listener();
  }

  /**
   * Before a cached answer is used: nothing to do while notifications arrive; otherwise one query
   * reads the database's change counter and drops the cache when it moved since last read.
   */
  async ensureFresh(): Promise<void> {
    if (this.listening) return;
    const rows: Array<{ generation: string }> = await this.dataSource.query('SELECT generation FROM content_change_generation');
    const generation = rows[0]?.generation ?? null;
    if (generation !== this.knownGeneration) {
      this.knownGeneration = generation;
      this.invalidate();
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const url = (this.dataSource.options as PostgresConnectionOptions).url;
    if (url === undefined) return;
    const client = new Client({
      connectionString: url, application_name: 'parvis-cache-listen', keepAlive: true, query_timeout: HEARTBEAT_TIMEOUT_MS,
      connectionTimeoutMillis: HEARTBEAT_TIMEOUT_MS,
    });
    this.client = client;
    client.on('notification', (message: Notification) => {
      if (message.channel === CONTENT_CHANGES_CHANNEL) this.invalidate();
    });
    client.on('error', (error: Error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection closed')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CONTENT_CHANGES_CHANNEL}`);
    } catch (error) {
      this.lost(client, error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.client !== client) {
      // Stopped meanwhile.
      await client.end().catch(() => undefined);
      return;
    }
    // Whatever changed while nobody listened is unknown: start from nothing.
    this.invalidate();
    this.listening = true;
    this.knownGeneration = null;
    this.reconnectDelayMs = RECONNECT_FIRST_MS;
    this.heartbeatTimer = setInterval(() => {
      // A connection cut without a FIN (a NAT that forgot it) would never say so: ask it something.
      client.query('SELECT 1').catch((error: unknown) => this.lost(client, error instanceof Error ? error : new Error(String(error))));
    }, HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  /** The LISTEN connection failed: check by query until it is back. */
  private lost(client: Client, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.listening = false;
    this.knownGeneration = null;
    clearInterval(this.heartbeatTimer);
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(`Change notifications lost (${error.message}): checking the database before each cached answer until they are back`);
    this.reconnectTimer = setTimeout(() => void this.connect(), this.reconnectDelayMs);
    this.reconnectTimer.unref();
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, RECONNECT_MAX_MS);
  }
}

/**
 * Sees this process's writes to the watched tables through TypeORM, and reports each transaction
 * that made one right after its COMMIT (a write outside a transaction: right after the statement).
 * Raw SQL (`manager.query`) is not seen here; the database's notification still covers it.
 */
export class LocalWriteSubscriber implements EntitySubscriberInterface {
  private readonly dirty = new WeakSet<QueryRunner>();

  constructor(private readonly changed: () => void) {}

  afterInsert(event: InsertEvent<unknown>): void {
    this.saw(event.metadata.tableName, event.queryRunner);
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    this.saw(event.metadata.tableName, event.queryRunner);
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    this.saw(event.metadata.tableName, event.queryRunner);
  }

  afterSoftRemove(event: SoftRemoveEvent<unknown>): void {
    this.saw(event.metadata.tableName, event.queryRunner);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A savepoint released inside a transaction: the real commit comes later.
    if (!this.dirty.has(event.queryRunner) || event.queryRunner.isTransactionActive) return;
    this.dirty.delete(event.queryRunner);
    this.changed();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.dirty.delete(event.queryRunner);
  }

  private saw(table: string, queryRunner: QueryRunner): void {
    if (!WATCHED_TABLES.has(table)) return;
    if (queryRunner.isTransactionActive) this.dirty.add(queryRunner);
    else this.changed();
  }
}
