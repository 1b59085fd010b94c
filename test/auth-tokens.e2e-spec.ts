import { createUser, forgeJwt, gqlError, jwtClaims, LOGIN, loginAs, ME, REFRESH, RELAXED_RATE_LIMITS, TEST_PASSWORD } from './support/auth-helpers';
import { createTestApp, TestApp } from './support/test-app';

const USERS = '{ users { id email role disabled } }';
const UPDATE_USER = `mutation Update($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) { id role disabled } }`;

describe('access tokens and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(RELAXED_RATE_LIMITS);
  });
  afterAll(() => t.close());

  async function session(role: 'admin' | 'editor' | 'contributor'): Promise<{ userId: string; accessToken: string; refreshToken: string }> {
    const user = await createUser(t, { role });
    const res = await t.gql(LOGIN, { email: user.email, password: TEST_PASSWORD });
    return { userId: user.id, ...res.body.data.login };
  }

  async function meCode(token: string): Promise<string> {
    const res = await t.gql(ME, {}, token);
    return res.body.errors ? gqlError(res).extensions.code : 'OK';
  }

  describe('forged tokens', () => {
    it('accepts a token we sign ourselves with the server secret (so the refusals below are about the flaw)', async () => {
      const { accessToken } = await session('editor');
      const claims = jwtClaims(accessToken);
      expect(await meCode(forgeJwt({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 }, t.config.jwt.secret))).toBe('OK');
    });

    it('refuses an expired token, saying so', async () => {
      const { accessToken } = await session('editor');
      const expired = forgeJwt({ ...jwtClaims(accessToken), iat: Math.floor(Date.now() / 1000) - 1000, exp: Math.floor(Date.now() / 1000) - 10 },
        t.config.jwt.secret);
      const res = await t.gql(ME, {}, expired);
      expect(gqlError(res)).toMatchObject({ message: 'Access token has expired', extensions: { code: 'UNAUTHENTICATED' } });
      const rest = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
      expect(rest.body.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a token signed with another key', async () => {
      const { accessToken } = await session('admin');
      const claims = { ...jwtClaims(accessToken), exp: Math.floor(Date.now() / 1000) + 600 };
      expect(await meCode(forgeJwt(claims, 'another secret, at least thirty-two characters long'))).toBe('UNAUTHENTICATED');
    });

    it('refuses an unsigned token (alg: none)', async () => {
      const { accessToken } = await session('admin');
      const claims = { ...jwtClaims(accessToken), exp: Math.floor(Date.now() / 1000) + 600 };
      expect(await meCode(forgeJwt(claims, undefined, 'none'))).toBe('UNAUTHENTICATED');
    });

    it('refuses another algorithm even with the right secret (HS512)', async () => {
      const { accessToken } = await session('admin');
      const claims = { ...jwtClaims(accessToken), exp: Math.floor(Date.now() / 1000) + 600 };
      expect(await meCode(forgeJwt(claims, t.config.jwt.secret, 'HS512'))).toBe('UNAUTHENTICATED');
    });

    it('refuses a validly signed token whose session does not exist or whose claims are not ours', async () => {
      const { accessToken } = await session('admin');
      const claims = { ...jwtClaims(accessToken), exp: Math.floor(Date.now() / 1000) + 600 };
      expect(await meCode(forgeJwt({ ...claims, sid: '00000000-0000-4000-8000-000000000000' }, t.config.jwt.secret))).toBe('UNAUTHENTICATED');
      expect(await meCode(forgeJwt({ ...claims, sub: 'admin' }, t.config.jwt.secret))).toBe('UNAUTHENTICATED');
    });
  });

  describe('accounts changed after login', () => {
    it('rejects the access and refresh tokens of an account an admin has disabled, and lets them work again only after a new login', async () => {
      const admin = await loginAs(t, 'admin');
      const editor = await session('editor');
      expect(await meCode(editor.accessToken)).toBe('OK');
      const res = await t.gql(UPDATE_USER, { id: editor.userId, input: { disabled: true } }, admin);
      expect(res.body.data.updateUser).toMatchObject({ id: editor.userId, disabled: true });
      expect(await meCode(editor.accessToken)).toBe('UNAUTHENTICATED');
      expect(gqlError(await t.gql(REFRESH, { refreshToken: editor.refreshToken })).extensions.code).toBe('UNAUTHENTICATED');

      await t.gql(UPDATE_USER, { id: editor.userId, input: { disabled: false } }, admin);
      // Disabling ended the sessions for good: the old token stays refused after re-enabling.
      expect(await meCode(editor.accessToken)).toBe('UNAUTHENTICATED');
    });

    it('rejects the token of an account disabled directly in the database, sessions left alone', async () => {
      const editor = await session('editor');
      await t.dataSource.query('UPDATE users SET disabled = true WHERE id = $1', [editor.userId]);
      expect(await meCode(editor.accessToken)).toBe('UNAUTHENTICATED');
      expect(gqlError(await t.gql(REFRESH, { refreshToken: editor.refreshToken })).extensions.code).toBe('UNAUTHENTICATED');
    });

    it('rejects the token of a deleted account', async () => {
      const editor = await session('editor');
      await t.dataSource.query('DELETE FROM users WHERE id = $1', [editor.userId]);
      expect(await meCode(editor.accessToken)).toBe('UNAUTHENTICATED');
    });

    it('applies a role change to existing access tokens at once', async () => {
      const admin = await loginAs(t, 'admin');
      const editor = await session('editor');
      expect(gqlError(await t.gql(USERS, {}, editor.accessToken)).extensions.code).toBe('FORBIDDEN');
      await t.gql(UPDATE_USER, { id: editor.userId, input: { role: 'ADMIN' } }, admin);
      const res = await t.gql(USERS, {}, editor.accessToken);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.users.map((user: { id: string }) => user.id)).toContain(editor.userId);
    });
  });

  describe('roles', () => {
    it('lets an admin list the users', async () => {
      const admin = await loginAs(t, 'admin');
      const res = await t.gql(USERS, {}, admin);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.users.length).toBeGreaterThan(0);
      expect(res.body.data.users[0]).not.toHaveProperty('passwordHash');
    });

    it('answers FORBIDDEN to an editor and a contributor on the admin-only users query', async () => {
      for (const role of ['editor', 'contributor'] as const) {
        const res = await t.gql(USERS, {}, await loginAs(t, role));
        expect(gqlError(res).extensions.code).toBe('FORBIDDEN');
        expect(res.body.data).toBeNull();
      }
    });

    it('answers UNAUTHENTICATED to an anonymous caller on the admin-only users query', async () => {
      expect(gqlError(await t.gql(USERS)).extensions.code).toBe('UNAUTHENTICATED');
    });
  });
});
