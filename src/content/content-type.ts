import type { ContentEntity } from './content.entity';
import type { ContentWrite } from './content-write';
import type { Channel, ContentOperation, ContentTypeName } from './content.types';
import type { ContentItem } from './content-item.model';

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

/** Values that no two live items of a type may share, e.g. the slug, or a notice's kind + number + year. */
export interface UniqueKey<T> {
  /** Entity properties that together must be unique among items that are not deleted. */
  properties: (keyof T & string)[];
  /** The field an error points at (`slug`, `reference`). */
  field: string;
  /** "slug", "path", "number": how the message names the value. */
  noun: string;
}

/**
 * What the content core needs to know about a content type. A module declares this once and passes
 * only its own work to the core's operations (see ContentLifecycle); everything else — permission,
 * transaction, row lock, version check, uniqueness, media uses, revision, journal — the core does.
 */
export interface ContentTypeDefinition<T extends ContentEntity = ContentEntity> {
  name: ContentTypeName;
  /** For messages: `Page`. */
  label: string;
  /** The REST collection: `/api/v1/<restPath>`. */
  restPath: string;
  entity: new () => T;
  /** The property that names an item for people (lists of deleted items, conflict messages). */
  titleProperty: keyof T & string;
  /** The API shape of an item, for operations that return any content type (restore). */
  toApi(item: T): ContentItem;
  /** Constraint name → sentence for staff, used when the database refuses a write. */
  constraintMessages?: Record<string, string>;
  uniqueKeys?: UniqueKey<T>[];
  /**
   * The media library files the item shows, with the field that holds each (`imageMediaId`,
   * `documents.0.mediaId`). The core records them with every write, in the same transaction: a file
   * used by published content is public, a used file cannot be deleted, a shown image needs alt text.
   */
  mediaReferences?(item: T): MediaReference[];
  /**
   * A refusal that depends on the item's state, before any change: a published legal notice cannot
   * be edited, a page with sub-pages cannot be deleted.
   */
  guard?(item: T, operation: ContentOperation, write: ContentWrite): Promise<void> | void;
  /**
   * References held in the item's own columns that must exist (an event's organiser, a sheet's
   * theme): checked at every save, so that a restore of an old revision is refused with the field.
   * `fieldPrefix` is `input.` when the value came from the caller's input.
   */
  checkReferences?(item: T, write: ContentWrite, fieldPrefix: string): Promise<void> | void;
  /** What a public item must have (a summary…): checked at publication and at every save while published. */
  checkPublishable?(item: T, write: ContentWrite): Promise<void> | void;
  /**
   * SQL (item alias `item`) building the item's child rows as one jsonb object, e.g. its category
   * ids: stored in every revision, compared in diffs, written back by `restoreRelations`.
   */
  relationsSql?: string;
  /** Writes child rows back from a revision's `relations`, refusing (with the field) a reference that no longer exists. */
  restoreRelations?(item: T, relations: Record<string, unknown>, write: ContentWrite): Promise<void>;
  /**
   * What the public view needs beyond "published, not deleted, on the channel asked", as SQL on the
   * item's `alias` with its parameters: a page is public only while its ancestors are too. Applied
   * by every read of the public view in ContentReader (anonymous callers, staff asking for
   * published items, the published query of the feeds).
   */
  publicCondition?(alias: string, channel?: Channel): { sql: string; parameters: Record<string, unknown> };
  /**
   * Other items whose public visibility may follow this item's (a page's published sub-pages: public
   * only while every ancestor is). Called by the core, in the write's transaction after the journal
   * lock, only for items whose own public state changed in the write (status, deletion, channels);
   * each item returned whose visibility did change gets a journal row of operation `visibility`
   * (same version, no revision), so that the sync feed and webhooks tell integrators. A move that
   * changes ancestry rewrites the subtree's rows anyway (each then has its own journal row).
   */
  visibilityDependents?(items: T[], write: ContentWrite): Promise<Array<{ id: string; version: number }>>;
  /**
   * A revision's `fields` (database column names) as today's columns, for revisions saved before a
   * column changed shape (revisions are append-only, a migration cannot rewrite them): a sheet's
   * old `cost` text becomes one cost line. Applied by a restore before the columns are written.
   */
  upgradeSnapshotFields?(fields: Record<string, unknown>): Record<string, unknown>;
  /**
   * Runs after every write of an item of this type (create, update, publish, unpublish, delete,
   * both restores, a change alongside or in bulk), in the write's transaction, once the item's row
   * and child rows are written: keeps tables derived from the item's whole state in step (an
   * event's occurrence index). `item` is the saved entity, or null after a bulk SQL change.
   */
  afterWrite?(id: string, item: T | null, write: ContentWrite): Promise<void>;
  /** Columns (database names) a restore leaves as they are: a page keeps its place in the tree. */
  keptOnRestore?: string[];
  /** Columns (database names) computed from others (sort keys, rendered HTML): hidden from diffs. */
  derivedColumns?: string[];
}

const REGISTRY = new Map<ContentTypeName, ContentTypeDefinition>();

/** Called once per content module (at import time) so that generic reads and history know every type. */
export function registerContentType<T extends ContentEntity>(type: ContentTypeDefinition<T>): ContentTypeDefinition<T> {
  REGISTRY.set(type.name, type as unknown as ContentTypeDefinition);
  return type;
}

export function contentTypeNamed(name: ContentTypeName): ContentTypeDefinition {
  const type = REGISTRY.get(name);
  if (!type) throw new Error(`Content type ${name} is not registered`);
  return type;
}

export function contentTypeAtPath(restPath: string): ContentTypeDefinition | undefined {
  return [...REGISTRY.values()].find((type) => type.restPath === restPath);
}

export function registeredContentTypes(): ContentTypeDefinition[] {
  return [...REGISTRY.values()];
}

/** The ids in a revision's relations entry (`categoryIds`), ignoring anything that is not a string. */
export function idsIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}
