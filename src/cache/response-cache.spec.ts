import express, { Request, Response } from 'express';
import request from 'supertest';
import { NO_STORE, strongEtag } from './http-caching';
import { holdAnswer } from './response-cache';

const PUBLIC = 'public, max-age=60, stale-while-revalidate=300';

/** An Express app whose one route answers with `handler`, its answer held by holdAnswer (64-byte limit). */
function appWith(handler: (req: Request, res: Response) => void, kept: Buffer[] = []): express.Express {
  const app = express();
  app.set('etag', false);
  app.use((req, res, next) => {
    holdAnswer(req, res, { maxBytes: 64, streamedCacheControl: PUBLIC }, (body) => {
      if (res.statusCode !== 200) return null;
      kept.push(body);
      return { headers: {}, body, etag: strongEtag(body), cacheControl: PUBLIC };
    });
    next();
  });
  app.get('/', handler);
  return app;
}

describe('holdAnswer', () => {
  it('sends an answer written in pieces whole, with its strong ETag and length', async () => {
    const kept: Buffer[] = [];
    const res = await request(appWith((_req, res) => {
      res.type('text/csv');
      res.write('a;b\n');
      res.write(Buffer.from('1;2\n'));
      res.end('3;4\n');
    }, kept)).get('/').expect(200);
    expect(res.text).toBe('a;b\n1;2\n3;4\n');
    expect(res.headers.etag).toBe(strongEtag(Buffer.from('a;b\n1;2\n3;4\n')));
    expect(res.headers['cache-control']).toBe(PUBLIC);
    expect(res.headers['content-length']).toBe('12');
    expect(res.headers.vary).toBe('Authorization');
    expect(kept).toHaveLength(1);
  });

  it('streams on an answer that grows past the limit: public, no ETag, every byte, nothing kept', async () => {
    const kept: Buffer[] = [];
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i};value\n`);
    const res = await request(appWith((_req, res) => {
      res.type('text/csv');
      for (const line of lines) res.write(line);
      res.end();
    }, kept)).get('/').expect(200);
    expect(res.text).toBe(lines.join(''));
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['cache-control']).toBe(PUBLIC);
    expect(kept).toHaveLength(0);
  });

  it('answers 304 without a body when If-None-Match names the answer', async () => {
    const etag = strongEtag(Buffer.from('{"a":1}'));
    const res = await request(appWith((_req, res) => void res.json({ a: 1 }))).get('/').set('If-None-Match', etag).expect(304);
    expect(res.text).toBe('');
    expect(res.headers.etag).toBe(etag);
    expect(res.headers['content-type']).toBeUndefined();
  });

  it('sends an error private, no-store, without ETag', async () => {
    const res = await request(appWith((_req, res) => void res.status(404).json({ code: 'NOT_FOUND' }))).get('/').expect(404);
    expect(res.body).toEqual({ code: 'NOT_FOUND' });
    expect(res.headers['cache-control']).toBe(NO_STORE);
    expect(res.headers.etag).toBeUndefined();
  });

  it('keeps the status and headers a handler gives writeHead', async () => {
    const res = await request(appWith((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': 'attachment; filename="x.txt"' });
      res.end('hello');
    })).get('/').expect(200);
    expect(res.text).toBe('hello');
    expect(res.headers['content-disposition']).toBe('attachment; filename="x.txt"');
    expect(res.headers.etag).toBe(strongEtag(Buffer.from('hello')));
  });
});
