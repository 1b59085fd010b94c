import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { sha256Hex } from './emails';

interface ReservedAttempt {
  attempts: number;
  locked: boolean;
  retry_after_seconds: number;
}

/**
 * Lock-out per email, whether or not an account has it: after `login.maxFailures` failed attempts
 * within `login.lockMinutes`, the email is locked for `login.lockMinutes` (even the right password
 * is refused). Each attempt is counted *before* the password is checked and uncounted only by a
 * success, so parallel guesses cannot slip past the limit while the first ones are being verified.
 */
@Injectable()
export class LoginLockService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one attempt for this (normalised) email; throws TOO_MANY_REQUESTS while it is locked. */
  async reserveAttempt(email: string): Promise<void> {
    const rows: ReservedAttempt[] = await this.dataSource.query(
      `INSERT INTO login_failures AS lf (email_hash, attempts, window_started_at, locked_until)
       VALUES ($1, 1, now(), NULL)
       ON CONFLICT (email_hash) DO UPDATE SET
         attempts = CASE
           WHEN lf.locked_until > now() THEN lf.attempts
           WHEN lf.locked_until IS NOT NULL OR lf.window_started_at <= now() - make_interval(mins => $2) THEN 1
           ELSE lf.attempts + 1 END,
         window_started_at = CASE
           WHEN lf.locked_until > now() THEN lf.window_started_at
           WHEN lf.locked_until IS NOT NULL OR lf.window_started_at <= now() - make_interval(mins => $2) THEN now()
           ELSE lf.window_started_at END,
         locked_until = CASE WHEN lf.locked_until > now() THEN lf.locked_until END
       RETURNING attempts,
         locked_until IS NOT NULL AS locked,
         GREATEST(1, CEIL(EXTRACT(EPOCH FROM
           COALESCE(locked_until, window_started_at + make_interval(mins => $2)) - now())))::int AS retry_after_seconds`,
      [sha256Hex(email), this.config.login.lockMinutes],
    );
    const [row] = rows;
    // More attempts than allowed without a lock yet: parallel attempts still being verified.
    if (row.locked || row.attempts > this.config.login.maxFailures) {
      throw new DomainError(ErrorCode.TOO_MANY_REQUESTS,
        'Too many failed logins for this email: try again later', { retryAfterSeconds: row.retry_after_seconds });
    }
  }

  /** The attempt failed: lock the email once the limit is reached. True when this failure locked it. */
  async recordFailure(email: string): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.dataSource.query(
      `UPDATE login_failures SET locked_until = now() + make_interval(mins => $2)
       WHERE email_hash = $1 AND attempts >= $3 AND locked_until IS NULL
       RETURNING email_hash`,
      [sha256Hex(email), this.config.login.lockMinutes, this.config.login.maxFailures],
    );
    return rows.length > 0;
  }

  /**
   * A success (or a password reset) clears the email's counter; rows that no longer lock or count
   * anything are swept at the same time, so the table stays small.
   */
  async reset(email: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `DELETE FROM login_failures
       WHERE email_hash = $1
          OR locked_until <= now()
          OR (locked_until IS NULL AND window_started_at <= now() - make_interval(mins => $2))`,
      [sha256Hex(email), this.config.login.lockMinutes],
    );
  }
}
