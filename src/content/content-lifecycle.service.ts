import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { can, Permission } from '../auth/permissions';
import { translateConstraintError } from '../common/database-errors';
import { mediaLinksIn } from '../common/markdown';
import { conflict, forbidden, invalidField, notFound, unauthenticated } from '../common/errors';
import { Actor, RequestContext } from '../common/request-context';
import { assertAccessibleUse } from '../media/accessibility';
import { MediaUsageEntity } from '../media/media-usage.entity';
import { MediaEntity } from '../media/media.entity';
import { ContentJournalEntry } from './content-journal.entity';
import { ContentEntity } from './content.entity';
import { Channel, ContentOperation, ContentStatus } from './content.types';

/** What the content core needs to know about a content type. */
export interface ContentTypeDefinition<T extends ContentEntity> {
  /** Stable name used in the change journal, e.g. `page`. */
  name: string;
  /** For messages: `Page`. */
  label: string;
  entity: new () => T;
  /** Constraint name → sentence for staff, used when the database refuses a write. */
  constraintMessages?: Record<string, string>;
  /**
   * The media library files the item shows, with the field that holds each (`imageMediaId`,
   * `documents.0.mediaId`). The core records them with every write, in the same transaction: a file
   * used by published content is public, a used file cannot be deleted (see MediaUsageEntity).
   */
  mediaReferences?(item: T): MediaReference[];
}

/** One use of a media library file by a content item. */
export interface MediaReference {
  mediaId: string;
  /** Where the item holds it, as a field path: `logoMediaId`, `documents.2.mediaId`, `body`. */
  field: string;
  /**
   * The text alternative the content itself gives for this use (a Markdown image's `![alt](…)`);
   * left out when the content shows the file with the file's own alt.
   */
  alt?: string;
}

/** One write in progress: the transaction's manager and who is writing. */
export interface ContentWrite {
  manager: EntityManager;
  actor: Actor;
}

export interface ReadFilter {
  channel?: Channel;
  /** Only honoured for authenticated staff; anonymous callers always see published items only. */
  status?: ContentStatus;
}

/** Serialises journal appends so that `seq` order is commit order (see ContentJournalEntry). */
const JOURNAL_LOCK_KEY = 0x7061_7276; // "parv"

/**
 * The life of every content item, implemented once: permission check, transaction, optimistic
 * concurrency on `version`, soft delete, and the change-journal row written in the same transaction.
 * Content modules call these methods and add only their own rules.
 */
@Injectable()
export class ContentLifecycle {
  constructor(private readonly dataSource: DataSource) {}

  /** Opens the transaction every write runs in, after checking the caller's right to do it. */
  async write<R>(ctx: RequestContext, permission: Permission, type: ContentTypeDefinition<ContentEntity>,
    work: (write: ContentWrite) => Promise<R>): Promise<R> {
    const actor = requirePermission(ctx, permission);
    try {
      return await this.dataSource.transaction((manager) => work({ manager, actor }));
    } catch (error) {
      throw translateConstraintError(error, type.constraintMessages);
    }
  }

  /**
   * Inserts a new draft. `beforeJournal` writes what belongs with the item (join rows, children)
   * before the journal row, because the journal lock must be the last lock a write takes.
   */
  async insert<T extends ContentEntity>(write: ContentWrite, type: ContentTypeDefinition<T>, values: Partial<T>,
    beforeJournal?: (item: T) => Promise<void>): Promise<T> {
    const repository = write.manager.getRepository(type.entity);
    const item = repository.create({
      ...values,
      status: ContentStatus.DRAFT,
      version: 1,
      publishedAt: null,
      createdById: write.actor.userId,
      updatedById: write.actor.userId,
    } as T);
    await repository.save(item);
    await beforeJournal?.(item);
    await recordMediaUsage(write, type, item);
    await this.journal(write, type, item, ContentOperation.CREATE);
    return item;
  }

  /**
   * Locks the item for this transaction and checks that the editor saw its latest version: a stale
   * version is a CONFLICT carrying the current version, and nothing is written.
   */
  async lockForChange<T extends ContentEntity>(write: ContentWrite, type: ContentTypeDefinition<T>, id: string,
    expectedVersion: number): Promise<T> {
    const item = await write.manager.getRepository(type.entity)
      .createQueryBuilder('item')
      .setLock('pessimistic_write')
      .where('item.id = :id', { id })
      .getOne();
    if (!item) throw notFound(type.label);
    // Changing what the public sees is publishing: a contributor works on drafts only.
    if (item.status === ContentStatus.PUBLISHED && !can(write.actor, 'content:publish')) {
      throw forbidden(`This ${type.label.toLowerCase()} is published: only an editor or an admin can change it`);
    }
    if (item.version !== expectedVersion) {
      throw conflict(`${type.label} was changed by someone else since you opened it (current version ${item.version}, yours ${expectedVersion}); reload it and apply your change again`, item.version);
    }
    return item;
  }

  /** Saves a locked item as its next version and journals the change. */
  async saveChange<T extends ContentEntity>(write: ContentWrite, type: ContentTypeDefinition<T>, item: T,
    operation: ContentOperation): Promise<T> {
    item.version += 1;
    item.updatedById = write.actor.userId;
    await write.manager.getRepository(type.entity).save(item as T & ObjectLiteral);
    await recordMediaUsage(write, type, item);
    await this.journal(write, type, item, operation);
    return item;
  }

