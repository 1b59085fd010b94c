import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType } from '@nestjs/graphql';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import type { Request, Response } from 'express';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { bearerCredential, looksLikeApiKey } from '../api-keys/api-key-token';
import { forbidden, unauthenticated } from '../common/errors';
import { Actor, httpObjects, ParvisRequest, RequestContext } from '../common/request-context';
import { JWT_STRATEGY } from './jwt.strategy';
import { AUTHENTICATED_KEY } from './authenticated.decorator';

/**
 * The global guard (APP_GUARD), the same for GraphQL and REST. It builds the request's
 * RequestContext: anonymous without an Authorization header; with one, the token must be valid
 * (otherwise UNAUTHENTICATED, even on public operations, so a client never mistakes a broken
 * session for anonymous access). A bearer credential starting with `pvk_` is an API key, checked by
 * ApiKeysService on every request (never cached, so revocation and expiry apply at once); anything
 * else goes to the JWT strategy. Then it enforces `@Authenticated()`; roles are the services' business.
 */
@Injectable()
export class AuthGuard extends PassportAuthGuard(JWT_STRATEGY) {
  /** A GraphQL operation runs the guard once per root field: authenticate once per request. */
  private readonly contexts = new WeakMap<ParvisRequest, Promise<RequestContext>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<GqlContextType>();
    if (type !== 'http' && type !== 'graphql') return true;
    const { req } = httpObjects(context);
    let pending = this.contexts.get(req);
    if (!pending) {
      pending = this.authenticate(context, req);
      this.contexts.set(req, pending);
    }
    const ctx = await pending;
    req.parvisContext = ctx;

    const authenticated = this.reflector.getAllAndOverride<boolean | undefined>(AUTHENTICATED_KEY, [context.getHandler(), context.getClass()]);
    if (authenticated && !ctx.actor) {
      throw ctx.apiKey ? forbidden('This API key is read-only: this operation needs a staff key or a login') : unauthenticated();
    }
    return true;
  }

  override getRequest(context: ExecutionContext): Request {
    return httpObjects(context).req;
  }

  getResponse(context: ExecutionContext): Response {
    return httpObjects(context).res;
  }

  /** Called by passport with the strategy's verdict. */
  override handleRequest<TUser = Actor>(error: unknown, user: TUser | false, info: unknown): TUser {
    // The strategy's own refusals are already domain errors; anything else (database down) stays a 500.
    if (error) throw error instanceof Error ? error : new Error('Authentication failed');
    if (!user) {
      const expired = info instanceof Error && info.name === 'TokenExpiredError';
      throw unauthenticated(expired ? 'Access token has expired' : 'Invalid access token');
    }
    return user;
  }

  private async authenticate(context: ExecutionContext, req: ParvisRequest): Promise<RequestContext> {
    // pino-http types the id as string | number | object; ours is always a string (assignRequestId).
    const requestId = typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : 'unknown';
    const ip = req.ip ?? 'unknown';
    if (req.headers.authorization === undefined) return new RequestContext(requestId, ip, undefined);
    const credential = bearerCredential(req.headers.authorization);
    if (credential !== undefined && looksLikeApiKey(credential)) {
      const { key, actor } = await this.apiKeys.authenticate(credential);
      return new RequestContext(requestId, ip, actor, key);
    }
    // Runs the passport-jwt strategy; throws through handleRequest when the token is refused.
    await super.canActivate(context);
    return new RequestContext(requestId, ip, req.user as Actor);
  }
}
