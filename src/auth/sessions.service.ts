import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventKind } from '../audit/audit-event.entity';
import { AuditTrail } from '../audit/audit-trail.service';
import { unauthenticated } from '../common/errors';
import type { Actor, Role } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AuthSession } from './auth-session.entity';
import { sha256Hex } from './emails';
import { RefreshToken } from './refresh-token.entity';

export interface IssuedRefreshToken {
  sessionId: string;
  userId: string;
  /** The opaque token for the client; only its SHA-256 is stored. */
  token: string;
  expiresAt: Date;
}

type RotateOutcome =
  | { ok: true; issued: IssuedRefreshToken }
  | { ok: false; message: string };

export const INVALID_REFRESH_TOKEN = 'Invalid or expired refresh token';
const REUSED_REFRESH_TOKEN = 'This refresh token was already used: the session has been ended, log in again';

/**
 * Login sessions and their refresh tokens. A session is a refresh-token family: tokens are single
 * use and rotated on every refresh; presenting a token that was already rotated means it leaked
 * (or the client misbehaves), so the whole family is revoked.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditTrail,
  ) {}

  /** Starts a session (a new family) for a user who just proved who they are. */
  async open(userId: string): Promise<IssuedRefreshToken> {
    return this.dataSource.transaction(async (manager) => {
      // Sessions whose every token has expired are dead: forget them while we are here.
      await manager.query(
        `DELETE FROM auth_sessions s WHERE s.user_id = $1
           AND NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.session_id = s.id AND t.expires_at > now())`,
        [userId],
      );
      const session = await manager.getRepository(AuthSession).save({ userId, revokedAt: null });
      return this.issue(manager, session.id, userId);
    });
  }

  /**
   * Exchanges a refresh token for a new one of the same family. The family's row is locked first
   * (SELECT … FOR UPDATE), then the token is read again under the lock, so of two concurrent
   * refreshes with one token exactly one succeeds and the other counts as a re-use.
   */
  async rotate(token: string): Promise<IssuedRefreshToken> {
    const tokenHash = sha256Hex(token);
    const outcome = await this.dataSource.transaction(async (manager): Promise<RotateOutcome> => {
      const locked: { id: string; user_id: string; revoked: boolean }[] = await manager.query(
        `SELECT s.id, s.user_id, s.revoked_at IS NOT NULL AS revoked
         FROM auth_sessions s JOIN refresh_tokens t ON t.session_id = s.id
         WHERE t.token_hash = $1
         FOR UPDATE OF s`,
        [tokenHash],
      );
      const session = locked[0];
      if (!session || session.revoked) return { ok: false, message: INVALID_REFRESH_TOKEN };
      // A new statement, hence a fresh snapshot: it sees what a refresh that held the lock before us did.
      const [current]: { id: string; used: boolean; live: boolean; user_active: boolean }[] = await manager.query(
        `SELECT t.id, t.used_at IS NOT NULL AS used, t.expires_at > now() AS live,
                EXISTS (SELECT 1 FROM users u WHERE u.id = $2 AND NOT u.disabled) AS user_active
         FROM refresh_tokens t WHERE t.token_hash = $1`,
        [tokenHash, session.user_id],
      );
      if (!current) return { ok: false, message: INVALID_REFRESH_TOKEN };
      if (current.used) {
        await this.revokeWhere(manager, 'id = :sessionId', { sessionId: session.id });
        await this.audit.record(manager, { kind: AuditEventKind.REFRESH_TOKEN_REUSE, subjectType: 'user', subjectId: session.user_id,
          detail: { sessionId: session.id } });
        return { ok: false, message: REUSED_REFRESH_TOKEN };
      }
      if (!current.user_active) {
        await this.revokeWhere(manager, 'id = :sessionId', { sessionId: session.id });
        return { ok: false, message: INVALID_REFRESH_TOKEN };
      }
      if (!current.live) return { ok: false, message: INVALID_REFRESH_TOKEN };
      // Compare-and-set as well: even without the lock above, only one transaction can mark it used.
      const marked = await manager.createQueryBuilder().update(RefreshToken)
        .set({ usedAt: () => 'now()' })
        .where('id = :id AND used_at IS NULL', { id: current.id })
        .execute();
      if (marked.affected !== 1) {
        await this.revokeWhere(manager, 'id = :sessionId', { sessionId: session.id });
        await this.audit.record(manager, { kind: AuditEventKind.REFRESH_TOKEN_REUSE, subjectType: 'user', subjectId: session.user_id,
          detail: { sessionId: session.id } });
        return { ok: false, message: REUSED_REFRESH_TOKEN };
      }
      await manager.query(`DELETE FROM refresh_tokens WHERE session_id = $1 AND expires_at <= now()`, [session.id]);
      return { ok: true, issued: await this.issue(manager, session.id, session.user_id) };
    });
    // Thrown after the commit, so that a revocation decided above is kept.
    if (!outcome.ok) throw unauthenticated(outcome.message);
    return outcome.issued;
  }

  /** Ends the family that this refresh token belongs to; false when no live session has it. */
  async revokeByToken(token: string): Promise<boolean> {
    return this.revokeWhere(this.dataSource.manager,
      'id IN (SELECT session_id FROM refresh_tokens WHERE token_hash = :tokenHash)', { tokenHash: sha256Hex(token) });
  }

  /** Ends one session; false when it was already ended or does not exist. */
  async revoke(sessionId: string): Promise<boolean> {
    return this.revokeWhere(this.dataSource.manager, 'id = :sessionId', { sessionId });
  }

  /** Ends every session of a user (disabled account, new password). */
  async revokeAllForUser(manager: EntityManager, userId: string): Promise<void> {
    await this.revokeWhere(manager, 'user_id = :userId', { userId });
  }

  /**
   * The guard's one query for a valid access token: the user still exists and is enabled, and the
   * session is live. The role is read here, not from the token, so a role change applies at once.
   */
  async findActor(userId: string, sessionId: string): Promise<Actor | undefined> {
    const rows: { role: Role }[] = await this.dataSource.query(
      `SELECT u.role FROM auth_sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = $1 AND u.id = $2 AND s.revoked_at IS NULL AND NOT u.disabled`,
      [sessionId, userId],
    );
    return rows[0] ? { userId, role: rows[0].role, sessionId } : undefined;
  }

  /** Marks the matching live sessions revoked; true when at least one was. */
  private async revokeWhere(manager: EntityManager, where: string, parameters: Record<string, string>): Promise<boolean> {
    const result = await manager.createQueryBuilder().update(AuthSession)
      .set({ revokedAt: () => 'now()' })
      .where(where, parameters)
      .andWhere('revoked_at IS NULL')
      .execute();
    return (result.affected ?? 0) > 0;
  }

  private async issue(manager: EntityManager, sessionId: string, userId: string): Promise<IssuedRefreshToken> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.jwt.refreshTtlDays * 86_400_000);
    await manager.getRepository(RefreshToken).insert({ tokenHash: sha256Hex(token), sessionId, expiresAt, usedAt: null });
    return { sessionId, userId, token, expiresAt };
  }
}
