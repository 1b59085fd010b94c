import { JwtService } from '@nestjs/jwt';
import { normalizeIp, ThrottlerStorage } from '@nestjs/throttler';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppConfig } from '../../config/config';
import { ErrorCode } from '../errors';
import { sendGraphQLError } from '../graphql/graphql-http';

/** The anonymous budget is shared with REST: same storage, same key (`ParvisThrottlerGuard.generateKey`). */
const ANONYMOUS_BUCKET = 'default';
/** Requests that present an API key, per IP, until the key is checked (src/api-keys). */
const API_KEY_BUCKET = 'graphql-api-key';
const MINUTE_MS = 60_000;
const API_KEY_PREFIX = 'Bearer pvk_';

/** Set on a request this gate has already counted, so that the guard does not count it twice. */
const COUNTED = Symbol('parvis:counted-before-parsing');

export function countedBeforeParsing(req: Request): boolean {
  return (req as Request & { [COUNTED]?: boolean })[COUNTED] === true;
}

/**
 * Counts every GraphQL request in the per-IP rate limit BEFORE its body is read or its document
 * parsed. The resolver-level guard (ParvisThrottlerGuard) only runs when a field resolves, so a
 * document refused at parse or validation time (thousands of fragments, a megabyte of aliases)
 * used to cost CPU without ever being counted.
 *
 * - No Authorization header, or one that is not a valid staff token: the anonymous budget of the IP
 *   (RATE_LIMIT_ANONYMOUS_PER_MINUTE), the one REST spends too. The guard then skips this request.
 * - A staff access token whose signature and expiry check out (HS256, our secret; no database
 *   query here): not counted, as staff are never limited. The auth guard still checks the session.
 * - An API key (`pvk_…`): its own per-IP bucket at the API-key rate, since the key itself is only
 *   looked up later (a made-up key is then refused with 401); the key's own limit applies on top.
 */
export class GraphqlRequestThrottle {
  private readonly jwt: JwtService;

  constructor(
    private readonly config: AppConfig,
    private readonly storage: ThrottlerStorage,
  ) {
    this.jwt = new JwtService({ secret: config.jwt.secret, verifyOptions: { algorithms: ['HS256'] } });
  }

  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      if (req.method === 'OPTIONS') {
        next();
        return;
      }
      this.count(req, res).then((allowed) => {
        if (allowed) next();
      }, next);
    };
  }

  private async count(req: Request, res: Response): Promise<boolean> {
    const authorization = req.headers.authorization;
    if (authorization !== undefined && this.isStaffToken(authorization)) return true;
    const apiKey = authorization?.startsWith(API_KEY_PREFIX) === true;
    const bucket = apiKey ? API_KEY_BUCKET : ANONYMOUS_BUCKET;
    const limit = apiKey ? this.config.rateLimit.apiKeyPerMinute : this.config.rateLimit.anonymousPerMinute;
    const key = `${bucket}:${normalizeIp(req.ip ?? 'unknown')}`;
    const record = await this.storage.increment(key, MINUTE_MS, limit, MINUTE_MS, bucket);
    (req as Request & { [COUNTED]?: boolean })[COUNTED] = true;
    if (record.isBlocked) {
      const retryAfterSeconds = Math.max(1, record.timeToBlockExpire);
      sendGraphQLError(res, {
        code: ErrorCode.TOO_MANY_REQUESTS,
        status: 429,
        message: `Too many requests: retry in ${retryAfterSeconds} s`,
        details: { retryAfterSeconds },
      });
      return false;
    }
    if (!apiKey) {
      res.setHeader('X-RateLimit-Limit', String(limit));
      res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - record.totalHits)));
      res.setHeader('X-RateLimit-Reset', String(record.timeToExpire));
    }
    return true;
  }

  private isStaffToken(authorization: string): boolean {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization);
    if (!match) return false;
    try {
      this.jwt.verify(match[1]);
      return true;
    } catch {
      return false;
    }
  }
}
