import { createUser, gqlError, LOGIN, ME, REFRESH, RELAXED_RATE_LIMITS, TEST_PASSWORD } from './support/auth-helpers';
import { runTypeScript, ScriptResult } from './support/processes';
import { createTestApp, TestApp } from './support/test-app';

/**
 * `npm run cli -- …` as a child process, on this file's test database, in a clean environment (no
 * PARVIS_PASSWORD or data folder from the shell running the tests). The CLI runs from the test run's
 * transpiled copy of src/ (what `ts-node --transpile-only` would compile, compiled once).
 */
function runCli(t: TestApp, args: string[], env: Record<string, string> = {}): Promise<ScriptResult> {
  return runTypeScript('src/cli/main.ts', args, { NODE_ENV: 'test', DATABASE_URL: t.databaseUrl, ...env });
}

describe('admin CLI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(RELAXED_RATE_LIMITS);
  });
  afterAll(() => t.close());

  it('users:create makes an account that logs in through the API', async () => {
    const result = await runCli(t, ['users:create', '--email', 'Maire@Anor.fr', '--name', 'Madame la Maire', '--role', 'admin'],
      { PARVIS_PASSWORD: 'le mot de passe de la maire' });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Created admin maire@anor\.fr \([0-9a-f-]{36}\)\n$/);

    const login = await t.gql(LOGIN, { email: 'maire@anor.fr', password: 'le mot de passe de la maire' });
    expect(login.body.data.login.user).toMatchObject({ email: 'maire@anor.fr', displayName: 'Madame la Maire', role: 'ADMIN' });
  });

  it('users:create refuses to run without PARVIS_PASSWORD when no terminal can prompt, and creates nothing', async () => {
    const result = await runCli(t, ['users:create', '--email', 'nopass@anor.fr', '--name', 'No Pass', '--role', 'editor']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('set PARVIS_PASSWORD');
    const rows = await t.dataSource.query(`SELECT 1 FROM users WHERE email = 'nopass@anor.fr'`);
    expect(rows).toHaveLength(0);
  });

  it('users:create explains a too short password and an unknown role', async () => {
    const short = await runCli(t, ['users:create', '--email', 'short@anor.fr', '--name', 'Short', '--role', 'editor'], { PARVIS_PASSWORD: 'short' });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('Password must be between 12 and 256 characters long');
    const role = await runCli(t, ['users:create', '--email', 'role@anor.fr', '--name', 'Role', '--role', 'mayor'], { PARVIS_PASSWORD: TEST_PASSWORD });
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('--role must be one of admin, editor, contributor');
  });

  it('users:reset-password sets a new password, ends the sessions and lifts the login lock', async () => {
    const user = await createUser(t, { role: 'editor' });
    const session = (await t.gql(LOGIN, { email: user.email, password: TEST_PASSWORD })).body.data.login;
    for (let i = 0; i < 5; i++) await t.gql(LOGIN, { email: user.email, password: `wrong guess ${i}` });
    expect(gqlError(await t.gql(LOGIN, { email: user.email, password: TEST_PASSWORD })).extensions.code).toBe('TOO_MANY_REQUESTS');

    const result = await runCli(t, ['users:reset-password', '--email', user.email.toUpperCase()], { PARVIS_PASSWORD: 'a brand new password' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`New password set for ${user.email}`);

    expect(gqlError(await t.gql(ME, {}, session.accessToken)).extensions.code).toBe('UNAUTHENTICATED');
    expect(gqlError(await t.gql(REFRESH, { refreshToken: session.refreshToken })).extensions.code).toBe('UNAUTHENTICATED');
    expect(gqlError(await t.gql(LOGIN, { email: user.email, password: TEST_PASSWORD })).extensions.code).toBe('UNAUTHENTICATED');
    const login = await t.gql(LOGIN, { email: user.email, password: 'a brand new password' });
    expect(login.body.data.login.user.id).toBe(user.id);
  });

  it('users:list shows the accounts with their role, and an unknown command shows the usage', async () => {
    const user = await createUser(t, { role: 'contributor', displayName: 'Paul Lefèvre' });
    const list = await runCli(t, ['users:list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${user.email.replace(/\./g, '\\.')}\\s+contributor\\s+active\\s+Paul Lefèvre`));

    const unknown = await runCli(t, ['users:delete-everything']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "users:delete-everything"');
    expect(unknown.stderr).toContain('users:create --email');
  });
});
