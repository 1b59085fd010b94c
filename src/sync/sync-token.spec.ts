import { Channel, ContentTypeName } from '../content/content.types';
import { readSyncToken, signSyncToken, SyncState } from './sync-token';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const DAY = 86_400;

describe('sync tokens', () => {
  const snapshot: SyncState = {
    types: [ContentTypeName.EVENT, ContentTypeName.ASSOCIATION],
    channel: Channel.KIOSK,
    position: { phase: 'snapshot', highWater: '42', typeIndex: 1, afterId: '0b6d3f5e-8f1a-4c3e-9d2b-1a2b3c4d5e6f' },
  };
  const delta: SyncState = { types: [ContentTypeName.PAGE], channel: null, position: { phase: 'delta', seq: '9007199254740993' } };

  it('read back what they carry, for both phases', () => {
    expect(readSyncToken(KEY, signSyncToken(KEY, snapshot, 1000), 1000, DAY)).toEqual({ ok: true, state: snapshot });
    expect(readSyncToken(KEY, signSyncToken(KEY, delta, 1000), 1000, DAY)).toEqual({ ok: true, state: delta });
  });

  it('are invalid when one character changes, when signed with another key, or when not tokens at all', () => {
    const token = signSyncToken(KEY, delta, 1000);
    const [body, mac] = token.split('.');
    const flipped = `${body.slice(0, 5)}${body[5] === 'A' ? 'B' : 'A'}${body.slice(6)}.${mac}`;
    expect(readSyncToken(KEY, flipped, 1000, DAY)).toEqual({ ok: false, reason: 'invalid' });
    expect(readSyncToken(KEY, signSyncToken(OTHER_KEY, delta, 1000), 1000, DAY)).toEqual({ ok: false, reason: 'invalid' });
    expect(readSyncToken(KEY, 'garbage', 1000, DAY)).toEqual({ ok: false, reason: 'invalid' });
    expect(readSyncToken(KEY, `${body}.`, 1000, DAY)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('are expired once older than the maximum age, and only then', () => {
    const token = signSyncToken(KEY, delta, 1000);
    expect(readSyncToken(KEY, token, 1000 + 30 * DAY, 30 * DAY).ok).toBe(true);
    expect(readSyncToken(KEY, token, 1001 + 30 * DAY, 30 * DAY)).toEqual({ ok: false, reason: 'expired' });
  });
});
