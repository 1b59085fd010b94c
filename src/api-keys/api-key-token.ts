import { createHash, randomBytes } from 'node:crypto';

/**
 * API key tokens: `pvk_` followed by 32 random bytes in base64url (43 characters).
 *
 * The prefix tells a key apart from a JWT in `Authorization: Bearer …` (a JWT starts with `eyJ`),
 * and makes a leaked key recognisable by secret scanners.
 *
 * Stored as a plain SHA-256, not argon2 like passwords: a slow, salted hash protects *low-entropy*
 * secrets that people choose, against guessing. A key is 256 bits from the CSPRNG: nobody can guess
 * it nor reverse its SHA-256 (2^256 work), so salt and slowness add nothing, while a fast,
 * deterministic hash lets each request find its key with one indexed lookup instead of an argon2
 * verification (tens of milliseconds and 19 MiB) per request.
 */
export const API_KEY_PREFIX = 'pvk_';
const TOKEN_PATTERN = /^pvk_[A-Za-z0-9_-]{43}$/;
/** `pvk_` and the first 8 random characters: shown in lists, never enough to use the key. */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

export interface NewApiKeyToken {
  token: string;
  prefix: string;
  hash: string;
}

export function newApiKeyToken(): NewApiKeyToken {
  const token = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { token, prefix: displayPrefix(token), hash: apiKeyHash(token) };
}

export function apiKeyHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function displayPrefix(token: string): string {
  return token.slice(0, DISPLAY_PREFIX_LENGTH);
}

/** Whether a bearer credential is meant as an API key (then it never goes to the JWT strategy). */
export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}

/** Whether it has the exact shape of a key we issue (anything else is refused without a query). */
export function isWellFormedApiKey(credential: string): boolean {
  return TOKEN_PATTERN.test(credential);
}

/** The credential of `Authorization: Bearer <credential>` (scheme case-insensitive), or undefined. */
export function bearerCredential(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
