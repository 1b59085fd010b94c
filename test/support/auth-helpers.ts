import { randomBytes } from 'node:crypto';
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
