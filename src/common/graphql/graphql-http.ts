import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { PublicError } from '../error.filter';
import { ErrorCode } from '../errors';

export const GRAPHQL_PATH = '/graphql';

/**
 * Answers a GraphQL request with one error, in the body shape every GraphQL client reads, for
 * refusals made before Apollo sees the request (rate limit, size). Same extensions as Apollo's own.
 */
export function sendGraphQLError(res: Response, error: PublicError): void {
  if (res.headersSent) return;
  const { fields, retryAfterSeconds } = error.details;
  if (retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(retryAfterSeconds));
  res.status(error.status).json({
    errors: [{
      message: error.message,
      extensions: {
        code: error.code,
        ...(fields ? { fields } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      },
    }],
  });
}

/** The query text of a GraphQL request: `query` of a JSON body (POST) or of the URL (GET). */
function queryTextOf(req: Request): unknown {
  if (req.method === 'GET') return req.query.query;
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null ? (body as { query?: unknown }).query : undefined;
}

/**
 * Refuses a query document over `maxBytes` with 413 PAYLOAD_TOO_LARGE before it is parsed: the
 * largest legitimate query is a few kilobytes, and a megabyte of aliases must cost nothing.
 * Mounted after the body parser, on GRAPHQL_PATH only.
 */
export function graphqlDocumentSizeLimit(maxBytes: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const query = queryTextOf(req);
    // A string's UTF-8 size is at most 3 bytes per UTF-16 unit: measure only when it can be over.
    if (typeof query === 'string' && query.length * 3 > maxBytes && Buffer.byteLength(query, 'utf8') > maxBytes) {
      sendGraphQLError(res, {
        code: ErrorCode.PAYLOAD_TOO_LARGE,
        status: 413,
        message: `The query document is larger than ${maxBytes} bytes: send values as variables, or split it`,
        details: {},
      });
      return;
    }
    next();
  };
}
