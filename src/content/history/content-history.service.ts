import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { requirePermission } from '../../auth/permissions';
import { User } from '../../auth/user.entity';
import { byKey, requestLoader } from '../../common/dataloader';
import { invalidField } from '../../common/errors';
import { ConnectionShape, mapConnection, pageSize } from '../../common/pagination/connection';
import { decodeCursor, decodeCursorParts, encodeCursor, encodeCursorParts, invalidCursor, KeysetSort, paginate } from '../../common/pagination/keyset';
import { RequestContext } from '../../common/request-context';
import { ContentEntity } from '../content.entity';
import { ChangeOptions, ContentLifecycle, LIFECYCLE_COLUMNS } from '../content-lifecycle.service';
import { ContentRevisionEntity } from '../content-revision.entity';
import { contentTypeNamed, registeredContentTypes } from '../content-type';
import { ContentTypeName } from '../content.types';
import { AuditEntry, AuditLogArgs, AuditOperation, ContentDiff, ContentRevision, DeletedContentItem } from './history.models';
import { apiSnapshot, diffSnapshots } from './revision-diff';

const NEWEST_FIRST: KeysetSort<ContentRevisionEntity> = {
  column: 'revision.version', idColumn: 'revision.contentId', direction: 'DESC', kind: 'number',
  valueOf: (revision) => revision.version, idOf: (revision) => revision.contentId,
};

interface Page {
  first?: number | null;
  after?: string | null;
}

/**
 * The history of content, for staff: every revision of an item, what changed between two, the bin
 * of deleted items, and the audit log. Restores go through the content core like every write.
 */
