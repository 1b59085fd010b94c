import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/config';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives the request an id (the caller's X-Request-Id when it is sane, else a UUID) and echoes it in
 * the response. Runs first in the HTTP stack (app.setup.ts) so that even answers produced before
 * Nest's middleware (CORS preflights, 413, malformed JSON) carry it; pino-http then reuses `req.id`.
 */
export function assignRequestId(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Structured JSON logs with a request id; secrets (tokens, passwords, cookies) are redacted. */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage, res: ServerResponse) => assignRequestId(req, res),
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.refreshToken', '*.accessToken'],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: withoutSignature(req.url) }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false },
      ...(config.logPretty ? { transport: { target: 'pino-pretty', options: { singleLine: true, colorize: true } } } : {}),
    },
  };
}

/** Signed media preview links carry a signature in the query: it is a short-lived credential, not for logs. */
export function withoutSignature(url: string): string {
  return url.replace(/([?&]signature=)[^&]*/g, '$1[redacted]');
}
