import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, Not, ObjectLiteral, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { can, Permission, requirePermission } from '../auth/permissions';
import { translateConstraintError } from '../common/database-errors';
import { conflict, DomainError, ErrorCode, forbidden, notFound } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { ContentEntity } from './content.entity';
import { appendJournal } from './journal-append';
import { ContentRevisionEntity, RevisionSnapshot } from './content-revision.entity';
import { ContentTypeDefinition, UniqueKey } from './content-type';
import { ContentWrite, PendingChange } from './content-write';
import { ContentOperation, ContentStatus } from './content.types';
import { MEDIA_USAGE_RECORDER, MediaUsageRecorder } from './media-uses';

/** Serialises journal appends so that `seq` order is commit order (see ContentJournalEntry). */
const JOURNAL_LOCK_KEY = 0x7061_7276; // "parv"

/** Columns that describe an item's life, not its content: never restored, never in a diff. */
export const LIFECYCLE_COLUMNS = ['id', 'status', 'version', 'published_at', 'created_at', 'updated_at', 'created_by_id', 'updated_by_id', 'deleted_at'];

/** Which item, at which version the editor last read it. */
export interface ItemVersion {
  id: string;
  version: number;
}

/** The module's own part of a create or an update. */
export interface ContentSteps<T extends ContentEntity> {
  /**
   * Locks the module must take before the item's row lock (the page tree); the core takes them
   * first so that lock order never depends on the module.
   */
  lockFirst?(write: ContentWrite): Promise<void>;
  /** Validates the input and applies it to the item (for a create, a new unsaved entity). */
  apply(item: T, write: ContentWrite): Promise<void> | void;
  /** After the item's row is saved: the module's child rows (categories, cases, documents). */
  writeChildren?(item: T, write: ContentWrite): Promise<void>;
}

export interface ChangeOptions {
  /** The editor's note on the change, kept with the revision. */
  message?: string | null;
}

/**
 * The life of every content item, implemented once. Every operation runs the same steps in the
 * same order, so that no module assembles them and lock order is a property of this code:
 *
 * 1. permission check, then one transaction;
 * 2. the module's early locks (`lockFirst`), then the item's row lock and the version check;
 * 3. the type's `guard`, then the module's own work (`apply`);
 * 4. uniqueness, references, publishability; the save as the next version; child rows;
 * 5. for every item changed (this one and any the module changed alongside): the type's
 *    `afterWrite` (derived tables), media uses, revision;
 * 6. last, under the journal lock, the journal rows, each recording whether its item is public after
 *    the write; plus a `visibility` row for each other item whose public visibility followed an item
 *    whose own public state changed (the type's `visibilityDependents`: a page's sub-pages); then
 *    constraint errors become client errors.
 */
