import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { JsonSchema, ref } from './json-schema';
import type { RestModelName } from './rest-models';

/**
 * The decorators REST controllers describe their routes with (explicit, no CLI plugin: the document
 * is the same whether the code is built by `nest build`, ts-jest or ts-node). What they do not say is
 * derived when the document is built (openapi.document.ts): parameters and bodies from the DTOs'
 * validation rules, models from the GraphQL schema, error answers and security from `@ApiAccess`.
 */

/**
 * Who may call a route:
 * - `public`: anyone; a staff token or an API key may be sent (its own rate limit; staff see drafts);
 * - `staff`: a staff login (JWT) or an API key with a staff role; the service checks the role;
 * - `admin`: an administrator's login or an API key with the admin role;
 * - `user`: a staff login (JWT) only, e.g. the caller's own account.
 */
export type ApiAccessLevel = 'public' | 'staff' | 'admin' | 'user';
export const ACCESS_EXTENSION = 'x-parvis-access';

export const ApiAccess = (level: ApiAccessLevel): MethodDecorator & ClassDecorator =>
  ApiExtension(ACCESS_EXTENSION, { level }) as MethodDecorator & ClassDecorator;

/** A JSON answer: a REST model (rest-models.ts). */
export function ApiJson(model: RestModelName | JsonSchema, options: { status?: number; description?: string } = {}): MethodDecorator {
  const schema = typeof model === 'string' ? ref(model) : model;
  return ApiResponse({ status: options.status ?? 200, description: options.description ?? 'OK', content: { 'application/json': { schema } } });
}

/** A non-JSON answer (a feed, a file, a CSV export). */
export function ApiFile(contentType: string | string[], description: string, schema: JsonSchema = { type: 'string' }, status = 200): MethodDecorator {
  const types = Array.isArray(contentType) ? contentType : [contentType];
  return ApiResponse({ status, description, content: Object.fromEntries(types.map((type) => [type, { schema }])) });
}

/** Refusals a route gives besides the ones derived from its parameters and access (400, 401, 403, 404, 413, 429, 503). */
export function ApiErrors(...statuses: number[]): MethodDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({
    status, description: ERROR_DESCRIPTIONS[status] ?? 'Refused', content: { 'application/problem+json': { schema: ref('Problem') } },
  })));
}

/** A summary and, optionally, a longer description. */
export const ApiDoc = (summary: string, description?: string): MethodDecorator => ApiOperation({ summary, ...(description ? { description } : {}) });

export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid parameter or body (BAD_USER_INPUT): `errors` names each field',
  401: 'Missing, expired, revoked or malformed token (UNAUTHENTICATED)',
  403: 'Authenticated, but not allowed (FORBIDDEN), e.g. a read-only API key or a contributor',
  404: 'Not found, or not visible to the caller (NOT_FOUND)',
  409: 'Stale version or conflicting change (CONFLICT): `currentVersion` says what to re-read',
  410: 'No longer available (GONE), e.g. an expired sync token: start again',
  413: 'Body or file too large (PAYLOAD_TOO_LARGE)',
  429: 'Rate limit reached (TOO_MANY_REQUESTS): see Retry-After',
  503: 'The database is unavailable (SERVICE_UNAVAILABLE): retry after Retry-After',
};
