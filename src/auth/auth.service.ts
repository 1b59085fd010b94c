import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AuditEventKind } from '../audit/audit-event.entity';
import { AuditTrail } from '../audit/audit-trail.service';
import { JwtService } from '@nestjs/jwt';
import { forbidden, unauthenticated } from '../common/errors';
import type { Actor, RequestContext } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/config';
import { normaliseEmail } from './emails';
import { LoginLockService } from './login-lock.service';
import { dummyPasswordHash, passwordNeedsRehash, verifyPassword } from './password';
import { IssuedRefreshToken, SessionsService } from './sessions.service';
import { AuthPayload, UserModel } from './user.model';
import { UsersService } from './users.service';

/** Claims of our access tokens. */
export interface AccessTokenClaims {
  sub: string;
  role: string;
  sid: string;
  exp: number;
  iat?: number;
}

export const INVALID_CREDENTIALS = 'Invalid email or password';

/** Login, refresh, logout and "who am I": the same methods behind GraphQL and REST. */
@Injectable()
export class AuthService implements OnModuleInit {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly loginLock: LoginLockService,
    private readonly jwt: JwtService,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.dummyHash = dummyPasswordHash();
  }

  /**
   * A wrong password and an unknown email give the same answer after the same work (an argon2
   * verification against a dummy hash), and count towards the same per-email lock.
   */
  async login(email: string, password: string): Promise<AuthPayload> {
    const normalised = normaliseEmail(email);
    await this.loginLock.reserveAttempt(normalised);
    const credentials = await this.users.findCredentials(normalised);
    this.dummyHash ??= dummyPasswordHash();
    const valid = await verifyPassword(credentials?.passwordHash ?? (await this.dummyHash), password);
    if (!credentials || !valid) {
      const lockedNow = await this.loginLock.recordFailure(normalised);
      await this.audit.recordAlone({ kind: AuditEventKind.LOGIN_FAILED, subjectType: 'user', subjectId: credentials?.id ?? null, detail: { email: normalised } });
      if (lockedNow) {
        await this.audit.recordAlone({ kind: AuditEventKind.LOCKOUT, subjectType: 'user', subjectId: credentials?.id ?? null,
          detail: { email: normalised, minutes: this.config.login.lockMinutes } });
      }
      throw unauthenticated(INVALID_CREDENTIALS);
    }
    // Only someone who knows the password learns that the account is disabled.
    if (credentials.disabled) throw unauthenticated('This account is disabled');
    await this.loginLock.reset(normalised);
    if (passwordNeedsRehash(credentials.passwordHash)) await this.users.upgradePasswordHash(credentials.id, password);
    const session = await this.sessions.open(credentials.id);
    await this.audit.recordAlone({ kind: AuditEventKind.LOGIN, actorId: credentials.id, subjectType: 'user', subjectId: credentials.id,
      detail: { sessionId: session.sessionId } });
    return this.payload(session);
  }

  async refresh(refreshToken: string): Promise<AuthPayload> {
    return this.payload(await this.sessions.rotate(refreshToken));
  }

  /**
   * Ends the session of the given refresh token, or the caller's own session when no token is
   * given. True when a session was ended, false when it was already over or the token is unknown.
   */
  async logout(ctx: RequestContext, refreshToken?: string): Promise<boolean> {
    if (refreshToken === undefined && !ctx.actor) throw unauthenticated('Log in first, or give the refresh token of the session to end');
    if (refreshToken === undefined && !ctx.actor?.sessionId) throw forbidden('An API key has no session to end: an admin revokes the key instead');
    const ended = refreshToken !== undefined
      ? await this.sessions.revokeByToken(refreshToken)
      : await this.sessions.revoke((ctx.actor as Actor).sessionId as string);
    if (ended) {
      await this.audit.recordAlone({ kind: AuditEventKind.LOGOUT, actorId: ctx.actor?.userId ?? null, subjectType: 'user',
        subjectId: ctx.actor?.userId ?? null, detail: { byRefreshToken: refreshToken !== undefined } });
    }
    return ended;
  }

  async me(ctx: RequestContext): Promise<UserModel> {
    if (!ctx.actor) throw unauthenticated();
    const user = await this.users.findById(ctx.actor.userId);
    if (!user) throw unauthenticated();
    return user;
  }

  private async payload(issued: IssuedRefreshToken): Promise<AuthPayload> {
    const user = await this.users.findById(issued.userId);
    if (!user) throw unauthenticated();
    const exp = Math.floor(Date.now() / 1000) + this.config.jwt.accessTtlSeconds;
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, sid: issued.sessionId, exp };
    const payload = new AuthPayload();
    payload.accessToken = await this.jwt.signAsync(claims);
    payload.accessTokenExpiresAt = new Date(exp * 1000);
    payload.refreshToken = issued.token;
    payload.refreshTokenExpiresAt = issued.expiresAt;
    payload.user = user;
    return payload;
  }
}
