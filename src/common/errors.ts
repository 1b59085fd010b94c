/**
 * Domain errors: services throw these, never HTTP exceptions, because the same service answers
 * GraphQL and REST. One filter (error.filter.ts) turns them into GraphQL `extensions.code` and
 * REST problem+json.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  /** What the request names existed but is no longer available (an expired sync token): start again. */
  GONE = 'GONE',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** The database cannot be reached right now (down, restarting): retry after `retryAfterSeconds`. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

/** One failed field: `path` is dotted from the argument name, e.g. `input.title` or `input.channels.1`. */
export interface FieldError {
  path: string;
  message: string;
}

export interface ErrorDetails {
  fields?: FieldError[];
  /** With CONFLICT on a versioned item: the version the client must re-read. */
  currentVersion?: number;
  retryAfterSeconds?: number;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string, fields: FieldError[] = []): DomainError =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, { fields });

export const invalidField = (path: string, message: string): DomainError =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, { fields: [{ path, message }] });

export const notFound = (what: string): DomainError => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);

export const conflict = (message: string, currentVersion?: number): DomainError =>
  new DomainError(ErrorCode.CONFLICT, message, currentVersion === undefined ? {} : { currentVersion });

export const unauthenticated = (message = 'Authentication required'): DomainError =>
  new DomainError(ErrorCode.UNAUTHENTICATED, message);

export const forbidden = (message = 'You are not allowed to do this'): DomainError =>
  new DomainError(ErrorCode.FORBIDDEN, message);

export const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.GONE]: 410,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}

/** The error for one or several invalid fields: the single field's own message, or a count ("3 fields are invalid"). */
export function invalidFields(fields: FieldError[], what = 'fields are invalid'): DomainError {
  return invalid(fields.length === 1 ? fields[0].message : `${fields.length} ${what}`, fields);
}
