import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '../errors';

/**
 * A GraphQL operation that failed as a whole because the database was unavailable is answered with
 * HTTP 503 and `Retry-After`, like REST: a load balancer, a cache or a client library that looks only
 * at the status then knows to retry. Each error keeps its own `SERVICE_UNAVAILABLE` code and
 * `retryAfterSeconds`. When some fields did resolve (partial data), the answer stays 200: those
 * fields are good, and the errors say which ones failed and why.
 */
export function serviceUnavailablePlugin(): ApolloServerPlugin {
  return {
    requestDidStart: () => Promise.resolve({
      willSendResponse: ({ response }) => {
        if (response.body.kind !== 'single') return Promise.resolve();
        const { data, errors } = response.body.singleResult;
        const unavailable = errors?.filter((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE) ?? [];
        if (unavailable.length === 0) return Promise.resolve();
        const anyField = data !== null && data !== undefined
          && Object.entries(data).some(([field, value]) => field !== '__typename' && value !== null);
        if (anyField) return Promise.resolve();
        const retryAfter = unavailable.map((error) => error.extensions?.retryAfterSeconds).find((value) => typeof value === 'number');
        response.http.status = 503;
        response.http.headers.set('retry-after', String(retryAfter ?? 5));
        return Promise.resolve();
      },
    }),
  };
}