@Injectable()
export class ContentLifecycle {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(MEDIA_USAGE_RECORDER) private readonly mediaUses?: MediaUsageRecorder,
  ) {}

  create<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, steps: ContentSteps<T>,
    options: ChangeOptions = {}): Promise<T> {
    return this.run(ctx, 'content:write', type, options, (write) => this.createIn(write, type, steps, 'input.'));
  }

  /**
   * Creates several drafts in one transaction: all or none. Each item runs the steps of `create`
   * inside a savepoint, so that every invalid item is reported (not only the first); then, if any
   * failed, nothing is written and one error lists them all, each field path under `inputs.<index>.`
   * (CONFLICT when every failure is a conflict, else BAD_USER_INPUT).
   */
  createMany<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, stepsOfEach: Array<ContentSteps<T>>,
    options: ChangeOptions = {}): Promise<T[]> {
    return this.run(ctx, 'content:write', type, options, async (write) => {
      const created: T[] = [];
      const failures: Array<{ index: number; error: DomainError }> = [];
      for (const [index, steps] of stepsOfEach.entries()) {
        await write.manager.query('SAVEPOINT batch_item');
        try {
          created.push(await this.createIn(write, type, steps, `inputs.${index}.`));
          await write.manager.query('RELEASE SAVEPOINT batch_item');
        } catch (error) {
          await write.manager.query('ROLLBACK TO SAVEPOINT batch_item');
          const domainError = underPrefix(translateConstraintError(error, type.constraintMessages), `inputs.${index}.`);
          if (!(domainError instanceof DomainError) || domainError.code === ErrorCode.INTERNAL_SERVER_ERROR) throw error;
          failures.push({ index, error: domainError });
        }
      }
      if (failures.length > 0) throw batchError(failures, stepsOfEach.length);
      return created;
    });
  }

  update<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, at: ItemVersion, steps: ContentSteps<T>,
    options: ChangeOptions = {}, operation = ContentOperation.UPDATE): Promise<T> {
    return this.run(ctx, 'content:write', type, options, async (write) => {
      await steps.lockFirst?.(write);
      const item = await this.lockForChange(write, type, at, operation);
      const before = { ...item };
      await steps.apply(item, write);
      await this.checkBeforeSave(write, type, item, 'input.', before);
      await this.saveNextVersion(write, type, item, operation, 'input.', publicState(before));
      await steps.writeChildren?.(item, write);
      return item;
    });
  }

  /**
   * Publishes the item; `apply` may refuse or complete what publication fixes (a legal notice's
   * fingerprint). Publishing a published item changes nothing.
   */
  publish<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, at: ItemVersion,
    options: ChangeOptions = {}, apply?: (item: T, write: ContentWrite) => Promise<void> | void): Promise<T> {
    return this.run(ctx, 'content:publish', type, options, async (write) => {
      const item = await this.lockForChange(write, type, at, ContentOperation.PUBLISH);
      if (item.status === ContentStatus.PUBLISHED) return item;
      const stateBefore = publicState(item);
      item.status = ContentStatus.PUBLISHED;
      item.publishedAt = new Date();
      await apply?.(item, write);
      await this.checkBeforeSave(write, type, item, '', null);
      await this.saveNextVersion(write, type, item, ContentOperation.PUBLISH, '', stateBefore);
      return item;
    });
  }

  /** Back to draft: the item disappears from public reads but keeps its content and history. */
  unpublish<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, at: ItemVersion,
    options: ChangeOptions = {}): Promise<T> {
    return this.run(ctx, 'content:publish', type, options, async (write) => {
      const item = await this.lockForChange(write, type, at, ContentOperation.UNPUBLISH);
      if (item.status === ContentStatus.DRAFT) return item;
      const stateBefore = publicState(item);
      item.status = ContentStatus.DRAFT;
      await this.saveNextVersion(write, type, item, ContentOperation.UNPUBLISH, '', stateBefore);
      return item;
    });
  }

  /** Soft delete: the row and its revisions stay (history, undelete) but no read returns it. */
  remove<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, at: ItemVersion,
    options: ChangeOptions = {}): Promise<T> {
    return this.run(ctx, 'content:delete', type, options, async (write) => {
      const item = await this.lockForChange(write, type, at, ContentOperation.DELETE);
      const stateBefore = publicState(item);
      item.deletedAt = new Date();
      await this.saveNextVersion(write, type, item, ContentOperation.DELETE, '', stateBefore);
      return item;
    });
  }

  /**
   * Brings back the content of an earlier revision as a new version (history is never rewritten).
   * The item keeps its status; a reference that no longer exists is refused with its field.
   */
  restoreRevision<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, at: ItemVersion,
    revision: number, options: ChangeOptions = {}): Promise<T> {
    const message = options.message ?? `Restored version ${revision}`;
    return this.run(ctx, 'content:write', type, { message }, async (write) => {
      const item = await this.lockForChange(write, type, at, ContentOperation.RESTORE);
      const stored = await write.manager.getRepository(ContentRevisionEntity)
        .findOne({ where: { contentType: type.name, contentId: item.id, version: revision } });
      if (!stored) throw new DomainError(ErrorCode.NOT_FOUND, `${type.label} has no version ${revision}`, { fields: [{ path: 'revision', message: `No version ${revision}` }] });
      const restored = await this.applySnapshot(write, type, item, stored.snapshot);
      await this.checkBeforeSave(write, type, restored, '', item);
      await this.saveNextVersion(write, type, restored, ContentOperation.RESTORE, '', publicState(item));
      return restored;
    });
  }

  /**
   * Brings a deleted item back, as a draft: nothing becomes public again without a publication.
   * Refused with CONFLICT, naming the holder, when its slug or path was taken meanwhile.
   */
  restoreDeleted<T extends ContentEntity>(ctx: RequestContext, type: ContentTypeDefinition<T>, id: string,
    options: ChangeOptions = {}): Promise<T> {
    return this.run(ctx, 'content:undelete', type, options, async (write) => {
      const item = await this.repository(write, type).createQueryBuilder('item')
        .withDeleted().setLock('pessimistic_write').where('item.id = :id', { id }).getOne();
      if (!item || !item.deletedAt) throw notFound(`Deleted ${type.label.toLowerCase()}`);
      await type.guard?.(item, ContentOperation.UNDELETE, write);
      const stateBefore = publicState(item);
      item.deletedAt = null;
      item.status = ContentStatus.DRAFT;
      await this.checkBeforeSave(write, type, item, '', null);
      await this.saveNextVersion(write, type, item, ContentOperation.UNDELETE, '', stateBefore);
      return item;
    });
  }

  // ---- the steps -------------------------------------------------------------------------------

  /** A new draft at version 1: the module's work, the checks, the save, the child rows. */
  private async createIn<T extends ContentEntity>(write: ContentWrite, type: ContentTypeDefinition<T>, steps: ContentSteps<T>,
    fieldPrefix: string): Promise<T> {
    await steps.lockFirst?.(write);
    const repository = this.repository(write, type);
    const item = repository.create({
      status: ContentStatus.DRAFT,
      version: 1,
      publishedAt: null,
      deletedAt: null,
      createdById: write.actor.userId,
      updatedById: write.actor.userId,
    } as unknown as T);
    try {
      await steps.apply(item, write);
    } catch (error) {
      throw underPrefix(error, fieldPrefix);
    }
    await this.checkBeforeSave(write, type, item, fieldPrefix, null);
    await repository.save(item as T & ObjectLiteral);
    await steps.writeChildren?.(item, write);
    write.changed(type as unknown as ContentTypeDefinition, item, ContentOperation.CREATE, fieldPrefix);
    return item;
  }

  /** Permission, transaction, the module's work, then media uses, revisions and journal; constraint errors translated. */
  private async run<T extends ContentEntity, R>(ctx: RequestContext, permission: Permission, type: ContentTypeDefinition<T>,
    options: ChangeOptions, work: (write: ContentWrite) => Promise<R>): Promise<R> {
    const actor = requirePermission(ctx, permission);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const write = new ContentWrite(manager, actor, options.message?.trim() || null);
        const result = await work(write);
        await this.finish(write);
        return result;
      });
    } catch (error) {
      throw translateConstraintError(error, type.constraintMessages);
    }
  }

  /**
   * Locks the item for this transaction and checks that the editor saw its latest version: a stale
   * version is a CONFLICT carrying the current version, and nothing is written.
   */
  private async lockForChange<T extends ContentEntity>(write: ContentWrite, type: ContentTypeDefinition<T>, at: ItemVersion,
    operation: ContentOperation): Promise<T> {
    const item = await this.repository(write, type).createQueryBuilder('item')
      .setLock('pessimistic_write').where('item.id = :id', { id: at.id }).getOne();
    if (!item) throw notFound(type.label);
    // Changing what the public sees is publishing: a contributor works on drafts only.
    if (item.status === ContentStatus.PUBLISHED && !can(write.actor, 'content:publish')) {
      throw forbidden(`This ${type.label.toLowerCase()} is published: only an editor or an admin can change it`);
    }
    if (item.version !== at.version) {
      throw conflict(`${type.label} was changed by someone else since you opened it (current version ${item.version}, yours ${at.version}); reload it and apply your change again`, item.version);
    }
    await type.guard?.(item, operation, write);
    return item;
  }

  /** Uniqueness among live items (CONFLICT naming the holder), references, and what a published item must have. */
  private async checkBeforeSave<T extends ContentEntity>(write: ContentWrite, type: ContentTypeDefinition<T>, item: T,
    fieldPrefix: string, before: Partial<T> | null): Promise<void> {
    for (const key of type.uniqueKeys ?? []) {
      const unchanged = before !== null && key.properties.every((property) => before[property] === item[property]);
      if (!unchanged) await this.assertUnique(write, type, item, key, fieldPrefix);
    }
    await type.checkReferences?.(item, write, fieldPrefix);
    if (item.status === ContentStatus.PUBLISHED && !item.deletedAt) await type.checkPublishable?.(item, write);
  }

  private async assertUnique<T extends ContentEntity>(write: ContentWrite, type: ContentTypeDefinition<T>, item: T,
    key: UniqueKey<T>, fieldPrefix: string): Promise<void> {
    const where: Record<string, unknown> = {};
    for (const property of key.properties) where[property] = item[property];
    if (item.id) where.id = Not(item.id);
    const holder = await this.repository(write, type).findOne({ where: where as never });
    if (!holder) return;
    const title = String(holder[type.titleProperty]);
    const value = String(item[key.properties[key.properties.length - 1]]);
    const message = `This ${key.noun} (${value}) is already used by the ${type.label.toLowerCase()} "${title}" (id ${holder.id}): choose another one`;
    throw new DomainError(ErrorCode.CONFLICT, message, { fields: [{ path: `${fieldPrefix}${key.field}`, message }] });
  }

  /** `stateBefore`: the item's `publicState` before the change, to tell whether its dependents' visibility may follow. */
  private async saveNextVersion<T extends ContentEntity>(write: ContentWrite, type: ContentTypeDefinition<T>, item: T,
    operation: ContentOperation, fieldPrefix = '', stateBefore?: string): Promise<void> {
    item.version += 1;
    item.updatedById = write.actor.userId;
    await this.repository(write, type).save(item as T & ObjectLiteral);
    write.changed(type as unknown as ContentTypeDefinition, item, operation, fieldPrefix);
    if (stateBefore !== undefined && stateBefore !== publicState(item)) write.changedPublicState(type as unknown as ContentTypeDefinition, item);
  }

  /** Writes a revision's columns and child rows back onto the locked item; returns the item as now stored. */
  private async applySnapshot<T extends ContentEntity>(write: ContentWrite, type: ContentTypeDefinition<T>, item: T,
    snapshot: RevisionSnapshot): Promise<T> {
    const metadata = write.manager.connection.getMetadata(type.entity);
    const kept = new Set([...LIFECYCLE_COLUMNS, ...(type.keptOnRestore ?? [])]);
    const columns = metadata.columns.map((column) => column.databaseName).filter((name) => !kept.has(name));
    const assignments = columns.map((name) => `"${name}" = snapshot."${name}"`).join(', ');
    await write.manager.query(
      `UPDATE "${metadata.tableName}" AS item SET ${assignments}
         FROM jsonb_populate_record(NULL::"${metadata.tableName}", $1::jsonb) AS snapshot
        WHERE item.id = $2`,
      [JSON.stringify(type.upgradeSnapshotFields?.(snapshot.fields) ?? snapshot.fields), item.id],
    );
    const restored = await this.repository(write, type).findOneOrFail({ where: { id: item.id } as never });
    await type.restoreRelations?.(restored, snapshot.relations ?? {}, write);
    return restored;
  }

  /** For every item changed by the write: media uses, then revisions, then (last lock) journal rows. */
  private async finish(write: ContentWrite): Promise<void> {
    const changes = write.changes;
    if (changes.length === 0) return;
    for (const change of changes) await change.type.afterWrite?.(change.id, change.item, write);
    for (const change of changes) await this.recordMediaUses(write, change);
    await this.writeRevisions(write, changes);
    await write.manager.query('SELECT pg_advisory_xact_lock($1)', [JOURNAL_LOCK_KEY]);
    // After the journal lock: the dependents and their visibility are read with every earlier
    // journaled write committed, so a concurrent change of a dependent is never judged on stale state.
    const dependents = await this.visibilityDependents(write);
    await appendJournal(write, [
      ...changes.map((change) => ({ type: change.type, id: change.id, operation: change.operation, version: change.version, onlyIfVisibilityChanged: false })),
      ...dependents.map((dependent) => ({ ...dependent, operation: ContentOperation.VISIBILITY, onlyIfVisibilityChanged: true })),
    ]);
  }

  /**
   * The items whose visibility may follow an item whose own public state this write changed (see
   * ContentTypeDefinition.visibilityDependents): one query per type that has such items, none for
   * a write that changed no public state. Items the write changed itself have their own rows.
   */
  private async visibilityDependents(write: ContentWrite): Promise<Array<{ type: ContentTypeDefinition; id: string; version: number }>> {
    const found: Array<{ type: ContentTypeDefinition; id: string; version: number }> = [];
    const journaled = new Set(write.changes.map((change) => `${change.type.name}:${change.id}`));
    for (const type of new Set(write.publicStateChanges.map((entry) => entry.type))) {
      if (!type.visibilityDependents) continue;
      const items = write.publicStateChanges.filter((entry) => entry.type === type).map((entry) => entry.item);
      for (const dependent of await type.visibilityDependents(items, write)) {
        const key = `${type.name}:${dependent.id}`;
        if (journaled.has(key)) continue;
        journaled.add(key);
        found.push({ type, id: dependent.id, version: dependent.version });
      }
    }
    return found;
  }

  private async recordMediaUses(write: ContentWrite, change: PendingChange): Promise<void> {
    const { type, item } = change;
    if (!item || !type.mediaReferences) return;
    if (!this.mediaUses) throw new Error('No media usage recorder is provided: import the media module');
    const live = !item.deletedAt;
    await this.mediaUses.recordUses(write.manager, type.name, { id: item.id, published: live && item.status === ContentStatus.PUBLISHED },
      live ? type.mediaReferences(item) : [], change.fieldPrefix);
  }

  /** One snapshot query per content type, one insert for all revisions. */
  private async writeRevisions(write: ContentWrite, changes: readonly PendingChange[]): Promise<void> {
    const snapshots = new Map<string, RevisionSnapshot>();
    for (const type of new Set(changes.map((change) => change.type))) {
      const ids = changes.filter((change) => change.type === type).map((change) => change.id);
      for (const [id, snapshot] of await snapshotsOf(write, type, ids)) snapshots.set(`${type.name}:${id}`, snapshot);
    }
    // The cast: TypeORM's deep-partial type cannot describe a jsonb column typed as an open record.
    await write.manager.getRepository(ContentRevisionEntity).insert(changes.map((change): QueryDeepPartialEntity<ContentRevisionEntity> => ({
      contentType: change.type.name,
      contentId: change.id,
      version: change.version,
      operation: change.operation,
      message: change.message,
      actorId: write.actor.userId,
      snapshot: snapshots.get(`${change.type.name}:${change.id}`) as QueryDeepPartialEntity<RevisionSnapshot>,
    })));
  }

  private repository<T extends ContentEntity>(write: ContentWrite, type: ContentTypeDefinition<T>): Repository<T> {
    return write.manager.getRepository(type.entity);
  }
}

