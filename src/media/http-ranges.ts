/** Pure helpers for conditional and partial GET (RFC 9110 §13, §14). */

export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The one range a `Range` header asks for: null to send the whole file (no header, a unit other than
 * bytes, several ranges, which we answer in full as the RFC allows, or an invalid header such as
 * a reversed `bytes=10-5`, which the RFC says to ignore), 'unsatisfiable' for 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  // A malformed header is ignored (RFC 9110 §14.2): the whole file is sent.
  if (!match) return null;
  const [, first, last] = match;
  // `bytes=-` and a last position before the first are invalid byte-range-specs (RFC 9110 §14.1.1).
  if (first === '' && last === '') return null;
  if (first !== '' && last !== '' && Number(last) < Number(first)) return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/**
 * Whether a `Range` may be honoured under `If-Range` (RFC 9110 §13.1.5): only when the validator is
 * our current strong ETag; a weak or other tag, or a date (we send no Last-Modified), means the
 * client's partial copy may be of other bytes, so the whole file is sent instead.
 */
export function ifRangeAllows(ifRange: string | undefined, etag: string): boolean {
  if (ifRange === undefined) return true;
  return ifRange.trim() === etag;
}

/** Whether `If-None-Match` matches our strong ETag (weak comparison, as the RFC asks for this header). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}
