import { registerEnumType } from '@nestjs/graphql';

export enum ContentStatus {
  DRAFT = 'draft',
  PUBLISHED = 'published',
  ARCHIVED = 'archived',
}

/** Where an item is shown: the website, the touch-screen kiosk in the town hall, or both. */
export enum Channel {
  WEB = 'web',
  KIOSK = 'kiosk',
}

export enum ContentOperation {
  CREATE = 'create',
  UPDATE = 'update',
  MOVE = 'move',
  PUBLISH = 'publish',
  UNPUBLISH = 'unpublish',
  DELETE = 'delete',
}

registerEnumType(ContentStatus, { name: 'ContentStatus', description: 'Lifecycle state of a content item' });
registerEnumType(Channel, { name: 'Channel', description: 'Publication channel: the website or the kiosk' });
registerEnumType(ContentOperation, { name: 'ContentOperation', description: 'Kind of change recorded in the change journal' });
