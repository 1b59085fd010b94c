import { ArgsType, Field, GraphQLISODateTime, ID, Int, IntersectionType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { GraphQLJSON } from 'graphql-type-json';
import { AuditEventKind } from '../../audit/audit-event.entity';
import { Connection, ConnectionArgs } from '../../common/pagination/connection';
import { CHANGE_MESSAGE_MAX_LENGTH } from '../dto/versioned-id.args';
import { ContentOperation, ContentTypeName } from '../content.types';

@ObjectType('RevisionAuthor', { description: 'The staff member who saved a version' })
export class RevisionAuthor {
  @Field(() => ID)
  id!: string;

  @Field()
  displayName!: string;
}

@ObjectType('ContentRevision', { description: 'One saved version of a content item, as it was then' })
export class ContentRevision {
  @Field(() => ContentTypeName)
  contentType!: ContentTypeName;

  @Field(() => ID)
  contentId!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => ContentOperation)
  operation!: ContentOperation;

  @Field(() => String, { nullable: true, description: 'The note given with the change' })
  message!: string | null;

  @Field(() => ID, { nullable: true, description: 'Who saved it (the account may have been deleted since: see author)' })
  authorId!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLJSON, { description: '`fields`: the item as stored, by API field name; `relations`: its child rows (categoryIds, cases…)' })
  snapshot!: { fields: Record<string, unknown>; relations: Record<string, unknown> };
}

export const ContentRevisionConnection = Connection(ContentRevision, 'ContentRevision');

@ObjectType('FieldChange', { description: 'A field that differs between two versions' })
export class FieldChangeModel {
  @Field()
  field!: string;

  @Field(() => GraphQLJSON, { nullable: true })
  before!: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  after!: unknown;
}

@ObjectType('ContentDiff', { description: 'What changed between two versions of an item, field by field' })
export class ContentDiff {
  @Field(() => ContentTypeName)
  contentType!: ContentTypeName;

  @Field(() => ID)
  contentId!: string;

  @Field(() => Int)
  from!: number;

  @Field(() => Int)
  to!: number;

  @Field(() => [FieldChangeModel])
  changes!: FieldChangeModel[];
}

@ObjectType('DeletedContentItem', { description: 'An item in the bin: deleted, with its history kept; restoreDeletedContent brings it back' })
export class DeletedContentItem {
  @Field(() => ContentTypeName)
  contentType!: ContentTypeName;

  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field()
  slug!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLISODateTime)
  deletedAt!: Date;

  @Field(() => ID, { nullable: true })
  deletedById!: string | null;
}

export const DeletedContentItemConnection = Connection(DeletedContentItem, 'DeletedContentItem');

/** Every operation of the audit log: content changes, then staff and media events. */
export enum AuditOperation {
  CREATE = 'create', UPDATE = 'update', MOVE = 'move', PUBLISH = 'publish', UNPUBLISH = 'unpublish', DELETE = 'delete',
  RESTORE = 'restore', UNDELETE = 'undelete', WITHDRAW = 'withdraw', SUPERSEDE = 'supersede', VISIBILITY = 'visibility',
  LOGIN = 'login', LOGIN_FAILED = 'login_failed', LOCKOUT = 'lockout', LOGOUT = 'logout', REFRESH_TOKEN_REUSE = 'refresh_token_reuse',
  PASSWORD_RESET = 'password_reset', USER_CREATE = 'user_create', USER_UPDATE = 'user_update',
  MEDIA_UPLOAD = 'media_upload', MEDIA_UPDATE = 'media_update', MEDIA_DELETE = 'media_delete',
  WEBHOOK_CREATE = 'webhook_create', WEBHOOK_UPDATE = 'webhook_update', WEBHOOK_DELETE = 'webhook_delete', WEBHOOK_REPLAY = 'webhook_replay',
  API_KEY_CREATE = 'api_key_create', API_KEY_REVOKE = 'api_key_revoke',
  SETTINGS_UPDATE = 'settings_update',
}
registerEnumType(AuditOperation, { name: 'AuditOperation', description: 'What an audit log entry records' });

