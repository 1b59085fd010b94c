import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, ErrorCode, invalidField } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import type { ContentEntity } from '../content/content.entity';
import type { ContentItem } from '../content/content-item.model';
import { ContentReader } from '../content/content-reader.service';
import { contentTypeAtPath, contentTypeNamed, registeredContentTypes } from '../content/content-type';
import { Channel, ContentStatus, ContentTypeName } from '../content/content.types';
import { SYNC_DEFAULT_LIMIT, SyncArgs } from './dto/sync.args';
import { readSyncToken, signSyncToken, SyncPosition, SyncState } from './sync-token';

/** An item that was public at the previous token and no longer is (deleted, unpublished, or taken off the channel). */
export interface SyncTombstone {
  contentType: ContentTypeName;
  id: string;
  reason: 'deleted' | 'unpublished';
  /** When the change that removed it was made. */
  removedAt: Date;
}

/**
 * One page of the feed. Apply `items` (upsert by contentType + id) and `tombstones` (remove), then
 * call again at once with `nextPageToken` when there is one; otherwise keep `nextSyncToken` for later.
 */
export interface SyncPage {
  items: ContentItem[];
  tombstones: SyncTombstone[];
  nextPageToken: string | null;
  nextSyncToken: string | null;
}

interface ChangedItemRow {
  content_type: ContentTypeName;
  content_id: string;
  first_seq: string;
}

interface StateRow {
  content_type: ContentTypeName;
  content_id: string;
  version: number;
  occurred_at: Date;
  /** The item's row as its revision stored it (`to_jsonb`: column names, JSON values); null when no revision exists. */
  fields: Record<string, unknown> | null;
  /** Public after that change, as the journal row recorded it (type rules included); null in rows older than that record. */
  is_public: boolean | null;
  public_channels: Channel[] | null;
}

const keyOf = (type: string, id: string): string => `${type}:${id}`;

/** ContentReader's visibility rule, on a revision's stored row (the item's own state only). */
function isPublicFields(fields: Record<string, unknown>, channel: Channel | null): boolean {
  const channels = fields.channels;
  return fields.status === ContentStatus.PUBLISHED && (fields.deleted_at ?? null) === null
    && (!channel || (Array.isArray(channels) && channels.includes(channel)));
}

/**
 * Whether the item was public (on the channel) after the journal row of `state`, as the row
 * recorded it: the whole public view, the type's publicCondition included (a page under a draft
 * parent is not public). Null when the row predates that record and there is no revision to judge from.
 */
function isPublicAt(state: StateRow, channel: Channel | null): boolean | null {
  if (state.is_public !== null) return channel ? (state.public_channels ?? []).includes(channel) : state.is_public;
  return state.fields === null ? null : isPublicFields(state.fields, channel);
}

/**
 * The delta-sync feed for integrators, built on the change journal (`content_journal`).
 *
 * Why journal `seq` is a safe cursor: ContentLifecycle appends journal rows LAST in each write's
 * transaction, after `pg_advisory_xact_lock(JOURNAL_LOCK_KEY)`, and that lock is released only when
 * the transaction ends, after its commit is visible. So journal appends are serialised in commit
 * order: a transaction takes its `seq` values (nextval, at the INSERT) only once every transaction
 * that appended before it has committed or rolled back. Hence in any snapshot, the journal rows
 * visible are exactly those with `seq <= max(seq)` (minus rolled-back gaps, which never appear
 * later): a reader that has seen up to seq N will never later find a row with seq <= N appear.
 * No other code inserts journal rows (a trigger forbids UPDATE and DELETE).
 *
 * Every page is read in one REPEATABLE READ transaction, so the journal rows and the items read
 * belong to the same snapshot.
 *
 * - First call (no token): the snapshot phase lists every item public now whose last journal row is
 *   at or below the high-water mark H taken at the first page, ordered by type then id. Items
 *   changed after H are skipped: the delta from H delivers them. So every item appears once, in its
 *   state as of H, even while editors write between pages.
 * - Then deltas from a seq S. The integrator then holds exactly the items public as of S, in their
 *   state as of S. A page takes the first N items to change after S (in the order of their first
 *   change) and ends at E, just before the (N+1)-th item's first change, or at the head: so every
 *   change in (S, E] is one of these N items'. Each is sent in its state as of E, read from the
 *   revision its last journal row at or before E points to (not its current state, which may
 *   include later changes: those belong to later pages): an upsert if public at E; a tombstone if
 *   public at S (same rule, as of S) and no longer at E; nothing otherwise (a draft's edits), so
 *   drafts never appear. The next page starts after E, where the integrator now holds exactly the
 *   state as of E. So nothing is missed, and an item is sent again only for a change made after the
 *   page that sent it.
 * - "Public as of a seq" is what the item's last journal row at or before it recorded (see
 *   ContentJournalEntry.isPublic): the whole public view, the type's publicCondition included, as the
 *   full listing applies it now. A page whose visibility changed through an ancestor has a journal row
 *   of its own (operation `visibility`, same version), so it is an item changed in (S, E] like any
 *   other: a published sub-page of a draft section is never sent, and comes (at its unchanged version)
 *   when the section is published. Rows older than that record are judged on the revision's own state.
 */
