import { createHmac, randomBytes } from 'node:crypto';
import { AuthService } from '../../src/auth/auth.service';
import { UserModel } from '../../src/auth/user.model';
import { UsersService } from '../../src/auth/users.service';
import type { Role } from '../../src/common/request-context';
import type { TestApp } from './test-app';

/** The password of every user made by these helpers unless a test gives its own. */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUserOptions {
  role: Role;
  email?: string;
  password?: string;
  displayName?: string;
}

export interface TestUser extends UserModel {
  password: string;
}

/** A staff account inserted through the real UsersService (unique email unless one is given). */
export async function createUser(t: TestApp, options: TestUserOptions): Promise<TestUser> {
  const email = options.email ?? `${options.role}-${randomBytes(6).toString('hex')}@test.parvis.dev`;
  const password = options.password ?? TEST_PASSWORD;
  const user = await t.app.get(UsersService).create({
    email,
    displayName: options.displayName ?? `Test ${options.role}`,
    role: options.role,
    password,
  });
  return { ...user, password };
}

/**
 * A new user of this role and a real session for them; returns the access token (send it with
 * `t.gql(query, variables, token)` or `.set('Authorization', \`Bearer ${token}\`)`). Goes through
 * the AuthService rather than HTTP, so it never uses up the per-IP login rate limit.
 */
export async function loginAs(t: TestApp, role: Role): Promise<string> {
  const user = await createUser(t, { role });
  const session = await t.app.get(AuthService).login(user.email, user.password);
  return session.accessToken;
}

/** Generous per-IP limits for files that log in many times over HTTP (the limits have their own tests). */
export const RELAXED_RATE_LIMITS = { RATE_LIMIT_LOGIN_PER_15_MINUTES: '10000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' };

export const AUTH_PAYLOAD_FIELDS = 'accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id email displayName role }';
export const LOGIN = `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { ${AUTH_PAYLOAD_FIELDS} } }`;
export const REFRESH = `mutation Refresh($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${AUTH_PAYLOAD_FIELDS} } }`;
export const ME = '{ me { id email displayName role } }';

export interface GqlError {
  message: string;
  extensions: { code: string; fields?: { path: string; message: string }[]; retryAfterSeconds?: number };
}

/** The first GraphQL error of a response (fails the test when there is none). */
export function gqlError(res: { body: { errors?: GqlError[] } }): GqlError {
  const error = res.body.errors?.[0];
  if (!error) throw new Error(`Expected a GraphQL error, got ${JSON.stringify(res.body)}`);
  return error;
}

/** Signs a JWT by hand (node:crypto only), to prove what the API refuses. `key` undefined: `alg: none`. */
export function forgeJwt(claims: Record<string, unknown>, key: string | undefined, alg: 'HS256' | 'HS512' | 'none' = key ? 'HS256' : 'none'): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg, typ: 'JWT' })}.${part(claims)}`;
  if (alg === 'none' || key === undefined) return `${unsigned}.`;
  return `${unsigned}.${createHmac(alg === 'HS512' ? 'sha512' : 'sha256', key).update(unsigned).digest('base64url')}`;
}

/** The claims of one of our access tokens (no verification: tests only). */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}
