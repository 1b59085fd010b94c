import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppConfig } from '../config/config';
import { PublicError, writeProblem } from './error.filter';
import { ErrorCode } from './errors';
import { GRAPHQL_PATH, sendGraphQLError } from './graphql/graphql-http';

const logger = new Logger('Http');

/** After the 408 is written, how long the client has to read it before the connection is closed. */
const CLOSE_GRACE_MS = 1_000;

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * A request body must arrive within HTTP_BODY_TIMEOUT_SECONDS of its headers (a file upload,
 * multipart/form-data, within HTTP_UPLOAD_TIMEOUT_SECONDS). Otherwise the answer is 408, whatever
 * the handler, and the connection is closed: a client that sends a byte now and then no longer
 * holds a connection and a parser for Node's 300 s.
 */
export function bodyTimeout(http: AppConfig['http']): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req)) {
      next();
      return;
    }
    const upload = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
    const limitMs = upload ? http.uploadTimeoutMs : http.bodyTimeoutMs;
    const timer = setTimeout(() => {
      if (req.complete) return;
      logger.warn(`${req.method} ${req.originalUrl}: request body not received within ${limitMs / 1000} s, connection closed`);
      const error: PublicError = {
        code: ErrorCode.BAD_USER_INPUT,
        status: 408,
        message: `The request body was not received within ${limitMs / 1000} s`,
        details: {},
      };
      if (!res.headersSent) {
        res.setHeader('Connection', 'close');
        if (req.path === GRAPHQL_PATH) sendGraphQLError(res, error);
        else writeProblem(res, error, req.originalUrl);
      }
      setTimeout(() => req.socket.destroy(), CLOSE_GRACE_MS).unref();
    }, limitMs);
    timer.unref();
    const done = (): void => clearTimeout(timer);
    req.once('end', done);
    res.once('close', done);
    next();
  };
}
