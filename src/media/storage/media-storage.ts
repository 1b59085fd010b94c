import { Readable } from 'node:stream';

/** What the caller knows about the bytes it stores: object stores want the length up front. */
export interface StoredObjectInfo {
  size: number;
  contentType: string;
}

/**
 * Where media bytes live. Keys are relative, slash-separated paths chosen by the media service
 * (`originals/ab/<sha256>`, `renditions/ab/<sha256>/640.webp`).
 */
export interface MediaStorage {
  /** Stores the stream under `key` atomically: readers see the whole file or nothing. */
  put(key: string, source: Readable, info: StoredObjectInfo): Promise<void>;
  /** Reads the file, or the inclusive byte range `[start, end]` of it. */
  get(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Removes the file; removing a missing file is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Size in bytes, or null when there is no such file. */
  size(key: string): Promise<number | null>;
  /** For the readiness check: resolves when files can be stored, else rejects saying why (no secret in it). */
  check(): Promise<void>;
}

export const MEDIA_STORAGE = Symbol('MEDIA_STORAGE');