/** What an item's own public visibility depends on: status, deletion, channels. */
function publicState(item: ContentEntity): string {
  return `${item.status}|${item.deletedAt ? 'deleted' : 'live'}|${[...(item.channels ?? [])].sort().join(',')}`;
}

/** The stored row and child rows of items, as revisions keep them (deleted items included). */
async function snapshotsOf(write: Pick<ContentWrite, 'manager'>, type: ContentTypeDefinition,
  ids: readonly string[]): Promise<Map<string, RevisionSnapshot>> {
  const table = write.manager.connection.getMetadata(type.entity).tableName;
  const rows: { id: string; snapshot: RevisionSnapshot }[] = await write.manager.query(
    `SELECT item.id, jsonb_build_object('fields', to_jsonb(item), 'relations', ${type.relationsSql ?? `'{}'::jsonb`}) AS snapshot
       FROM "${table}" AS item WHERE item.id = ANY($1::uuid[])`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((row) => [row.id, row.snapshot]));
}

/**
 * A module's `apply` names fields from the mutation's argument (`input.title`); in a batch the same
 * field is `inputs.3.title`.
 */
function underPrefix(error: unknown, fieldPrefix: string): unknown {
  if (fieldPrefix === 'input.' || !(error instanceof DomainError) || !error.details.fields) return error;
  const fields = error.details.fields.map((field) => ({ ...field, path: field.path.replace(/^input\./, fieldPrefix) }));
  return new DomainError(error.code, error.message, { ...error.details, fields });
}

/** One error for a batch in which some items failed: every failure, each under its item's index. */
function batchError(failures: Array<{ index: number; error: DomainError }>, total: number): DomainError {
  const fields = failures.flatMap(({ index, error }) => (error.details.fields?.length
    ? error.details.fields
    : [{ path: `inputs.${index}`, message: error.message }]));
  const code = failures.every(({ error }) => error.code === ErrorCode.CONFLICT) ? ErrorCode.CONFLICT : ErrorCode.BAD_USER_INPUT;
  const message = failures.length === 1 && total === 1 ? failures[0].error.message
    : `${failures.length} of ${total} items cannot be created (nothing was created): ${failures.map(({ index, error }) => `#${index} ${error.message}`).join('; ')}`;
  return new DomainError(code, message.length > 1000 ? `${message.slice(0, 999)}…` : message, { fields });
}
