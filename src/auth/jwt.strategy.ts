import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { unauthenticated } from '../common/errors';
import type { Actor } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/config';
import { SessionsService } from './sessions.service';
import { isUuid } from '../common/ids';


export const JWT_STRATEGY = 'jwt';

/**
 * Verifies `Authorization: Bearer <jwt>`: HS256 only (so `alg: none` and RS/HS confusion are
 * refused), our secret, not expired; then one query checks that the user and the session are live.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwt.secret,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: Record<string, unknown>): Promise<Actor> {
    const { sub, sid } = claims;
    if (typeof sub !== 'string' || typeof sid !== 'string' || !isUuid(sub) || !isUuid(sid)) {
      throw unauthenticated('Invalid access token');
    }
    const actor = await this.sessions.findActor(sub, sid);
    if (!actor) throw unauthenticated('This session has ended: log in again');
    return actor;
  }
}
