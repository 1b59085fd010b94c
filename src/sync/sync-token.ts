import { createHmac, timingSafeEqual } from 'node:crypto';
import { Channel, ContentTypeName } from '../content/content.types';

/**
 * Where an integrator is in the sync feed, carried by the token it sends back.
 *
 * - `snapshot`: the first, full listing, frozen at the journal's `highWater`; it walks the types in
 *   order and, within a type, item ids after `afterId`.
 * - `delta`: every journal row after `seq` is still to be applied.
 */
export type SyncPosition =
  | { phase: 'snapshot'; highWater: string; typeIndex: number; afterId: string | null }
  | { phase: 'delta'; seq: string };

export interface SyncState {
  types: ContentTypeName[];
  channel: Channel | null;
  position: SyncPosition;
}

export type SyncTokenReading =
  | { ok: true; state: SyncState }
  | { ok: false; reason: 'invalid' | 'expired' };

/** v: format version; t: types; c: channel; p: position; i: issued at (seconds since the epoch). */
interface TokenBody {
  v: 1;
  t: ContentTypeName[];
  c: Channel | null;
  p: ['s', string, number, string | null] | ['d', string];
  i: number;
}

const SEQ = /^\d{1,19}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPE_NAMES = new Set<string>(Object.values(ContentTypeName));
const CHANNELS = new Set<string>(Object.values(Channel));

/**
 * Opaque, signed sync tokens: `base64url(JSON).base64url(HMAC-SHA256)`. The client cannot read
 * anything useful into them nor forge one (a changed byte fails the MAC); the server keeps no state.
 * The key is derived from a server secret (see SyncService) and never leaves the server.
 */
export function signSyncToken(key: Buffer, state: SyncState, issuedAtSeconds: number): string {
  const { position } = state;
  const body: TokenBody = {
    v: 1,
    t: state.types,
    c: state.channel,
    p: position.phase === 'snapshot' ? ['s', position.highWater, position.typeIndex, position.afterId] : ['d', position.seq],
    i: issuedAtSeconds,
  };
  const encoded = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
  return `${encoded}.${mac(key, encoded)}`;
}

/** Checks the MAC first (nothing of an unsigned token is parsed), then the shape, then the age. */
export function readSyncToken(key: Buffer, token: string, nowSeconds: number, maxAgeSeconds: number): SyncTokenReading {
  const invalid: SyncTokenReading = { ok: false, reason: 'invalid' };
  const parts = token.split('.');
  if (parts.length !== 2) return invalid;
  const [encoded, signature] = parts;
  const expected = Buffer.from(mac(key, encoded), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  const state = stateOf(body);
  if (!state) return invalid;
  const issuedAt = (body as TokenBody).i;
  if (nowSeconds - issuedAt > maxAgeSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, state };
}

function mac(key: Buffer, encoded: string): string {
  return createHmac('sha256', key).update(encoded, 'utf8').digest('base64url');
}

/** A signed body is ours, but checking its shape keeps a format change from becoming a 500. */
function stateOf(body: unknown): SyncState | null {
  if (typeof body !== 'object' || body === null) return null;
  const { v, t, c, p, i } = body as Partial<Record<keyof TokenBody, unknown>>;
  if (v !== 1 || !Number.isInteger(i)) return null;
  if (!Array.isArray(t) || t.length === 0 || !t.every((name) => typeof name === 'string' && TYPE_NAMES.has(name))) return null;
  if (c !== null && !(typeof c === 'string' && CHANNELS.has(c))) return null;
  if (!Array.isArray(p)) return null;
  const types = t as ContentTypeName[];
  const channel = c as Channel | null;
  if (p.length === 2 && p[0] === 'd' && typeof p[1] === 'string' && SEQ.test(p[1])) {
    return { types, channel, position: { phase: 'delta', seq: p[1] } };
  }
  if (p.length === 4 && p[0] === 's' && typeof p[1] === 'string' && SEQ.test(p[1]) && Number.isInteger(p[2])
    && (p[2] as number) >= 0 && (p[2] as number) <= types.length && (p[3] === null || (typeof p[3] === 'string' && UUID.test(p[3])))) {
    return { types, channel, position: { phase: 'snapshot', highWater: p[1], typeIndex: p[2] as number, afterId: p[3] as string | null } };
  }
  return null;
}
