import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import type { AppConfig } from '../../config/config';
import { GraphqlRequestThrottle } from './graphql-request-throttle';
import { ANONYMOUS_THROTTLER, API_KEY_THROTTLER, LOGIN_THROTTLER, ParvisThrottlerGuard } from './throttle.guard';

const MINUTE_MS = 60_000;
export const LOGIN_WINDOW_MS = 15 * MINUTE_MS;

/**
 * The two per-IP rate limits and their global guard.
 *
 * Import it LAST in AppModule: Nest runs global guards in the order their modules are scanned
 * (AppModule's own providers first, then its imports depth-first), and this guard must run after
 * the auth guard, whose `req.parvisContext.actor` exempts staff from the anonymous limit. Being last
 * keeps that true whether the auth guard is declared in AppModule or in AuthModule.
 *
 * Counts live in this process's memory: several instances behind a load balancer count separately.
 */
@Module({})
export class RateLimitModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [
            { name: ANONYMOUS_THROTTLER, ttl: MINUTE_MS, limit: config.rateLimit.anonymousPerMinute },
            // Retry-After comes with the 429 itself; no X-RateLimit-*-login headers on every login.
            { name: LOGIN_THROTTLER, ttl: LOGIN_WINDOW_MS, limit: config.rateLimit.loginPerWindow, setHeaders: false },
            { name: API_KEY_THROTTLER, ttl: MINUTE_MS, limit: config.rateLimit.apiKeyPerMinute },
          ],
        }),
      ],
      providers: [
        { provide: APP_GUARD, useClass: ParvisThrottlerGuard },
        // Mounted on /graphql by configureApp (app.setup.ts), before the body parser.
        { provide: GraphqlRequestThrottle, useFactory: (storage: ThrottlerStorage) => new GraphqlRequestThrottle(config, storage), inject: [ThrottlerStorage] },
      ],
      exports: [GraphqlRequestThrottle],
    };
  }
}
