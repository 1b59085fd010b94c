import { createHash } from 'node:crypto';

/** What every answer that depends on who asks, or that is an error, carries. */
export const NO_STORE = 'private, no-store';

/** Paths whose anonymous GET answers are public content: the REST API, GraphQL over GET and the feeds. */
export function isContentPath(path: string): boolean {
  return path.startsWith('/api/v1/') || path === '/api/v1' || path === '/graphql' || path.startsWith('/feeds/');
}

/** A strong ETag: the SHA-256 of the exact bytes sent (base64url, quoted). */
export function strongEtag(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/**
 * Whether `If-None-Match` names this ETag (RFC 9110 §13.1.2: weak comparison, `*` matches any). A
 * client that kept the weak ETag Express used to send (`W/"…"`) never matches a strong one: it gets
 * the full answer once, then the new ETag.
 */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const wanted = etag.replace(/^W\//, '');
  return header.split(',').some((raw) => {
    const tag = raw.trim();
    return tag === '*' || tag.replace(/^W\//, '') === wanted;
  });
}

/** `Cache-Control` of anonymous content. */
export function publicCacheControl(maxAgeSeconds: number, staleWhileRevalidateSeconds: number): string {
  if (maxAgeSeconds === 0) return 'public, no-cache';
  return staleWhileRevalidateSeconds > 0
    ? `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${staleWhileRevalidateSeconds}`
    : `public, max-age=${maxAgeSeconds}`;
}

/** The parts of a request an answer may depend on, besides who asks (anonymous only are cached). */
export interface CacheKeyParts {
  /** `https://host` when answers are built from the request's address (feeds without PUBLIC_BASE_URL), else ''. */
  origin: string;
  /** Path and query, exactly as sent. */
  url: string;
  accept: string | undefined;
  /** GraphQL only: Apollo refuses a GET that could come from a cross-site form (no CSRF header, simple Content-Type): the answer depends on it. */
  csrfHeaders: boolean;
}

/**
 * The key of an answer: method, full URL (the query string carries channel, filters and page; the
 * scheme and host too when feeds write their absolute links from them, i.e. PUBLIC_BASE_URL is unset),
 * Accept, and for GraphQL whether a CSRF-prevention header was sent.
 */
export function cacheKey(parts: CacheKeyParts): string {
  return ['GET', `${parts.origin}${parts.url}`, parts.accept ?? '', parts.csrfHeaders ? 'csrf' : ''].join('\n');
}

/**
 * Headers that belong to one request and are never stored with an answer (set again on every
 * answer, or computed by the cache itself), in lower case.
 */
export function isPerRequestHeader(name: string): boolean {
  return PER_REQUEST_HEADERS.has(name) || name.startsWith('x-ratelimit-');
}

const PER_REQUEST_HEADERS = new Set([
  'cache-control', 'etag', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'set-cookie',
  'vary', 'retry-after', 'x-request-id', 'last-modified',
]);

/**
 * A GraphQL answer with errors (a missing item, a refused argument) is sent with status 200 but is an
 * error all the same: it is never kept and never public. Only answers whose top level has no
 * `errors` qualify.
 */
export function isGraphQLErrorBody(body: Buffer): boolean {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed !== 'object' || parsed === null || 'errors' in parsed;
  } catch {
    return true;
  }
}
