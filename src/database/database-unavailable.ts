/**
 * Whether an error means "the database cannot be reached right now" (it is down, restarting, or the
 * network to it is cut), as opposed to a bad statement or a broken configuration. Such a failure is
 * answered 503 with Retry-After (common/error.filter.ts), not 500: the client did nothing wrong and
 * the same request will work once the database is back.
 *
 * Pure: it reads the error's `code` and `message`, through TypeORM's `driverError`, an `Error.cause`
 * and the `errors` of an AggregateError (Node's connect to `localhost` tries ::1 and 127.0.0.1).
 */

/** Seconds a client is asked to wait before retrying (the embedded database restarts in a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Socket-level failures, from Node (`connect ECONNREFUSED 127.0.0.1:5432`, a reset, DNS…). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH',
  'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), the server shutting down or crashed
 * (57P01-57P03), and no connection slot left (53300). Not 28xxx (wrong password) nor 3D000 (no such
 * database): those are configuration mistakes that waiting will not fix, so they stay 500 and logged.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What node-postgres and its pool say when the connection is gone or cannot be had in time. */
const MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /is not queryable$/,
  /^Connection ended unexpectedly$/,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, message, driverError, cause, errors } = error as {
    code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown;
  };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (driverError !== undefined && isDatabaseUnavailable(driverError, depth + 1)) return true;
  if (cause !== undefined && isDatabaseUnavailable(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}