/** How each source's stored operation reads in the log (typed so that a new operation or event kind must be added here). */
export const AUDIT_OPERATION_OF: { content: Record<ContentOperation, AuditOperation>; events: Record<AuditEventKind, AuditOperation> } = {
  content: {
  create: AuditOperation.CREATE, update: AuditOperation.UPDATE, move: AuditOperation.MOVE, publish: AuditOperation.PUBLISH,
  unpublish: AuditOperation.UNPUBLISH, delete: AuditOperation.DELETE, restore: AuditOperation.RESTORE, undelete: AuditOperation.UNDELETE,
  withdraw: AuditOperation.WITHDRAW, supersede: AuditOperation.SUPERSEDE, visibility: AuditOperation.VISIBILITY,
  },
  events: {
  login: AuditOperation.LOGIN, login_failed: AuditOperation.LOGIN_FAILED, lockout: AuditOperation.LOCKOUT, logout: AuditOperation.LOGOUT,
  refresh_token_reuse: AuditOperation.REFRESH_TOKEN_REUSE, password_reset: AuditOperation.PASSWORD_RESET,
  user_create: AuditOperation.USER_CREATE, user_update: AuditOperation.USER_UPDATE,
  media_upload: AuditOperation.MEDIA_UPLOAD, media_update: AuditOperation.MEDIA_UPDATE, media_delete: AuditOperation.MEDIA_DELETE,
  webhook_create: AuditOperation.WEBHOOK_CREATE, webhook_update: AuditOperation.WEBHOOK_UPDATE,
  webhook_delete: AuditOperation.WEBHOOK_DELETE, webhook_replay: AuditOperation.WEBHOOK_REPLAY,
  api_key_create: AuditOperation.API_KEY_CREATE, api_key_revoke: AuditOperation.API_KEY_REVOKE,
  settings_update: AuditOperation.SETTINGS_UPDATE,
  },
};

@ObjectType('AuditEntry', { description: 'One entry of the audit log: a content change, or a staff or media event' })
export class AuditEntry {
  @Field(() => ID, { description: '`journal:<seq>` for a content change, `event:<id>` for a staff or media event' })
  id!: string;

  @Field(() => GraphQLISODateTime)
  occurredAt!: Date;

  @Field(() => ID, { nullable: true })
  actorId!: string | null;

  @Field(() => ID, { nullable: true, description: 'For a change made with an API key: the key (actorId is then the admin who created it)' })
  apiKeyId!: string | null;

  @Field(() => AuditOperation)
  operation!: AuditOperation;

  @Field(() => String, { nullable: true, description: '`page`, `association`, `event`, `legal_notice`, `procedure`, `media` or `user`' })
  contentType!: string | null;

  @Field(() => ID, { nullable: true })
  contentId!: string | null;

  @Field(() => Int, { nullable: true, description: 'For a content change: the version it made' })
  version!: number | null;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'For a staff or media event: what it concerned (never a secret)' })
  detail!: Record<string, unknown> | null;
}

export const AuditEntryConnection = Connection(AuditEntry, 'AuditEntry');

// ---- arguments ---------------------------------------------------------------------------------

/** Which item: its content type and id. */
@ArgsType()
export class ItemRefArgs {
  @Field(() => ContentTypeName)
  @IsEnum(ContentTypeName, { message: 'type must be a content type' })
  type!: ContentTypeName;

  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a content item id' })
  id!: string;
}

@ArgsType()
export class ItemHistoryArgs extends IntersectionType(ItemRefArgs, ConnectionArgs, ArgsType) {}

@ArgsType()
export class RevisionArgs extends ItemRefArgs {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;
}

@ArgsType()
export class DiffArgs extends ItemRefArgs {
  @Field(() => Int, { description: 'The older version' })
  @IsInt()
  @Min(1)
  from!: number;

  @Field(() => Int, { description: 'The newer version' })
  @IsInt()
  @Min(1)
  to!: number;
}

@ArgsType()
export class RestoreDeletedArgs extends ItemRefArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(CHANGE_MESSAGE_MAX_LENGTH)
  message?: string;
}

@ArgsType()
export class RestoreRevisionArgs extends RestoreDeletedArgs {
  @Field(() => Int, { description: 'The current version, as you last read it: a stale version is refused with CONFLICT' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => Int, { description: 'The version to bring back; it becomes a new version (history is never rewritten)' })
  @IsInt()
  @Min(1)
  revision!: number;
}

@ArgsType()
export class DeletedContentArgs extends ConnectionArgs {
  @Field(() => ContentTypeName, { nullable: true, description: 'Only this kind of content' })
  @IsOptional()
  @IsEnum(ContentTypeName, { message: 'type must be a content type' })
  type?: ContentTypeName;
}

@ArgsType()
export class AuditLogArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a user id' })
  actorId?: string;

  @Field(() => String, { nullable: true, description: '`page`, `association`, `event`, `legal_notice`, `procedure`, `media` or `user`' })
  @IsOptional()
  @IsIn(['page', 'association', 'event', 'legal_notice', 'procedure', 'media', 'user'], { message: 'contentType must be page, association, event, legal_notice, procedure, media or user' })
  contentType?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'contentId must be an id' })
  contentId?: string;

  @Field(() => AuditOperation, { nullable: true })
  @IsOptional()
  @IsEnum(AuditOperation, { message: 'operation must be an operation of the audit log, e.g. publish or login_failed' })
  operation?: AuditOperation;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'From this time (included)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be a date and time, e.g. 2026-12-01T00:00:00Z' })
  from?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Until this time (excluded)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be a date and time, e.g. 2026-12-31T00:00:00Z' })
  to?: Date;
}
