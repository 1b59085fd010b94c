import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';
import { DomainError, ErrorCode } from '../errors';
import { httpObjects, ParvisRequest } from '../request-context';
import { countedBeforeParsing } from './graphql-request-throttle';
import { LOGIN_THROTTLE } from './throttle.decorators';

/**
 * Per IP, for callers without a valid token; one budget for the whole API (GraphQL and REST).
 * Named `default` so that a plain `@SkipThrottle()` skips it and its headers are the usual
 * `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` and `Retry-After`.
 */
export const ANONYMOUS_THROTTLER = 'default';
/** Per IP, for handlers marked `@ThrottleLogin()`: one budget shared by GraphQL and REST login. */
export const LOGIN_THROTTLER = 'login';
/**
 * Per read-only API key (RATE_LIMIT_API_KEY_PER_MINUTE), whatever the IP, instead of the anonymous
 * budget: a website build behind a shared IP keeps its own allowance. Staff keys are exempt like staff.
 */
export const API_KEY_THROTTLER = 'apiKey';

/**
 * The rate limits of issue 4, on top of @nestjs/throttler's counting.
 *
 * A global guard that runs AFTER the auth guard (RateLimitModule is imported last), which sets
 * `req.parvisContext.actor` for a valid bearer token: staff are never limited by the anonymous budget.
 *
 * - The anonymous throttler counts HTTP requests: in GraphQL a guard runs once per root field, so the outcome
 *   for one request is remembered and shared by all its root fields (aliases do not multiply it).
 * - The login throttler counts attempts: every `@ThrottleLogin()` field counts, so aliasing ten `login` fields
 *   in one mutation costs ten attempts.
 * - Keys are the throttler name and the client IP (`req.ip`, which honours TRUST_PROXY_HOPS), not the
 *   route, so the budget is per IP across routes.
 * - Guards only run where a handler runs, so GraphQL requests are counted earlier, before their body
 *   is read (GraphqlRequestThrottle): a document refused at parse or validation time counts too.
 *   A REST 404 is not counted (it never reaches the database).
 * - A refusal is a DomainError TOO_MANY_REQUESTS with `retryAfterSeconds`: the global filter turns it
 *   into 429 + Retry-After for REST (problem+json) and for GraphQL (status via `extensions.http`).
 */
@Injectable()
export class ParvisThrottlerGuard extends ThrottlerGuard {
  private readonly perRequest = new WeakMap<object, Promise<boolean>>();

  protected override getRequestResponse(context: ExecutionContext): { req: Record<string, unknown>; res: Record<string, unknown> } {
    const { req, res } = httpObjects(context);
    return { req: req as unknown as Record<string, unknown>, res: res as unknown as Record<string, unknown> };
  }

  protected override generateKey(context: ExecutionContext, tracker: string, throttlerName: string): string {
    if (throttlerName === API_KEY_THROTTLER) return `${throttlerName}:${httpObjects(context).req.parvisContext?.apiKey?.id ?? tracker}`;
    return `${throttlerName}:${tracker}`;
  }

  protected override handleRequest(requestProps: ThrottlerRequest): Promise<boolean> {
    const { context, throttler } = requestProps;
    const { req } = httpObjects(context);
    if (throttler.name === LOGIN_THROTTLER) {
      return isLoginHandler(this.reflector, context) ? super.handleRequest(requestProps) : Promise.resolve(true);
    }
    const keyed = req.parvisContext?.apiKey !== undefined;
    // Exactly one of the anonymous and API-key budgets counts a request without a staff actor.
    if (throttler.name === API_KEY_THROTTLER ? !keyed : keyed) return Promise.resolve(true);
    // A GraphQL request was counted before parsing (GraphqlRequestThrottle): once is enough.
    if (throttler.name === ANONYMOUS_THROTTLER && countedBeforeParsing(req)) return Promise.resolve(true);
    if (req.parvisContext?.actor || isHealthCheck(req)) return Promise.resolve(true);
    const counted = this.perRequest.get(req);
    if (counted) return counted;
    const outcome = super.handleRequest(requestProps);
    this.perRequest.set(req, outcome);
    return outcome;
  }

  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfterSeconds = Math.max(1, detail.timeToBlockExpire);
    return Promise.reject(new DomainError(ErrorCode.TOO_MANY_REQUESTS, `Too many requests: retry in ${retryAfterSeconds} s`, { retryAfterSeconds }));
  }
}

function isLoginHandler(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean | undefined>(LOGIN_THROTTLE, [context.getHandler(), context.getClass()]) === true;
}

function isHealthCheck(req: ParvisRequest): boolean {
  return req.path === '/health' || req.path.startsWith('/health/');
}
