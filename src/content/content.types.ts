import { registerEnumType } from '@nestjs/graphql';

export enum ContentStatus {
  DRAFT = 'draft',
  PUBLISHED = 'published',
}

/** Where an item is shown: the website, the touch-screen kiosk in the town hall, or both. */
export enum Channel {
  WEB = 'web',
  KIOSK = 'kiosk',
}

/** The kinds of change the content core records, in the change journal and in each revision. */
export enum ContentOperation {
  CREATE = 'create',
  UPDATE = 'update',
  MOVE = 'move',
  PUBLISH = 'publish',
  UNPUBLISH = 'unpublish',
  DELETE = 'delete',
  /** An earlier revision brought back as a new version. */
  RESTORE = 'restore',
  /** A deleted item brought back (as a draft). */
  UNDELETE = 'undelete',
  /** A legal notice withdrawn early: it stays visible with its reason. */
  WITHDRAW = 'withdraw',
  /** A published legal notice corrected by a newer one. */
  SUPERSEDE = 'supersede',
  /**
   * The item became public or stopped being public through another item's change (a page's
   * ancestor published, unpublished, moved, or taken off a channel). The item itself did not change:
   * same version, same content, no revision; only its journal row says so (see ContentJournalEntry).
   */
  VISIBILITY = 'visibility',
}

/** The content types, by the name the change journal, revisions and media usages store. */
export enum ContentTypeName {
  PAGE = 'page',
  ASSOCIATION = 'association',
  EVENT = 'event',
  LEGAL_NOTICE = 'legal_notice',
  PROCEDURE = 'procedure',
}

registerEnumType(ContentStatus, { name: 'ContentStatus', description: 'Lifecycle state of a content item' });
registerEnumType(Channel, { name: 'Channel', description: 'Publication channel: the website or the kiosk' });
registerEnumType(ContentOperation, { name: 'ContentOperation', description: 'Kind of change recorded in the change journal and the revisions' });
registerEnumType(ContentTypeName, { name: 'ContentType', description: 'A kind of content' });
