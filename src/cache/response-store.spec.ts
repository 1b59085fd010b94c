import { ResponseStore, StoredResponse } from './response-store';

const answer = (bytes: number, tag = 'x'): StoredResponse => ({
  headers: { 'content-type': 'application/json' }, body: Buffer.alloc(bytes, 'a'), etag: `"${tag}"`, cacheControl: 'public, max-age=60',
});

describe('ResponseStore', () => {
  it('gives back what it keeps, until it expires', () => {
    let now = 1_000;
    const store = new ResponseStore({ maxEntries: 10, maxBytes: 1_000_000, ttlMs: 60_000 }, () => now);
    store.set('a', answer(10));
    expect(store.get('a')?.body.length).toBe(10);
    now += 59_999;
    expect(store.get('a')).toBeDefined();
    now += 1;
    expect(store.get('a')).toBeUndefined();
    expect(store.size).toBe(0);
    expect(store.totalBytes).toBe(0);
  });

  it('drops the least recently used entry past the entry limit', () => {
    const store = new ResponseStore({ maxEntries: 2, maxBytes: 1_000_000, ttlMs: 60_000 });
    store.set('a', answer(1));
    store.set('b', answer(1));
    store.get('a');
    store.set('c', answer(1));
    expect(store.get('a')).toBeDefined();
    expect(store.get('b')).toBeUndefined();
    expect(store.get('c')).toBeDefined();
  });

  it('drops the oldest entries past the byte limit, and counts bytes exactly when entries go', () => {
    const store = new ResponseStore({ maxEntries: 100, maxBytes: 16 * 4_000, ttlMs: 60_000 });
    const keys = Array.from({ length: 25 }, (_, i) => `key-${i}`);
    for (const key of keys) store.set(key, answer(3_000));
    expect(store.totalBytes).toBeLessThanOrEqual(16 * 4_000);
    expect(store.size).toBeLessThan(25);
    expect(store.get('key-0')).toBeUndefined();
    expect(store.get('key-24')).toBeDefined();
    store.clear();
    expect(store.totalBytes).toBe(0);
    expect(store.size).toBe(0);
  });

  it('keeps no answer over a sixteenth of the byte limit, and forgets the older one under that key', () => {
    const store = new ResponseStore({ maxEntries: 100, maxBytes: 16_000, ttlMs: 60_000 });
    store.set('a', answer(10, 'old'));
    expect(store.set('a', answer(1_001))).toBe(false);
    expect(store.get('a')).toBeUndefined();
    expect(store.set('a', answer(1_000))).toBe(true);
  });
});