@Injectable()
export class ContentHistory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: ContentLifecycle,
  ) {}

  /** An item's revisions, newest first (deleted items included: their history stays). */
  async revisions(ctx: RequestContext, type: ContentTypeName, id: string, page: Page): Promise<ConnectionShape<ContentRevision>> {
    requirePermission(ctx, 'content:history');
    const query = this.dataSource.getRepository(ContentRevisionEntity).createQueryBuilder('revision')
      .where('revision.contentType = :type AND revision.contentId = :id', { type, id });
    return mapConnection(await paginate(query, page, NEWEST_FIRST), toRevision);
  }

  async revision(ctx: RequestContext, type: ContentTypeName, id: string, version: number): Promise<ContentRevision | null> {
    requirePermission(ctx, 'content:history');
    const revision = await this.find(type, id, version);
    return revision && toRevision(revision);
  }

  /** Field by field, what changed from version `from` to version `to` (lifecycle stamps and derived columns aside). */
  async diff(ctx: RequestContext, type: ContentTypeName, id: string, from: number, to: number): Promise<ContentDiff> {
    requirePermission(ctx, 'content:history');
    const [before, after] = await Promise.all([this.find(type, id, from), this.find(type, id, to)]);
    if (!before) throw invalidField('from', `This item has no version ${from}`);
    if (!after) throw invalidField('to', `This item has no version ${to}`);
    const definition = contentTypeNamed(type);
    const hidden = new Set([...LIFECYCLE_COLUMNS, ...(definition.derivedColumns ?? [])]);
    return { contentType: type, contentId: id, from, to, changes: diffSnapshots(before.snapshot, after.snapshot, hidden) };
  }

  restoreRevision(ctx: RequestContext, type: ContentTypeName, at: { id: string; version: number }, revision: number,
    options: ChangeOptions): Promise<ContentEntity> {
    return this.lifecycle.restoreRevision(ctx, contentTypeNamed(type), at, revision, options);
  }

  restoreDeleted(ctx: RequestContext, type: ContentTypeName, id: string, options: ChangeOptions): Promise<ContentEntity> {
    return this.lifecycle.restoreDeleted(ctx, contentTypeNamed(type), id, options);
  }

  /** The bin: deleted items of every type (or one), most recently deleted first. */
  async deleted(ctx: RequestContext, type: ContentTypeName | undefined, page: Page): Promise<ConnectionShape<DeletedContentItem>> {
    requirePermission(ctx, 'content:undelete');
    const sources = registeredContentTypes().filter((definition) => !type || definition.name === type).map((definition) => {
      const metadata = this.dataSource.getMetadata(definition.entity);
      const title = metadata.findColumnWithPropertyName(definition.titleProperty)?.databaseName ?? 'slug';
      return `SELECT '${definition.name}' AS content_type, id, "${title}" AS title, slug, version, deleted_at, updated_by_id
                FROM "${metadata.tableName}" WHERE deleted_at IS NOT NULL`;
    });
    const bin = `(${sources.join(' UNION ALL ')}) AS bin`;
    const first = pageSize(page.first);
    const params: unknown[] = [];
    let where = '';
    if (page.after) {
      const cursor = decodeCursor(page.after, 'date');
      params.push(cursor.value, cursor.id);
      where = 'WHERE (bin.deleted_at, bin.id) < ($1, $2)';
    }
    const rows: { content_type: ContentTypeName; id: string; title: string; slug: string; version: number; deleted_at: Date; updated_by_id: string | null }[] =
      await this.dataSource.query(`SELECT * FROM ${bin} ${where} ORDER BY bin.deleted_at DESC, bin.id DESC LIMIT ${first + 1}`, params);
    const [{ count }]: { count: string }[] = await this.dataSource.query(`SELECT count(*) AS count FROM ${bin}`);
    const nodes = rows.slice(0, first).map((row): DeletedContentItem => ({
      contentType: row.content_type, id: row.id, title: row.title, slug: row.slug, version: row.version,
      deletedAt: row.deleted_at, deletedById: row.updated_by_id,
    }));
    const edges = nodes.map((node) => ({ cursor: encodeCursor(node.deletedAt, node.id), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: Promise.resolve(Number(count)) };
  }

  /**
   * The audit log, newest first: every content change (from the change journal, with the
   * revision's message) and every staff or media event, filtered and paginated as one list.
   */
  async auditLog(ctx: RequestContext, args: AuditLogArgs): Promise<ConnectionShape<AuditEntry>> {
    requirePermission(ctx, 'audit:read');
    const params: unknown[] = [];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const filters: string[] = [];
    if (args.actorId) filters.push(`entry.actor_id = ${param(args.actorId)}`);
    if (args.contentType) filters.push(`entry.content_type = ${param(args.contentType)}`);
    if (args.contentId) filters.push(`entry.content_id = ${param(args.contentId)}`);
    if (args.operation) filters.push(`entry.operation = ${param(args.operation)}`);
    if (args.from) filters.push(`entry.occurred_at >= ${param(args.from)}`);
    if (args.to) filters.push(`entry.occurred_at < ${param(args.to)}`);
    const counted = filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : '';
    const countParams = [...params];
    if (args.after) {
      const cursor = decodeAuditCursor(args.after);
      filters.push(`(entry.occurred_at, entry.source, entry.seq) < (${param(cursor.at)}::timestamptz, ${param(cursor.source)}, ${param(cursor.seq)}::bigint)`);
    }
    const where = filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : '';
    const first = pageSize(args.first);
    const log = `(
      SELECT 'journal' AS source, journal.seq, journal.occurred_at, journal.actor_id, journal.api_key_id, journal.operation::text AS operation,
             journal.content_type, journal.content_id, journal.version, revision.message, NULL::jsonb AS detail
        FROM content_journal journal
        LEFT JOIN content_revisions revision ON revision.content_type = journal.content_type
         AND revision.content_id = journal.content_id AND revision.version = journal.version
         AND journal.operation <> 'visibility' -- a visibility row did not make that revision: no message of its own
      UNION ALL
      SELECT 'event' AS source, event.id, event.occurred_at, event.actor_id, event.api_key_id, event.kind::text,
             event.subject_type, event.subject_id, NULL, NULL, event.detail
        FROM audit_events event
    ) AS entry`;
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT entry.*, entry.occurred_at::text AS occurred_key FROM ${log} ${where} ORDER BY entry.occurred_at DESC, entry.source DESC, entry.seq DESC LIMIT ${first + 1}`, params);
    const [{ count }]: { count: string }[] = await this.dataSource.query(`SELECT count(*) AS count FROM ${log} ${counted}`, countParams);
    const edges = rows.slice(0, first).map((row) => ({ cursor: encodeAuditCursor(row), node: toAuditEntry(row) }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: Promise.resolve(Number(count)) };
  }

  /** Batched: the authors of the revisions of a list, in one query per request. */
  loadAuthor(ctx: RequestContext, userId: string): Promise<{ id: string; displayName: string } | null> {
    return requestLoader<string, { id: string; displayName: string } | null>(ctx, 'history.authors', async (ids) => {
      const users = await this.dataSource.getRepository(User).createQueryBuilder('user')
        .select(['user.id', 'user.displayName']).where('user.id IN (:...ids)', { ids: [...ids] }).getMany();
      return byKey(ids, users.map((user) => ({ id: user.id, displayName: user.displayName })), (user) => user.id);
    }).load(userId);
  }

  private find(type: ContentTypeName, id: string, version: number): Promise<ContentRevisionEntity | null> {
    return this.dataSource.getRepository(ContentRevisionEntity).findOne({ where: { contentType: type, contentId: id, version } });
  }
}

interface AuditRow {
  source: 'journal' | 'event';
  seq: string;
  occurred_at: Date;
  /** The time at full precision (microseconds), for the cursor. */
  occurred_key: string;
  actor_id: string | null;
  api_key_id: string | null;
  operation: string;
  content_type: string | null;
  content_id: string | null;
  version: number | null;
  message: string | null;
  detail: Record<string, unknown> | null;
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: `${row.source}:${row.seq}`,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    apiKeyId: row.api_key_id,
    operation: row.operation as AuditOperation,
    contentType: row.content_type,
    contentId: row.content_id,
    version: row.version,
    message: row.message,
    detail: row.detail,
  };
}

function encodeAuditCursor(row: AuditRow): string {
  return encodeCursorParts([row.occurred_key, row.source, row.seq]);
}

function decodeAuditCursor(cursor: string): { at: string; source: string; seq: string } {
  const [at, source, seq] = decodeCursorParts(cursor, 3);
  if (typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(at) || (source !== 'journal' && source !== 'event')
    || typeof seq !== 'string' || !/^[0-9]{1,19}$/.test(seq)) throw invalidCursor();
  return { at, source, seq };
}


function toRevision(revision: ContentRevisionEntity): ContentRevision {
  return {
    contentType: revision.contentType as ContentTypeName,
    contentId: revision.contentId,
    version: revision.version,
    operation: revision.operation,
    message: revision.message,
    authorId: revision.actorId,
    createdAt: revision.createdAt,
    snapshot: apiSnapshot(revision.snapshot),
  };
}
