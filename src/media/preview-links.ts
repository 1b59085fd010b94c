import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/config';

/** A preview link stays valid for one to two hours: long enough for an editing session, short enough to leak little. */
const VALIDITY_SECONDS = 3600;

/**
 * Signed links that let staff show a file no published content uses yet (a draft's picture) in an
 * `<img>` or a new tab, where no Authorization header can be sent. The signature covers the media
 * id and the expiry, with a key derived from the JWT secret (rotating the secret revokes every link).
 */
@Injectable()
export class MediaPreviewLinks {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = createHmac('sha256', config.jwt.secret).update('parvis media preview links').digest();
  }

  /** `url?expires=…&signature=…`; the expiry is rounded to the hour so the link is stable (cacheable) within it. */
  sign(url: string, mediaId: string, now = new Date()): string {
    const expires = (Math.floor(now.getTime() / 1000 / VALIDITY_SECONDS) + 2) * VALIDITY_SECONDS;
    return `${url}?expires=${expires}&signature=${this.signature(mediaId, expires)}`;
  }

  /** Whether the query carries a valid, unexpired signature for this media. */
  verify(mediaId: string, query: Record<string, unknown>, now = new Date()): boolean {
    const { expires, signature } = query;
    if (typeof expires !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(expires)) return false;
    if (Number(expires) * 1000 < now.getTime()) return false;
    const expected = Buffer.from(this.signature(mediaId, Number(expires)));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private signature(mediaId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${mediaId}:${expires}`).digest('base64url');
  }
}
