import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signatures follow the Standard Webhooks specification (standardwebhooks.com), so an integrator can check
 * them with that project's libraries in any language, or with ten lines of code (README): the headers
 * `webhook-id` (the delivery's id, the same on every retry), `webhook-timestamp` (Unix seconds of this
 * attempt) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`, keyed
 * with the secret's bytes: the base64 after `whsec_`).
 */
export const SECRET_PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

export function signatureOf(secret: string, id: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', keyOf(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${digest}`;
}

export function signedHeaders(secret: string, id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatureOf(secret, id, timestampSeconds, body),
  };
}

/** The receiving side's check (used by the tests; the README shows the same for integrators). */
export function isValidSignature(secret: string, id: string, timestampSeconds: number, body: string, header: string): boolean {
  const expected = Buffer.from(signatureOf(secret, id, timestampSeconds, body));
  return header.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
