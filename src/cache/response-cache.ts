import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ContentChanges } from './content-changes';
import {
  cacheKey, ifNoneMatchMatches, isContentPath, isGraphQLErrorBody, isPerRequestHeader, NO_STORE, publicCacheControl, strongEtag,
} from './http-caching';
import { ResponseStore, StoredResponse } from './response-store';

type WriteCallback = (error?: Error | null) => void;
type Chunk = string | Buffer | Uint8Array;

/**
 * HTTP caching of the content API (REST `/api/v1/**`, GraphQL over GET, `/feeds/**`), mounted by
 * `installResponseCache` before the rate limits and the body parsers:
 *
 * - an anonymous GET answered 200 gets a strong ETag (SHA-256 of its bytes), `Cache-Control: public,
 *   max-age=…, stale-while-revalidate=…` (or the handler's own `public…` value, as the feeds set) and
 *   `Vary: Authorization`; `If-None-Match` with that ETag gets 304;
 * - it is kept in memory (RESPONSE_CACHE), keyed by full URL, host, Accept and GraphQL's CSRF headers,
 *   and sent again without running the handler (nor any SQL) until content changes (ContentChanges)
 *   or RESPONSE_CACHE_TTL_SECONDS pass; a 304 to a known ETag costs nothing either;
 * - a request with an Authorization header (staff token or API key `pvk_`) is never cached nor served
 *   from the cache, and its answer is `private, no-store`; so is every error, and every answer that
 *   sets a cookie. Drafts are only ever shown to staff, so they never enter the cache.
 *
 * Neither a cache hit nor a 304 from the cache reaches the rate limits: they cost no database work.
 */
@Injectable()
export class ResponseCache {
  private readonly logger = new Logger('ResponseCache');
  private readonly store: ResponseStore;
  private readonly defaultCacheControl: string;
  private readonly enabled: boolean;
  /** Without PUBLIC_BASE_URL the feeds' links come from the request's own address: it is then part of the key. */
  private readonly keyedByHost: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig, private readonly changes: ContentChanges) {
    const { cache } = config;
    this.enabled = cache.enabled;
    this.keyedByHost = config.publicBaseUrl === null;
    this.store = new ResponseStore({ maxEntries: cache.maxEntries, maxBytes: cache.maxBytes, ttlMs: cache.ttlSeconds * 1000 });
    this.defaultCacheControl = publicCacheControl(cache.maxAgeSeconds, cache.staleWhileRevalidateSeconds);
    changes.onChange(() => this.store.clear());
  }

  /** Entries and bytes held (for tests and diagnostics). */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.store.size, bytes: this.store.totalBytes };
  }

  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      this.handle(req, res, next).catch(next);
    };
  }

  private async handle(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (req.method !== 'GET' || !isContentPath(req.path)) {
      next();
      return;
    }
    if (req.headers.authorization !== undefined) {
      beforeHeaders(res, () => {
        res.setHeader('Cache-Control', NO_STORE);
        res.removeHeader('ETag');
      });
      next();
      return;
    }
    const isGraphql = req.path === '/graphql';
    const key = cacheKey({
      origin: this.keyedByHost ? `${req.protocol}://${req.get('host') ?? ''}` : '',
      url: req.originalUrl,
      accept: req.get('accept'),
      csrfHeaders: isGraphql && passesApolloCsrfCheck(req),
    });
    let storable = this.enabled;
    if (this.enabled) {
      try {
        await this.changes.ensureFresh();
        const hit = this.store.get(key);
        if (hit) {
          sendStored(req, res, hit);
          return;
        }
      } catch (error) {
        // The database did not answer the head check: no cached answer can be trusted, none is kept.
        this.logger.debug(`Cache bypassed: ${error instanceof Error ? error.message : String(error)}`);
        storable = false;
      }
    }
    const epoch = this.changes.epoch;
    const before = new Set(res.getHeaderNames());
    holdAnswer(req, res, { maxBytes: this.store.maxEntryBytes, streamedCacheControl: this.defaultCacheControl }, (body) => {
      if (res.statusCode !== 200 || res.hasHeader('set-cookie') || (isGraphql && isGraphQLErrorBody(body))) return null;
      const own = res.getHeader('cache-control');
      const cacheControl = typeof own === 'string' && own.startsWith('public') ? own : this.defaultCacheControl;
      const stored: StoredResponse = { headers: handlerHeaders(res, before), body, etag: strongEtag(body), cacheControl };
      // Content changed while this answer was computed: it may mix before and after; send it, keep nothing.
      if (storable && this.changes.epoch === epoch) this.store.set(key, stored);
      return stored;
    });
    next();
  }
}

/**
 * Holds the handler's answer (status, headers, body) until it ends, then decides: `decide` returns
 * the public answer's parts, or null for an error (sent `private, no-store`); a public answer gets its
 * ETag, Cache-Control and `Vary: Authorization`, or 304 when `If-None-Match` names it. An answer
 * written in pieces that grows over `maxBytes` (a large CSV export) is streamed on as it comes,
 * with `streamedCacheControl` (`private, no-store` if not a 200) and no ETag.
 */