  /** The common case of a module's update: lock, check version, apply the change, save, journal. */
  update<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, id: string, expectedVersion: number,
    apply: (item: T, write: ContentWrite) => Promise<void> | void, operation = ContentOperation.UPDATE): Promise<T> {
    return this.write(ctx, 'content:write', type as ContentTypeDefinition<ContentEntity>, async (write) => {
      const item = await this.lockForChange(write, type, id, expectedVersion);
      await apply(item, write);
      return this.saveChange(write, type, item, operation);
    });
  }

  /** Publishes the item; `check` may refuse (a required field still empty) or complete it. Publishing twice changes nothing. */
  publish<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, id: string, expectedVersion: number,
    check?: (item: T, write: ContentWrite) => Promise<void> | void): Promise<T> {
    return this.write(ctx, 'content:publish', type as ContentTypeDefinition<ContentEntity>, async (write) => {
      const item = await this.lockForChange(write, type, id, expectedVersion);
      if (item.status === ContentStatus.PUBLISHED) return item;
      item.status = ContentStatus.PUBLISHED;
      item.publishedAt = new Date();
      // After the status change, so `check` can refuse or derive what publication fixes (a fingerprint).
      await check?.(item, write);
      return this.saveChange(write, type, item, ContentOperation.PUBLISH);
    });
  }

  /** Back to draft: the item disappears from public reads but keeps its content and history. */
  unpublish<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, id: string, expectedVersion: number): Promise<T> {
    return this.write(ctx, 'content:publish', type as ContentTypeDefinition<ContentEntity>, async (write) => {
      const item = await this.lockForChange(write, type, id, expectedVersion);
      if (item.status === ContentStatus.DRAFT) return item;
      item.status = ContentStatus.DRAFT;
      return this.saveChange(write, type, item, ContentOperation.UNPUBLISH);
    });
  }

  /** Soft delete: the row stays (journal, audit, undo) but no read returns it. */
  remove<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, id: string, expectedVersion: number,
    check?: (item: T, write: ContentWrite) => Promise<void> | void): Promise<T> {
    return this.write(ctx, 'content:delete', type as ContentTypeDefinition<ContentEntity>, async (write) => {
      const item = await this.lockForChange(write, type, id, expectedVersion);
      await check?.(item, write);
      item.deletedAt = new Date();
      return this.saveChange(write, type, item, ContentOperation.DELETE);
    });
  }

  /**
   * The base of every read: non-deleted items, published only for anonymous callers (staff may
   * preview drafts), optionally restricted to a channel.
   */
  readQuery<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, alias: string,
    filter: ReadFilter = {}, manager?: EntityManager): SelectQueryBuilder<T> {
    const query = (manager ?? this.dataSource.manager).getRepository(type.entity).createQueryBuilder(alias);
    const status = ctx.isAuthenticated ? filter.status : ContentStatus.PUBLISHED;
    if (status) query.andWhere(`${alias}.status = :status`, { status });
    if (filter.channel) query.andWhere(`${alias}.channels @> ARRAY[CAST(:channel AS channel)]`, { channel: filter.channel });
    return query;
  }

  /** Appends a change-journal row; call it last in a write (it serialises journal writers until commit). */
  async journal<T extends ContentEntity>(write: ContentWrite, type: ContentTypeDefinition<T>, item: { id: string; version: number },
    operation: ContentOperation): Promise<void> {
    await write.manager.query('SELECT pg_advisory_xact_lock($1)', [JOURNAL_LOCK_KEY]);
    await write.manager.getRepository(ContentJournalEntry).insert({
      contentType: type.name,
      contentId: item.id,
      operation,
      version: item.version,
      actorId: write.actor.userId,
    });
  }
}

/**
 * Rewrites the item's rows of `media_usages` from `type.mediaReferences`. Every referenced file
 * must exist (BAD_USER_INPUT on the reference's field), and a published item may only show images
 * with a text alternative (RGAA 1.1); the files of a published item are read `FOR SHARE`, so an
 * `updateMedia` clearing an alt at the same moment waits for this write, then sees the new use.
 */
async function recordMediaUsage<T extends ContentEntity>(write: ContentWrite, type: ContentTypeDefinition<T>, item: T): Promise<void> {
  if (!type.mediaReferences) return;
  const live = !item.deletedAt;
  const references = live ? type.mediaReferences(item) : [];
  const published = live && item.status === ContentStatus.PUBLISHED;
  if (references.length > 0) {
    const query = write.manager.getRepository(MediaEntity).createQueryBuilder('media')
      .where('media.id IN (:...ids)', { ids: [...new Set(references.map((reference) => reference.mediaId))] });
    if (published) query.setLock('pessimistic_read');
    const files = new Map((await query.getMany()).map((file) => [file.id, file]));
    for (const reference of references) {
      const file = files.get(reference.mediaId);
      if (!file) throw invalidField(reference.field, `This refers to a file that is not in the media library (${reference.mediaId})`);
      if (published) assertAccessibleUse(file, reference);
    }
  }
  const usages = write.manager.getRepository(MediaUsageEntity);
  await usages.delete({ contentType: type.name, contentId: item.id });
  const rows = new Map(references.map((reference) => [`${reference.field} ${reference.mediaId}`, {
    contentType: type.name, contentId: item.id, field: reference.field, mediaId: reference.mediaId, published,
  }]));
  if (rows.size > 0) await usages.insert([...rows.values()]);
}

/**
 * The files an article written in Markdown shows or links to, as references of `field`. An image
 * is described by its own `![alt]` in the text (that is what the page renders), a link by its text.
 */
export function markdownMediaReferences(source: string | null | undefined, field: string): MediaReference[] {
  return source ? mediaLinksIn(source).map((link) => ({ mediaId: link.mediaId, field, alt: link.text })) : [];
}

export function requirePermission(ctx: RequestContext, permission: Permission): Actor {
  if (!ctx.actor) throw unauthenticated();
  if (!can(ctx.actor, permission)) throw forbidden();
  return ctx.actor;
}
