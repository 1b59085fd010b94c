/** One answer kept in memory: what is needed to send it again, byte for byte. */
export interface StoredResponse {
  /** Headers the handler set (content type, disposition…), without the per-request ones. */
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** Strong ETag of the body (quoted). */
  etag: string;
  /** The Cache-Control it was sent with. */
  cacheControl: string;
}

export interface ResponseStoreLimits {
  maxEntries: number;
  maxBytes: number;
  /** Milliseconds an entry stays usable after it was stored. */
  ttlMs: number;
}

interface Slot {
  value: StoredResponse;
  size: number;
  expiresAt: number;
}

/** Bytes an entry costs beyond its body: its key, headers and bookkeeping, roughly. */
const ENTRY_OVERHEAD_BYTES = 512;

/**
 * A bounded least-recently-used map of answers: at most `maxEntries` entries and `maxBytes` bytes (an
 * answer over a sixteenth of the bytes is not kept, so one export cannot push everything else out),
 * each usable for `ttlMs`. A Map keeps insertion order: a read moves the entry to the end, and
 * eviction takes from the front. Pure: the clock is passed in, for tests.
 */
export class ResponseStore {
  private readonly slots = new Map<string, Slot>();
  private bytes = 0;

  constructor(private readonly limits: ResponseStoreLimits, private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.slots.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** Largest body kept. */
  get maxEntryBytes(): number {
    return Math.floor(this.limits.maxBytes / 16);
  }

  get(key: string): StoredResponse | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= this.now()) {
      this.delete(key);
      return undefined;
    }
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.value;
  }

  /** Keeps the answer unless it is too large; returns whether it was kept. */
  set(key: string, value: StoredResponse): boolean {
    const size = value.body.length + key.length + ENTRY_OVERHEAD_BYTES;
    this.delete(key);
    if (value.body.length > this.maxEntryBytes || size > this.limits.maxBytes) return false;
    this.slots.set(key, { value, size, expiresAt: this.now() + this.limits.ttlMs });
    this.bytes += size;
    while (this.slots.size > this.limits.maxEntries || this.bytes > this.limits.maxBytes) {
      const oldest = this.slots.keys().next();
      if (oldest.done === true) break;
      this.delete(oldest.value);
    }
    return true;
  }

  clear(): void {
    this.slots.clear();
    this.bytes = 0;
  }

  private delete(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    this.slots.delete(key);
    this.bytes -= slot.size;
  }
}