export function holdAnswer(req: Request, res: Response, options: { maxBytes: number; streamedCacheControl: string },
  decide: (body: Buffer) => StoredResponse | null): void {
  const { maxBytes } = options;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- Node's own methods, always called with the response as `this` (call())
  const original = { write: res.write, end: res.end, writeHead: res.writeHead };
  let chunks: Buffer[] = [];
  let length = 0;
  const restore = (): void => {
    res.write = original.write;
    res.end = original.end;
    res.writeHead = original.writeHead;
  };
  const streamOn = (): void => {
    restore();
    res.setHeader('Cache-Control', res.statusCode === 200 ? options.streamedCacheControl : NO_STORE);
    res.removeHeader('ETag');
    const buffered = Buffer.concat(chunks);
    chunks = [];
    call(original.write, res, buffered);
  };

  // Headers stay unsent until the answer is complete: they depend on the whole body.
  res.writeHead = function deferredWriteHead(this: Response, statusCode: number, ...rest: unknown[]): Response {
    res.statusCode = statusCode;
    if (typeof rest[0] === 'string') res.statusMessage = rest[0];
    const headers = rest.find((argument) => typeof argument === 'object' && argument !== null);
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1] as string);
    } else if (headers) {
      for (const [name, value] of Object.entries(headers as Record<string, string | string[] | number>)) res.setHeader(name, value);
    }
    return res;
  } as typeof res.writeHead;

  res.write = function bufferedWrite(this: Response, chunk: Chunk, encodingOrCallback?: BufferEncoding | WriteCallback,
    callback?: WriteCallback): boolean {
    chunks.push(toBuffer(chunk, typeof encodingOrCallback === 'string' ? encodingOrCallback : undefined));
    length += chunks[chunks.length - 1].length;
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (done) process.nextTick(done);
    if (length > maxBytes) streamOn();
    return true;
  } as typeof res.write;

  res.end = function bufferedEnd(this: Response, chunk?: Chunk | (() => void), encodingOrCallback?: BufferEncoding | (() => void),
    callback?: () => void): Response {
    const done = typeof chunk === 'function' ? chunk : typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
      chunks.push(toBuffer(chunk, typeof encodingOrCallback === 'string' ? encodingOrCallback : undefined));
    }
    restore();
    const body = Buffer.concat(chunks);
    chunks = [];
    let answer: StoredResponse | null;
    try {
      answer = decide(body);
    } catch {
      answer = null;
    }
    if (!answer) {
      res.setHeader('Cache-Control', NO_STORE);
      res.removeHeader('ETag');
      return call(original.end, res, body, done) as Response;
    }
    res.setHeader('ETag', answer.etag);
    res.setHeader('Cache-Control', answer.cacheControl);
    res.vary('Authorization');
    if (ifNoneMatchMatches(req.get('if-none-match'), answer.etag)) return notModified(res, original.end, done);
    res.setHeader('Content-Length', body.length);
    return call(original.end, res, body, done) as Response;
  } as typeof res.end;
}

/** Mounts the cache on the HTTP server: before the rate limits and body parsers (see app.setup.ts). */
export function installResponseCache(app: NestExpressApplication): void {
  // Express's weak ETag is computed after the full work and answers 304 itself: ours replaces it.
  app.set('etag', false);
  app.get(ContentChanges).start();
  app.use(app.get(ResponseCache).middleware());
}

/** Content types a browser may send cross-site without a preflight: Apollo refuses a GET with one of them (or none) unless it has a header of its own. */
const SIMPLE_CONTENT_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/** Apollo's CSRF prevention, as it decides for a GET: a non-simple Content-Type, or `Apollo-Require-Preflight` / `X-Apollo-Operation-Name`. */
function passesApolloCsrfCheck(req: Request): boolean {
  if (req.get('apollo-require-preflight') !== undefined || req.get('x-apollo-operation-name') !== undefined) return true;
  const contentType = req.get('content-type')?.split(';')[0].trim().toLowerCase();
  return contentType !== undefined && contentType !== '' && !SIMPLE_CONTENT_TYPES.has(contentType);
}

/** A cached answer, or 304 when the client holds it already. No handler, guard or SQL runs. */
function sendStored(req: Request, res: Response, stored: StoredResponse): void {
  for (const [name, value] of Object.entries(stored.headers)) res.setHeader(name, value);
  res.setHeader('ETag', stored.etag);
  res.setHeader('Cache-Control', stored.cacheControl);
  res.vary('Authorization');
  if (ifNoneMatchMatches(req.get('if-none-match'), stored.etag)) {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- Node's own methods, always called with the response as `this` (call())
    notModified(res, res.end, undefined);
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Length', stored.body.length);
  res.end(stored.body);
}

function notModified(res: Response, end: Response['end'], done: (() => void) | undefined): Response {
  res.statusCode = 304;
  for (const name of ['Content-Type', 'Content-Length', 'Transfer-Encoding', 'Content-Disposition']) res.removeHeader(name);
  return call(end, res, done) as Response;
}

/** The headers the handler set (present now, absent when the middleware started), minus per-request ones. */
function handlerHeaders(res: Response, before: ReadonlySet<string>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const name of res.getHeaderNames()) {
    if (before.has(name) || isPerRequestHeader(name)) continue;
    const value = res.getHeader(name);
    if (value !== undefined) headers[name] = typeof value === 'number' ? String(value) : value;
  }
  return headers;
}

/** Runs `fn` just before the status line and headers are sent, however the handler ends the answer. */
function beforeHeaders(res: Response, fn: () => void): void {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- Node's own methods, always called with the response as `this` (call())
  const writeHead = res.writeHead;
  res.writeHead = function patchedWriteHead(this: Response, ...args: unknown[]): Response {
    fn();
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as typeof res.writeHead;
}

/** Calls one of Node's overloaded response methods with the arguments given (its overloads cannot be named one by one). */
function call(method: unknown, res: Response, ...args: unknown[]): unknown {
  return (method as (...a: unknown[]) => unknown).apply(res, args);
}

function toBuffer(chunk: Chunk, encoding: BufferEncoding | undefined): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding ?? 'utf8');
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
