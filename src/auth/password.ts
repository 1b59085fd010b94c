import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { length } from 'class-validator';
import { PasswordHashingConfig, PRODUCTION_PASSWORD_HASHING } from '../config/config';

export const PASSWORD_MIN_LENGTH = 12;
/** Bounds the work an attacker can ask of argon2 with a huge "password". */
export const PASSWORD_MAX_LENGTH = 256;
export const PASSWORD_LENGTH_MESSAGE =
  `Password must be between ${PASSWORD_MIN_LENGTH} and ${PASSWORD_MAX_LENGTH} characters long`;

type Argon2Options = { type: typeof argon2.argon2id; memoryCost: number; timeCost: number; parallelism: 1 };

const argon2Options = (cost: PasswordHashingConfig): Argon2Options =>
  ({ type: argon2.argon2id, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 });

/** argon2id, one lane; OWASP's recommended minimum (19 MiB, 2 passes) until the configuration says otherwise. */
let currentOptions = argon2Options(PRODUCTION_PASSWORD_HASHING);

/**
 * Sets the cost of new hashes from the validated configuration (config.passwordHashing), once at
 * start-up, before any service hashes or verifies: ConfigModule.forRoot calls it. Hashes made with
 * other parameters still verify, and are redone on the next login (passwordNeedsRehash).
 */
export function usePasswordHashing(cost: PasswordHashingConfig): void {
  currentOptions = argon2Options(cost);
}

/** The same length rule as the DTOs' `@Length` (class-validator counts characters the same way). */
export function isAcceptablePassword(password: string): boolean {
  return length(password, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH);
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, currentOptions);
}

/** False for a wrong password and for a hash that is not an argon2 PHC string. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** True when a hash was made with weaker (or other) parameters than today's: rehash on login. */
export function passwordNeedsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, currentOptions);
  } catch {
    return true;
  }
}

/**
 * A hash of a random password that nobody knows, verified against when the email is unknown so a
 * failed login costs the same time whether or not the account exists.
 */
export function dummyPasswordHash(): Promise<string> {
  return hashPassword(randomBytes(32).toString('base64url'));
}
