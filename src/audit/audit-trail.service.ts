import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEventEntity, AuditEventKind } from './audit-event.entity';

export interface AuditEventInput {
  kind: AuditEventKind;
  actorId?: string | null;
  /** With an actor that is an API key (`Actor.apiKeyId`): the key, so the event is attributed to it too. */
  apiKeyId?: string | null;
  subjectType?: 'user' | 'media' | 'webhook' | 'commune' | 'api_key';
  subjectId?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Appends staff and media events to the audit trail. `record` takes the transaction of the write the
 * event belongs to (it commits or rolls back with it); `recordAlone` is for events with no write
 * around them (a failed login).
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly dataSource: DataSource) {}

  recordAlone(event: AuditEventInput): Promise<void> {
    return this.record(this.dataSource.manager, event);
  }

  async record(manager: EntityManager, event: AuditEventInput): Promise<void> {
    await manager.getRepository(AuditEventEntity).insert({
      kind: event.kind,
      actorId: event.actorId ?? null,
      apiKeyId: event.apiKeyId ?? null,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      // The cast: TypeORM's deep-partial type cannot describe a jsonb column typed as an open record.
      detail: (event.detail ?? {}) as QueryDeepPartialEntity<Record<string, unknown>>,
    });
  }
}
