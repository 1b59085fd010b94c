import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../database/database-unavailable';
import { DomainError, ErrorCode, HTTP_STATUS, assertUnreachable } from './errors';

/** What a client may learn about a failure: nothing here comes from SQL or a stack trace. */
export interface PublicError {
  code: ErrorCode;
  status: number;
  message: string;
  details: DomainError['details'];
}

const STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_USER_INPUT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  410: ErrorCode.GONE,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  429: ErrorCode.TOO_MANY_REQUESTS,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

const logger = new Logger('Errors');

/** One line per outage burst, not one per request: every request fails alike while the database is away. */
let lastUnavailableLog = 0;
function logDatabaseUnavailable(exception: unknown): void {
  if (Date.now() - lastUnavailableLog < 10_000) return;
  lastUnavailableLog = Date.now();
  logger.warn(`Database unavailable, answering 503: ${exception instanceof Error ? exception.message : String(exception)}`);
}

export function toPublicError(exception: unknown): PublicError {
  if (exception instanceof DomainError) {
    return { code: exception.code, status: HTTP_STATUS[exception.code], message: exception.message, details: exception.details };
  }
  if (exception instanceof ThrottlerException) {
    return { code: ErrorCode.TOO_MANY_REQUESTS, status: 429, message: 'Too many requests, retry later', details: {} };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = STATUS_TO_CODE[status];
    if (code) {
      const body = exception.getResponse();
      const message = typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string'
        ? body.message : exception.message;
      return { code, status, message, details: {} };
    }
  }
  // Body-parser errors (too large, malformed JSON) carry a status and an `expose` flag.
  const httpLike = exception as { status?: number; expose?: boolean; type?: string };
  if (typeof httpLike?.status === 'number' && httpLike.expose && STATUS_TO_CODE[httpLike.status]) {
    const code = STATUS_TO_CODE[httpLike.status];
    const message = code === ErrorCode.PAYLOAD_TOO_LARGE ? 'Request body is too large'
      : httpLike.type === 'entity.parse.failed' ? 'Request body is not valid JSON' : 'Bad request';
    return { code, status: httpLike.status, message, details: {} };
  }
  // The database is down or restarting: the client did nothing wrong and may retry (503, not 500).
  if (isDatabaseUnavailable(exception)) {
    logDatabaseUnavailable(exception);
    return {
      code: ErrorCode.SERVICE_UNAVAILABLE, status: 503, message: 'The database is unavailable for a moment, retry shortly',
      details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
    };
  }
  logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
  return { code: ErrorCode.INTERNAL_SERVER_ERROR, status: 500, message: 'Internal server error', details: {} };
}

const PROBLEM_TITLES: Record<ErrorCode, string> = {
  [ErrorCode.BAD_USER_INPUT]: 'Invalid input',
  [ErrorCode.UNAUTHENTICATED]: 'Authentication required',
  [ErrorCode.FORBIDDEN]: 'Forbidden',
  [ErrorCode.NOT_FOUND]: 'Not found',
  [ErrorCode.CONFLICT]: 'Conflict',
  [ErrorCode.GONE]: 'Gone',
  [ErrorCode.PAYLOAD_TOO_LARGE]: 'Payload too large',
  [ErrorCode.TOO_MANY_REQUESTS]: 'Too many requests',
  [ErrorCode.INTERNAL_SERVER_ERROR]: 'Internal server error',
  [ErrorCode.SERVICE_UNAVAILABLE]: 'Service unavailable',
};

export function problemTitle(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.UNAUTHENTICATED:
    case ErrorCode.FORBIDDEN:
    case ErrorCode.NOT_FOUND:
    case ErrorCode.CONFLICT:
    case ErrorCode.GONE:
    case ErrorCode.PAYLOAD_TOO_LARGE:
    case ErrorCode.TOO_MANY_REQUESTS:
    case ErrorCode.INTERNAL_SERVER_ERROR:
    case ErrorCode.SERVICE_UNAVAILABLE:
      return PROBLEM_TITLES[code];
    default:
      return assertUnreachable(code);
  }
}

export function toGraphQLError(error: PublicError): GraphQLError {
  const { fields, currentVersion, retryAfterSeconds } = error.details;
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      ...(fields ? { fields } : {}),
      ...(currentVersion !== undefined ? { currentVersion } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      // Apollo applies this to the HTTP response: 429 is the one status a GraphQL client must see.
      ...(error.code === ErrorCode.TOO_MANY_REQUESTS ? {
        http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds ?? 60)]]) },
      } : {}),
    },
  });
}

/** The one place where errors become responses, for GraphQL and REST alike. */
@Catch()
export class AllErrorsFilter implements ExceptionFilter, GqlExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): GraphQLError | void {
    if (host.getType<GqlContextType>() === 'graphql') {
      if (exception instanceof GraphQLError) return exception;
      return toGraphQLError(toPublicError(exception));
    }
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<{ originalUrl?: string }>();
    const error = toPublicError(exception);
    writeProblem(response, error, request.originalUrl);
  }
}

/** RFC 9457 problem details. */
export function writeProblem(response: Response, error: PublicError, instance?: string): void {
  if (response.headersSent) return;
  if (error.details.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(error.details.retryAfterSeconds));
  response.status(error.status).type('application/problem+json').send(JSON.stringify({
    type: `https://parvis.dev/problems/${error.code.toLowerCase().replace(/_/g, '-')}`,
    title: problemTitle(error.code),
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(instance ? { instance } : {}),
    ...(error.details.fields ? { errors: error.details.fields } : {}),
    ...(error.details.currentVersion !== undefined ? { currentVersion: error.details.currentVersion } : {}),
  }));
}
