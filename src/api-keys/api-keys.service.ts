import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEventKind } from '../audit/audit-event.entity';
import { AuditTrail } from '../audit/audit-trail.service';
import { requirePermission } from '../auth/permissions';
import { forbidden, invalidField, notFound, unauthenticated } from '../common/errors';
import type { Actor, ApiKeyCaller, RequestContext, Role } from '../common/request-context';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyModel, CreatedApiKey, toApiKeyModel } from './api-key.model';
import { apiKeyHash, isWellFormedApiKey, newApiKeyToken } from './api-key-token';

export interface NewApiKey {
  name: string;
  role?: Role | null;
  expiresAt?: Date | null;
}

/** Who a valid key makes the caller: the key itself, and for a staff key the actor it writes as. */
export interface ApiKeyIdentity {
  key: ApiKeyCaller;
  actor: Actor | undefined;
}

/** `last_used_at` is written at most once per this many seconds per key: one UPDATE a minute, not one per request. */
const LAST_USED_RESOLUTION_SECONDS = 60;

interface KeyLookupRow {
  id: string;
  name: string;
  role: Role | null;
  created_by_id: string;
  revoked: boolean;
  expired: boolean;
  creator_disabled: boolean;
}

/**
 * API keys for machines: admins create, list and revoke them (permission `api-keys:manage`, and only
 * from a person's session: a key never manages keys); the auth guard asks `authenticate` on every
 * request that carries one, with no cache, so a revoked or expired key is refused on the next request.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  /** `fieldPrefix`: `input.` for GraphQL, '' for the REST body, so an error points at the field sent. */
  async create(ctx: RequestContext, input: NewApiKey, fieldPrefix = ''): Promise<CreatedApiKey> {
    const admin = this.requireKeyAdmin(ctx);
    const name = input.name.trim();
    if (name.length === 0) throw invalidField(`${fieldPrefix}name`, 'name must be 1 to 100 characters long');
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw invalidField(`${fieldPrefix}expiresAt`, 'expiresAt must be in the future');
    }
    const { token, prefix, hash } = newApiKeyToken();
    const entity = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(ApiKeyEntity);
      const saved = await repository.save(repository.create({
        name, prefix, tokenHash: hash, role: input.role ?? null, createdById: admin.userId,
        expiresAt: input.expiresAt ?? null, lastUsedAt: null, revokedAt: null,
      }));
      await this.audit.record(manager, {
        kind: AuditEventKind.API_KEY_CREATE, actorId: admin.userId, subjectType: 'api_key', subjectId: saved.id,
        detail: { name, prefix, role: saved.role, expiresAt: saved.expiresAt?.toISOString() ?? null },
      });
      return saved;
    });
    const created = new CreatedApiKey();
    created.apiKey = toApiKeyModel(entity);
    created.secret = token;
    return created;
  }

  /** Every key, newest first, revoked ones included (never the secret). */
  async list(ctx: RequestContext): Promise<ApiKeyModel[]> {
    this.requireKeyAdmin(ctx);
    const keys = await this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'DESC', id: 'ASC' } });
    return keys.map(toApiKeyModel);
  }

  /** Revokes the key at once (the next request with it is refused); revoking a revoked key changes nothing. */
  async revoke(ctx: RequestContext, id: string): Promise<ApiKeyModel> {
    const admin = this.requireKeyAdmin(ctx);
    const entity = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(ApiKeyEntity);
      const key = await repository.createQueryBuilder('key').setLock('pessimistic_write').where('key.id = :id', { id }).getOne();
      if (!key) throw notFound('API key');
      if (key.revokedAt) return key;
      key.revokedAt = new Date();
      await repository.save(key);
      await this.audit.record(manager, {
        kind: AuditEventKind.API_KEY_REVOKE, actorId: admin.userId, subjectType: 'api_key', subjectId: key.id,
        detail: { name: key.name, prefix: key.prefix },
      });
      return key;
    });
    return toApiKeyModel(entity);
  }

  /**
   * The identity of a `pvk_…` bearer credential, or UNAUTHENTICATED. One statement per request: it
   * finds the key by the SHA-256 of the token (unique index) and, when the key is valid and its
   * `last_used_at` is more than a minute old, updates it in the same round trip. A key whose creator
   * has been disabled is refused too: disabling a person ends their sessions and their keys.
   */
  async authenticate(token: string): Promise<ApiKeyIdentity> {
    if (!isWellFormedApiKey(token)) throw unauthenticated('Invalid API key');
    const rows: KeyLookupRow[] = await this.dataSource.query(
      `WITH found AS (
         SELECT key.id, key.name, key.role, key.created_by_id, key.last_used_at,
                key.revoked_at IS NOT NULL AS revoked,
                key.expires_at IS NOT NULL AND key.expires_at <= now() AS expired,
                creator.disabled AS creator_disabled
           FROM api_keys key JOIN users creator ON creator.id = key.created_by_id
          WHERE key.token_hash = $1
       ), touched AS (
         UPDATE api_keys SET last_used_at = now()
          WHERE id = (SELECT id FROM found WHERE NOT revoked AND NOT expired AND NOT creator_disabled
                        AND (last_used_at IS NULL OR last_used_at <= now() - make_interval(secs => $2)))
         RETURNING id
       )
       SELECT id, name, role, created_by_id, revoked, expired, creator_disabled FROM found`,
      [apiKeyHash(token), LAST_USED_RESOLUTION_SECONDS],
    );
    const [row] = rows;
    if (!row) throw unauthenticated('Invalid API key');
    if (row.revoked) throw unauthenticated('This API key has been revoked');
    if (row.expired) throw unauthenticated('This API key has expired');
    if (row.creator_disabled) throw unauthenticated('The account that created this API key is disabled');
    const key: ApiKeyCaller = { id: row.id, name: row.name, role: row.role, createdById: row.created_by_id };
    const actor: Actor | undefined = row.role === null ? undefined
      : { userId: row.created_by_id, role: row.role, sessionId: null, apiKeyId: row.id };
    return { key, actor };
  }

  private requireKeyAdmin(ctx: RequestContext): Actor {
    const actor = requirePermission(ctx, 'api-keys:manage');
    if (actor.apiKeyId) throw forbidden('API keys are managed by an admin logged in as a person, not with an API key');
    return actor;
  }
}
