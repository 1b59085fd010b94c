import { EntityManager } from 'typeorm';
import type { Actor } from '../common/request-context';
import type { ContentEntity } from './content.entity';
import type { ContentTypeDefinition } from './content-type';
import type { ContentOperation } from './content.types';

/** An item changed by a write, waiting for its media uses, revision and journal row. */
export interface PendingChange {
  type: ContentTypeDefinition;
  id: string;
  version: number;
  operation: ContentOperation;
  message: string | null;
  /** The saved entity, when the core has it (media uses are recorded from it); null after a bulk SQL change. */
  item: ContentEntity | null;
  /** `input.` when the item's values came from the caller's input: error paths then point into it. */
  fieldPrefix: string;
}

/**
 * One write in progress: the transaction's manager, who is writing, the change message, and the
 * items changed so far. Modules receive it in the functions they give the core; the core alone
 * turns the changed items into revisions and journal rows, last, when the module's work is done.
 */
export class ContentWrite {
  private readonly pending: PendingChange[] = [];
  private readonly publicStateChanged: Array<{ type: ContentTypeDefinition; item: ContentEntity }> = [];

  constructor(
    readonly manager: EntityManager,
    readonly actor: Actor,
    readonly message: string | null,
  ) {}

  get changes(): readonly PendingChange[] {
    return this.pending;
  }

  /** Items whose own public state (status, deletion, channels) this write changed: their dependents' visibility may follow. */
  get publicStateChanges(): ReadonlyArray<{ type: ContentTypeDefinition; item: ContentEntity }> {
    return this.publicStateChanged;
  }

  /** The core calls this when the item's own public state changed (see ContentTypeDefinition.visibilityDependents). */
  changedPublicState(type: ContentTypeDefinition, item: ContentEntity): void {
    this.publicStateChanged.push({ type, item });
  }

  /** Records a change of the item the operation is about (the core calls this). */
  changed(type: ContentTypeDefinition, item: ContentEntity, operation: ContentOperation, fieldPrefix = '', message = this.message): void {
    this.pending.push({ type, id: item.id, version: item.version, operation, message, item, fieldPrefix });
  }

  /**
   * Saves another item that this write changes as a consequence (the notice a correction
   * supersedes) as its next version: it gets its own revision and journal row.
   */
  async saveAlongside<T extends ContentEntity>(type: ContentTypeDefinition<T>, item: T, operation: ContentOperation,
    message: string | null = null): Promise<T> {
    item.version += 1;
    item.updatedById = this.actor.userId;
    await this.manager.getRepository(type.entity).save(item as T & object);
    this.changed(type as unknown as ContentTypeDefinition, item, operation, '', message);
    return item;
  }

  /**
   * Items a module changed with one SQL statement (the paths of a moved page's subtree), already
   * at their new version: each gets its own revision and journal row.
   */
  changedInBulk<T extends ContentEntity>(type: ContentTypeDefinition<T>, rows: readonly { id: string; version: number }[],
    operation: ContentOperation, message: string | null = null): void {
    for (const row of rows) {
      this.pending.push({ type: type as unknown as ContentTypeDefinition, id: row.id, version: row.version, operation, message, item: null, fieldPrefix: '' });
    }
  }
}
