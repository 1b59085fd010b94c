import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Login attempts per email, kept whether or not an account has that email (so the lock-out never
 * tells an attacker which emails exist). Keyed by the SHA-256 of the normalised email, so the
 * table holds no address typed by a stranger.
 */
@Entity('login_failures')
export class LoginFailure {
  @PrimaryColumn({ type: 'char', length: 64 })
  emailHash!: string;

  /** Attempts counted in the current window (an attempt counts until it succeeds). */
  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ type: 'timestamptz' })
  windowStartedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}
