import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What happened outside content writes that admins must be able to trace. */
export enum AuditEventKind {
  LOGIN = 'login',
  LOGIN_FAILED = 'login_failed',
  LOCKOUT = 'lockout',
  LOGOUT = 'logout',
  REFRESH_TOKEN_REUSE = 'refresh_token_reuse',
  PASSWORD_RESET = 'password_reset',
  USER_CREATE = 'user_create',
  USER_UPDATE = 'user_update',
  MEDIA_UPLOAD = 'media_upload',
  MEDIA_UPDATE = 'media_update',
  MEDIA_DELETE = 'media_delete',
  SETTINGS_UPDATE = 'settings_update',
  WEBHOOK_CREATE = 'webhook_create',
  WEBHOOK_UPDATE = 'webhook_update',
  WEBHOOK_DELETE = 'webhook_delete',
  WEBHOOK_REPLAY = 'webhook_replay',
  API_KEY_CREATE = 'api_key_create',
  API_KEY_REVOKE = 'api_key_revoke',
}

/**
 * Staff and media events, append-only (a trigger refuses UPDATE and DELETE). Content changes are
 * not here: they are the change journal's rows; the audit log reads both (see content/audit-log).
 * `detail` never holds a secret: no password, token or hash.
 */
@Entity('audit_events')
@Index('ix_audit_events_time', ['occurredAt', 'id'])
@Index('ix_audit_events_actor', ['actorId', 'occurredAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'enum', enum: AuditEventKind, enumName: 'audit_event_kind' })
  kind!: AuditEventKind;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  /** The API key the actor used (`actorId` is then the key's creator); null for a person's session. */
  @Column({ type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  /** `user`, `media` or `webhook`: what the event is about. */
  @Column({ type: 'text', nullable: true })
  subjectType!: string | null;

  @Column({ type: 'uuid', nullable: true })
  subjectId!: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  detail!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt!: Date;
}