@Injectable()
export class SyncService {
  private readonly key: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: ContentReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // A key of its own, derived from the server secret: a sync token can never pass for another token.
    this.key = createHmac('sha256', config.jwt.secret).update('parvis sync tokens v1').digest();
  }

  async page(args: SyncArgs): Promise<SyncPage> {
    const limit = args.limit ?? SYNC_DEFAULT_LIMIT;
    const resumed = args.token !== undefined ? this.fromToken(args) : null;
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const head = await journalHead(manager);
      const state: SyncState = resumed ?? {
        types: this.typesOf(args.types), channel: args.channel ?? null,
        position: { phase: 'snapshot', highWater: head, typeIndex: 0, afterId: null },
      };
      const position = state.position.phase === 'delta' ? state.position.seq : state.position.highWater;
      if (BigInt(position) > BigInt(head)) {
        // Only possible if the database went back in time (a restore): the client's copy may hold lost changes.
        throw new DomainError(ErrorCode.GONE, 'This sync token is ahead of the server\'s change journal (was the database restored?): start a full sync without a token');
      }
      return state.position.phase === 'snapshot'
        ? this.snapshotPage(manager, state, state.position, limit)
        : this.deltaPage(manager, state, state.position.seq, head, limit);
    });
  }

  private async snapshotPage(manager: EntityManager, state: SyncState, position: Extract<SyncPosition, { phase: 'snapshot' }>,
    limit: number): Promise<SyncPage> {
    const items: ContentItem[] = [];
    let { typeIndex, afterId } = position;
    while (typeIndex < state.types.length) {
      const room = limit - items.length;
      if (room === 0) {
        // The page is full at the end of a type: the next one starts at the beginning of this one.
        return { items, tombstones: [], nextPageToken: this.sign({ ...state, position: { ...position, typeIndex, afterId } }), nextSyncToken: null };
      }
      const type = contentTypeNamed(state.types[typeIndex]);
      const query = this.reader.publishedQuery(manager, type, 'item', state.channel ?? undefined)
        .andWhere(`NOT EXISTS (SELECT 1 FROM content_journal later
                    WHERE later.content_type = :typeName AND later.content_id = item.id AND later.seq > :highWater)`,
        { typeName: type.name, highWater: position.highWater })
        .orderBy('item.id', 'ASC')
        .limit(room + 1);
      if (afterId) query.andWhere('item.id > :afterId', { afterId });
      const rows = await query.getMany();
      items.push(...rows.slice(0, room).map((row) => type.toApi(row)));
      if (rows.length > room) {
        const next: SyncState = { ...state, position: { ...position, typeIndex, afterId: rows[room - 1].id } };
        return { items, tombstones: [], nextPageToken: this.sign(next), nextSyncToken: null };
      }
      typeIndex += 1;
      afterId = null;
    }
    return { items, tombstones: [], nextPageToken: null, nextSyncToken: this.sign({ ...state, position: { phase: 'delta', seq: position.highWater } }) };
  }

  private async deltaPage(manager: EntityManager, state: SyncState, since: string, head: string, limit: number): Promise<SyncPage> {
    // The first `limit` items to change after `since`, in the order of their first change there.
    const rows: ChangedItemRow[] = await manager.query(
      `SELECT content_type, content_id::text AS content_id, min(seq)::text AS first_seq
         FROM content_journal
        WHERE seq > $1 AND content_type = ANY($2::text[])
        GROUP BY content_type, content_id
        ORDER BY min(seq)
        LIMIT $3`,
      [since, state.types, limit + 1],
    );
    const more = rows.length > limit;
    const changed = rows.slice(0, limit);
    // The page covers the journal up to just before the next item's first change: every change in
    // (since, end] is one of these items', and each is delivered in its state at `end`.
    const end = more ? (BigInt(rows[limit].first_seq) - 1n).toString() : head;
    const before = await this.statesAt(manager, since, changed);
    const after = await this.statesAt(manager, end, changed);
    const visibleAfter = await this.entitiesAt(manager, changed, after, state.channel);

    const items: ContentItem[] = [];
    const tombstones: SyncTombstone[] = [];
    for (const row of changed) {
      const key = keyOf(row.content_type, row.content_id);
      const entity = visibleAfter.get(key);
      const prior = before.get(key);
      // Public at both ends at the same version (only its visibility on another channel changed): nothing new.
      if (entity && prior && prior.version === entity.version && isPublicAt(prior, state.channel) === true) continue;
      if (entity) {
        items.push(contentTypeNamed(row.content_type).toApi(entity));
        continue;
      }
      // Unknown (history older than revisions): counted as public, so that a removal is never missed.
      const wasPublic = prior !== undefined && isPublicAt(prior, state.channel) !== false;
      const now = after.get(key);
      if (wasPublic && now) {
        tombstones.push({ contentType: row.content_type, id: row.content_id,
          reason: now.fields === null || now.fields.deleted_at !== null ? 'deleted' : 'unpublished', removedAt: now.occurred_at });
      }
    }
    const next = this.sign({ ...state, position: { phase: 'delta', seq: end } });
    return { items, tombstones, nextPageToken: more ? next : null, nextSyncToken: more ? null : next };
  }

  /**
   * Each item's state as of journal seq `at`: the revision its last journal row at or before `at`
   * points to (its `fields` are the item's row, `to_jsonb(item)`, as saved by that change). No entry:
   * the item did not exist yet (the core journals every creation). `fields` null: a journal row older
   * than revisions (history written before them), whose state is unknown.
   */
  private async statesAt(manager: EntityManager, at: string, rows: readonly ChangedItemRow[]): Promise<Map<string, StateRow>> {
    if (rows.length === 0 || at === '0') return new Map();
    const states: StateRow[] = await manager.query(
      `SELECT DISTINCT ON (journal.content_type, journal.content_id)
              journal.content_type, journal.content_id::text AS content_id, journal.version, journal.occurred_at,
              revision.snapshot->'fields' AS fields, journal.is_public, journal.public_channels::text[] AS public_channels
         FROM content_journal journal
         LEFT JOIN content_revisions revision ON revision.content_type = journal.content_type
          AND revision.content_id = journal.content_id AND revision.version = journal.version
        WHERE journal.seq <= $1
          AND (journal.content_type, journal.content_id) IN (SELECT * FROM unnest($2::text[], $3::uuid[]))
        ORDER BY journal.content_type, journal.content_id, journal.seq DESC`,
      [at, rows.map((row) => row.content_type), rows.map((row) => row.content_id)],
    );
    return new Map(states.map((row) => [keyOf(row.content_type, row.content_id), row]));
  }

  /**
   * The items public at the page's end, as entities in that state, so that `toApi` gives exactly
   * what a REST read gave then. They are loaded through TypeORM from their revisions' rows: a CTE
   * named like the table (`WITH "events" AS (SELECT * FROM jsonb_populate_recordset(NULL::public.events, …))`)
   * stands in for it in the entity query, so every column is converted as in any read. An item whose
   * revision is missing (history older than revisions) is read as it is now.
   */
  private async entitiesAt(manager: EntityManager, rows: readonly ChangedItemRow[], states: Map<string, StateRow>,
    channel: Channel | null): Promise<Map<string, ContentEntity>> {
    const found = new Map<string, ContentEntity>();
    for (const typeName of new Set(rows.map((row) => row.content_type))) {
      const type = contentTypeNamed(typeName);
      const table = manager.connection.getMetadata(type.entity).tableName;
      const snapshots: Record<string, unknown>[] = [];
      const unknown = new Map<string, boolean | null>();
      for (const row of rows.filter((candidate) => candidate.content_type === typeName)) {
        const state = states.get(keyOf(typeName, row.content_id));
        if (!state) continue;
        const isPublic = isPublicAt(state, channel);
        if (state.fields === null) {
          if (isPublic !== false) unknown.set(row.content_id, isPublic);
        } else if (isPublic) snapshots.push(type.upgradeSnapshotFields?.(state.fields) ?? state.fields);
      }
      if (snapshots.length > 0) {
        const entities = await manager.getRepository(type.entity).createQueryBuilder('item').withDeleted()
          .addCommonTableExpression(`SELECT * FROM jsonb_populate_recordset(NULL::public."${table}", CAST(:snapshots AS jsonb))`, table)
          .setParameter('snapshots', JSON.stringify(snapshots))
          .getMany();
        for (const entity of entities) found.set(keyOf(typeName, entity.id), entity);
      }
      if (unknown.size > 0) {
        const current = await manager.getRepository(type.entity).createQueryBuilder('item').withDeleted()
          .where('item.id IN (:...ids)', { ids: [...unknown.keys()] }).getMany();
        for (const entity of current) {
          if (unknown.get(entity.id) ?? ContentReader.isPublic(entity, channel ?? undefined)) found.set(keyOf(typeName, entity.id), entity);
        }
      }
    }
    return found;
  }

  private fromToken(args: SyncArgs): SyncState {
    const reading = readSyncToken(this.key, args.token as string, Math.floor(Date.now() / 1000), this.config.sync.tokenMaxAgeDays * 86_400);
    if (!reading.ok && reading.reason === 'expired') {
      throw new DomainError(ErrorCode.GONE, `This sync token is more than ${this.config.sync.tokenMaxAgeDays} days old: start a full sync without a token`);
    }
    if (!reading.ok) {
      throw invalidField('token', 'This sync token is not valid (altered, truncated, or not issued by this server): use the token exactly as received, or start a full sync without a token');
    }
    const { state } = reading;
    // The token carries its filters: repeating them is allowed, changing them mid-sync is not.
    if (args.types !== undefined && this.typesOf(args.types).join() !== state.types.join()) {
      throw invalidField('types', 'types differ from the sync this token belongs to: leave them out, or start a new sync without a token');
    }
    if (args.channel !== undefined && args.channel !== state.channel) {
      throw invalidField('channel', 'channel differs from the sync this token belongs to: leave it out, or start a new sync without a token');
    }
    return state;
  }

  /** `events,associations` → the content types, in the order of the registry (all when left out). */
  private typesOf(list: string | undefined): ContentTypeName[] {
    const all = registeredContentTypes();
    if (list === undefined) return all.map((type) => type.name);
    const wanted = new Set<ContentTypeName>();
    for (const path of list.split(',')) {
      const type = contentTypeAtPath(path);
      if (!type) throw invalidField('types', `Unknown type "${path}": use ${all.map((known) => known.restPath).join(', ')}`);
      wanted.add(type.name);
    }
    return all.map((type) => type.name).filter((name) => wanted.has(name));
  }

  private sign(state: SyncState): string {
    return signSyncToken(this.key, state, Math.floor(Date.now() / 1000));
  }
}

/** The highest journal seq visible to this transaction (0 when the journal is empty). */
async function journalHead(manager: EntityManager): Promise<string> {
  const [{ head }]: { head: string }[] = await manager.query('SELECT coalesce(max(seq), 0)::text AS head FROM content_journal');
  return head;
}
