import DataLoader from 'dataloader';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { byKey, requestLoader } from '../common/dataloader';
import { invalidField, invalidFields } from '../common/errors';
import { isUuid } from '../common/ids';
import { RequestContext } from '../common/request-context';
import { ContentEntity } from './content.entity';
import { ContentTypeDefinition } from './content-type';
import { ContentWrite } from './content-write';
import { Channel, ContentStatus } from './content.types';

export interface ReadFilter {
  channel?: Channel;
  /** Only honoured for authenticated staff; anonymous callers always see published items only. */
  status?: ContentStatus;
}

/** Exactly one of `id` and `slug`. */
export interface SlugLookup {
  id?: string;
  slug?: string;
  channel?: Channel;
}

/**
 * The reads every content type shares, written once: the visibility rule (published only for the
 * public, never deleted), lookups by id or slug, batched loads by id, and references checked inside
 * a write's transaction.
 */
@Injectable()
export class ContentReader {
  constructor(private readonly dataSource: DataSource) {}

  /** The base of every read: non-deleted items, published only for anonymous callers, optionally one channel. */
  readQuery<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, alias: string,
    filter: ReadFilter = {}): SelectQueryBuilder<T> {
    const query = this.dataSource.getRepository(type.entity).createQueryBuilder(alias);
    const status = ctx.isAuthenticated ? filter.status : ContentStatus.PUBLISHED;
    if (status) query.andWhere(`${alias}.status = :status`, { status });
    if (filter.channel) query.andWhere(`${alias}.channels @> ARRAY[CAST(:channel AS channel)]`, { channel: filter.channel });
    // The public view (published only) also follows the type's own rule, e.g. a page's ancestors.
    if (status === ContentStatus.PUBLISHED) withPublicCondition(query, type, alias, filter.channel);
    return query;
  }

  /**
   * What the public sees (published, not deleted, optionally one channel), whoever calls, read with
   * the given manager: the sync feed reads every page inside one snapshot transaction.
   */
  publishedQuery<T extends ContentEntity>(manager: EntityManager, type: ContentTypeDefinition<T>, alias: string,
    channel?: Channel): SelectQueryBuilder<T> {
    const query = manager.getRepository(type.entity).createQueryBuilder(alias)
      .andWhere(`${alias}.status = :publishedStatus`, { publishedStatus: ContentStatus.PUBLISHED });
    if (channel) query.andWhere(`${alias}.channels @> ARRAY[CAST(:channel AS channel)]`, { channel });
    return withPublicCondition(query, type, alias, channel);
  }

  /** The same rule as publishedQuery, for an item already loaded (deleted ones included). */
  static isPublic(item: ContentEntity, channel?: Channel): boolean {
    return item.deletedAt === null && item.status === ContentStatus.PUBLISHED && (!channel || item.channels.includes(channel));
  }

  /** One item by id or by slug (exactly one of them), if the caller may see it. */
  async findOne<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, lookup: SlugLookup): Promise<T | null> {
    if ((lookup.id === undefined) === (lookup.slug === undefined)) {
      throw invalidField(lookup.id === undefined ? 'id' : 'slug', 'Give either id or slug, not both');
    }
    const query = this.readQuery(ctx, type, 'item', { channel: lookup.channel });
    if (lookup.id !== undefined) query.andWhere('item.id = :id', { id: lookup.id });
    else query.andWhere('item.slug = :slug', { slug: lookup.slug });
    return query.getOne();
  }

  /** For REST paths that take either: an id when it looks like one, otherwise a slug. */
  findByIdOrSlug<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, idOrSlug: string,
    channel?: Channel): Promise<T | null> {
    return this.findOne(ctx, type, isUuid(idOrSlug) ? { id: idOrSlug, channel } : { slug: idOrSlug, channel });
  }

  /** Batched: items by id in one query per request and type, with the caller's visibility (null when hidden). */
  loadById<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, id: string): Promise<T | null> {
    return this.byIdLoader(ctx, type).load(id);
  }

  /**
   * The SQL condition on the row `alias` of `type` of what loadById lets this caller see, for a read
   * that joins items of the type itself (then `primeById`); null when the type has its own public rule
   * (a page's ancestors), which only readQuery applies.
   */
  visibleSql<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, alias: string): string | null {
    if (type.publicCondition) return null;
    return ctx.isAuthenticated ? `${alias}."deleted_at" IS NULL` : `${alias}."deleted_at" IS NULL AND ${alias}."status" = 'published'`;
  }

  /** Gives loadById an item read by a joined statement under `visibleSql` (null: not visible to this caller). */
  primeById<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, id: string, item: T | null): void {
    this.byIdLoader(ctx, type).prime(id, item);
  }

  private byIdLoader<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>): DataLoader<string, T | null> {
    return requestLoader<string, T | null>(ctx, `${type.name}.byId`, async (ids) => {
      const rows = await this.readQuery(ctx, type, 'item').andWhere('item.id IN (:...ids)', { ids: [...ids] }).getMany();
      return byKey(ids, rows, (row) => row.id);
    });
  }
}

/** Adds the type's own condition of the public view (ContentTypeDefinition.publicCondition), if it has one. */
function withPublicCondition<T extends ContentEntity>(query: SelectQueryBuilder<T>, type: ContentTypeDefinition<T>, alias: string,
  channel?: Channel): SelectQueryBuilder<T> {
  const condition = type.publicCondition?.(alias, channel);
  return condition ? query.andWhere(condition.sql, condition.parameters) : query;
}

/**
 * Inside a write: the items with these ids, drafts included but not deleted, share-locked so that
 * none is deleted before the write commits; a missing one is BAD_USER_INPUT on its own field.
 */
export async function requireLiveItems<T extends ContentEntity>(write: ContentWrite, type: ContentTypeDefinition<T>, ids: readonly string[],
  fieldOf: (index: number) => string): Promise<T[]> {
  if (ids.length === 0) return [];
  const valid = ids.filter(isUuid);
  const rows = valid.length === 0 ? [] : await write.manager.getRepository(type.entity).createQueryBuilder('item')
    .where('item.id IN (:...ids)', { ids: [...new Set(valid)] })
    .setLock('pessimistic_read')
    .getMany();
  const found = new Map(rows.map((row) => [row.id, row]));
  const missing = ids.flatMap((id, index) => (found.has(id) ? [] : [{
    path: fieldOf(index), message: `No ${type.label.toLowerCase()} has the id ${id} (it may have been deleted)`,
  }]));
  if (missing.length > 0) throw invalidFields(missing, 'references are unknown');
  return ids.map((id) => found.get(id) as T);
}
