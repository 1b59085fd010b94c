import { SessionsService } from '../src/auth/sessions.service';
import { createUser, gqlError, LOGIN, ME, REFRESH, RELAXED_RATE_LIMITS, TEST_PASSWORD } from './support/auth-helpers';
import { createTestApp, TestApp } from './support/test-app';

interface Session {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
  user: { id: string; email: string; role: string };
}

describe('staff authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(RELAXED_RATE_LIMITS);
  });
  afterAll(() => t.close());

  async function login(email: string, password = TEST_PASSWORD): Promise<Session> {
    const res = await t.gql(LOGIN, { email, password });
    if (!res.body.data?.login) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
    return res.body.data.login as Session;
  }

  const refresh = (refreshToken: string) => t.gql(REFRESH, { refreshToken });
  const restLogin = (email: string, password: string) => t.http().post('/api/v1/auth/login').send({ email, password });

  describe('login', () => {
    it('logs in through GraphQL whatever the letter case of the email, and the access token works', async () => {
      const user = await createUser(t, { role: 'editor', email: 'Marie.Dupont@Anor.fr' });
      const before = Date.now();
      const session = await login('  MARIE.DUPONT@anor.FR ');
      expect(session.user).toMatchObject({ id: user.id, email: 'marie.dupont@anor.fr', role: 'EDITOR' });
      expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const accessExpiry = Date.parse(session.accessTokenExpiresAt) - before;
      expect(accessExpiry).toBeGreaterThan(14 * 60_000);
      expect(accessExpiry).toBeLessThanOrEqual(15 * 60_000 + 1000);
      const refreshExpiry = Date.parse(session.refreshTokenExpiresAt) - before;
      expect(refreshExpiry).toBeGreaterThan(29.9 * 86_400_000);
      expect(refreshExpiry).toBeLessThanOrEqual(30 * 86_400_000 + 1000);

      const me = await t.gql(ME, {}, session.accessToken);
      expect(me.body.data.me).toEqual({ id: user.id, email: 'marie.dupont@anor.fr', displayName: 'Test editor', role: 'EDITOR' });
    });

    it('logs in through REST and reads GET /api/v1/auth/me', async () => {
      const user = await createUser(t, { role: 'contributor' });
      const res = await restLogin(user.email, TEST_PASSWORD).expect(200);
      expect(res.body.user).toMatchObject({ id: user.id, role: 'CONTRIBUTOR' });
      expect(res.body.user.passwordHash).toBeUndefined();
      const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
      expect(me.body).toMatchObject({ id: user.id, email: user.email, role: 'CONTRIBUTOR', disabled: false });
      expect(JSON.stringify(me.body)).not.toContain('argon2');
    });

    it('answers a wrong password and an unknown email identically, in GraphQL and REST', async () => {
      const user = await createUser(t, { role: 'editor' });
      const wrongPassword = await t.gql(LOGIN, { email: user.email, password: 'not the password at all' });
      const unknownEmail = await t.gql(LOGIN, { email: 'nobody@anor.fr', password: 'not the password at all' });
      expect(gqlError(wrongPassword)).toEqual(gqlError(unknownEmail));
      expect(gqlError(wrongPassword)).toMatchObject({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } });
      expect(wrongPassword.status).toBe(unknownEmail.status);

      const restWrong = await restLogin(user.email, 'not the password at all');
      const restUnknown = await restLogin('nobody@anor.fr', 'not the password at all');
      expect(restWrong.status).toBe(401);
      expect(restUnknown.status).toBe(401);
      expect(restWrong.body).toEqual(restUnknown.body);
      expect(restWrong.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'Invalid email or password' });
    });

    it('refuses a malformed email as BAD_USER_INPUT on the email field', async () => {
      const res = await t.gql(LOGIN, { email: 'not-an-email', password: 'whatever password' });
      expect(gqlError(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'email' }] });
      const rest = await restLogin('not-an-email', 'whatever password').expect(400);
      expect(rest.body.errors).toEqual([expect.objectContaining({ path: 'email' })]);
    });

    it('refuses the right password of a disabled account', async () => {
      const user = await createUser(t, { role: 'editor' });
      await t.dataSource.query('UPDATE users SET disabled = true WHERE id = $1', [user.id]);
      const res = await t.gql(LOGIN, { email: user.email, password: TEST_PASSWORD });
      expect(gqlError(res).extensions.code).toBe('UNAUTHENTICATED');
      expect(res.body.data).toBeNull();
    });
  });

  describe('lock-out after repeated failures', () => {
    async function failLogins(email: string, times: number): Promise<void> {
      for (let i = 0; i < times; i++) {
        const res = await t.gql(LOGIN, { email, password: `wrong password number ${i}` });
        expect(gqlError(res).extensions.code).toBe('UNAUTHENTICATED');
      }
    }

    it('locks an email after 5 failures: even the right password gets TOO_MANY_REQUESTS', async () => {
      const user = await createUser(t, { role: 'admin' });
      await failLogins(user.email, 5);
      const locked = await t.gql(LOGIN, { email: user.email, password: TEST_PASSWORD });
      expect(locked.status).toBe(429);
      expect(locked.headers['retry-after']).toBeDefined();
      const error = gqlError(locked);
      expect(error.extensions.code).toBe('TOO_MANY_REQUESTS');
      expect(error.extensions.retryAfterSeconds).toBeGreaterThan(14 * 60);
      expect(error.extensions.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);

      const rest = await restLogin(user.email.toUpperCase(), TEST_PASSWORD).expect(429);
      expect(rest.body.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(rest.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('locks an unknown email exactly the same way, so the lock tells nothing about accounts', async () => {
      await failLogins('ghost@anor.fr', 5);
      const res = await t.gql(LOGIN, { email: 'ghost@anor.fr', password: TEST_PASSWORD });
      expect(gqlError(res).extensions.code).toBe('TOO_MANY_REQUESTS');
    });

    it('counts failures per email: other accounts are not locked', async () => {
      const victim = await createUser(t, { role: 'editor' });
      const other = await createUser(t, { role: 'editor' });
      await failLogins(victim.email, 5);
      await expect(login(other.email)).resolves.toMatchObject({ user: { id: other.id } });
    });

    it('starts counting again after a successful login', async () => {
      const user = await createUser(t, { role: 'editor' });
      await failLogins(user.email, 4);
      await login(user.email);
      await failLogins(user.email, 4);
      await expect(login(user.email)).resolves.toMatchObject({ user: { id: user.id } });
    });

    it('lets the right password in again once the lock has expired', async () => {
      const user = await createUser(t, { role: 'editor' });
      await failLogins(user.email, 5);
      expect(gqlError(await t.gql(LOGIN, { email: user.email, password: TEST_PASSWORD })).extensions.code).toBe('TOO_MANY_REQUESTS');
      // Fifteen minutes later, as far as the database is concerned.
      await t.dataSource.query(`UPDATE login_failures SET locked_until = now() - interval '1 second',
        window_started_at = now() - interval '16 minutes'`);
      await expect(login(user.email)).resolves.toMatchObject({ user: { id: user.id } });
    });

    it('never lets more than 5 parallel guesses through for one email', async () => {
      const user = await createUser(t, { role: 'editor' });
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        t.gql(LOGIN, { email: user.email, password: `parallel wrong guess ${i}` })));
      const codes = answers.map((res) => gqlError(res).extensions.code);
      expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(5);
      expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(7);
    });
  });

  describe('refresh tokens', () => {
    it('rotates the refresh token on every use and gives a working access token', async () => {
      const user = await createUser(t, { role: 'editor' });
      const first = await login(user.email);
      const second = (await refresh(first.refreshToken)).body.data.refreshSession as Session;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.user.id).toBe(user.id);
      const third = (await refresh(second.refreshToken)).body.data.refreshSession as Session;
      expect(third.refreshToken).not.toBe(second.refreshToken);
      expect((await t.gql(ME, {}, third.accessToken)).body.data.me.id).toBe(user.id);
    });

    it('on re-use of a rotated token, revokes the whole family: the newest tokens fail too', async () => {
      const user = await createUser(t, { role: 'editor' });
      const elsewhere = await login(user.email);
      const first = await login(user.email);
      const second = (await refresh(first.refreshToken)).body.data.refreshSession as Session;

      const replay = await refresh(first.refreshToken);
      expect(gqlError(replay).extensions.code).toBe('UNAUTHENTICATED');
      expect(gqlError(await refresh(second.refreshToken)).extensions.code).toBe('UNAUTHENTICATED');
      expect(gqlError(await t.gql(ME, {}, second.accessToken)).extensions.code).toBe('UNAUTHENTICATED');
      // Another session of the same user is a different family and lives on.
      expect((await t.gql(ME, {}, elsewhere.accessToken)).body.data.me.id).toBe(user.id);
      expect((await refresh(elsewhere.refreshToken)).body.data.refreshSession.user.id).toBe(user.id);
    });

    it('lets exactly one of several concurrent refreshes with the same token succeed, and ends the family', async () => {
      // Called on the service: HTTP requests from one test process arrive too far apart to race.
      const sessions = t.app.get(SessionsService);
      for (let round = 0; round < 3; round++) {
        const user = await createUser(t, { role: 'editor' });
        const issued = await sessions.open(user.id);
        const results = await Promise.allSettled(Array.from({ length: 6 }, () => sessions.rotate(issued.token)));
        const succeeded = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
        expect(succeeded).toHaveLength(1);
        for (const result of results) {
          if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'UNAUTHENTICATED' });
        }
        // The others presented a token that had just been used: a re-use, so the family is ended.
        expect(gqlError(await refresh(succeeded[0].token)).extensions.code).toBe('UNAUTHENTICATED');
      }
    });

    it('refuses an unknown and an expired refresh token', async () => {
      expect(gqlError(await refresh('A'.repeat(43))).extensions.code).toBe('UNAUTHENTICATED');
      const user = await createUser(t, { role: 'editor' });
      const session = await login(user.email);
      await t.dataSource.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second'
        WHERE session_id = (SELECT id FROM auth_sessions WHERE user_id = $1)`, [user.id]);
      expect(gqlError(await refresh(session.refreshToken)).extensions.code).toBe('UNAUTHENTICATED');
    });

    it('refreshes through REST', async () => {
      const user = await createUser(t, { role: 'contributor' });
      const session = await login(user.email);
      const res = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
      expect(res.body.refreshToken).not.toBe(session.refreshToken);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: res.body.refreshToken }).expect(401);
    });
  });

  describe('logout', () => {
    const LOGOUT = 'mutation Logout($refreshToken: String) { logout(refreshToken: $refreshToken) }';

    it('ends the session of the given refresh token: its refresh and access tokens stop working', async () => {
      const user = await createUser(t, { role: 'editor' });
      const session = await login(user.email);
      const res = await t.gql(LOGOUT, { refreshToken: session.refreshToken });
      expect(res.body.data.logout).toBe(true);
      expect(gqlError(await refresh(session.refreshToken)).extensions.code).toBe('UNAUTHENTICATED');
      expect(gqlError(await t.gql(ME, {}, session.accessToken)).extensions.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(LOGOUT, { refreshToken: session.refreshToken })).body.data.logout).toBe(false);
    });

    it('without a token, ends the caller\'s current session and only that one', async () => {
      const user = await createUser(t, { role: 'editor' });
      const current = await login(user.email);
      const other = await login(user.email);
      expect((await t.gql(LOGOUT, {}, current.accessToken)).body.data.logout).toBe(true);
      expect(gqlError(await t.gql(ME, {}, current.accessToken)).extensions.code).toBe('UNAUTHENTICATED');
      expect(gqlError(await refresh(current.refreshToken)).extensions.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(ME, {}, other.accessToken)).body.data.me.id).toBe(user.id);
    });

    it('without a token and without a session, answers UNAUTHENTICATED', async () => {
      expect(gqlError(await t.gql(LOGOUT, {})).extensions.code).toBe('UNAUTHENTICATED');
    });

    it('logs out through REST', async () => {
      const user = await createUser(t, { role: 'editor' });
      const session = await login(user.email);
      const res = await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${session.accessToken}`).send({}).expect(200);
      expect(res.body).toEqual({ loggedOut: true });
      await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${session.accessToken}`).expect(401);
    });
  });

  describe('who is calling', () => {
    it('answers me with UNAUTHENTICATED for an anonymous caller, in GraphQL and REST', async () => {
      const res = await t.gql(ME);
      expect(gqlError(res).extensions.code).toBe('UNAUTHENTICATED');
      expect(res.body.data).toBeNull();
      const rest = await t.http().get('/api/v1/auth/me').expect(401);
      expect(rest.body.code).toBe('UNAUTHENTICATED');
    });

    it('refuses an invalid bearer token even on a public operation, instead of treating it as anonymous', async () => {
      const user = await createUser(t, { role: 'editor' });
      const res = await t.gql(LOGIN, { email: user.email, password: TEST_PASSWORD }, 'not-a-jwt');
      expect(gqlError(res).extensions.code).toBe('UNAUTHENTICATED');
      const basic = await t.http().post('/api/v1/auth/login').set('Authorization', 'Basic dXNlcjpwYXNz')
        .send({ email: user.email, password: TEST_PASSWORD });
      expect(basic.status).toBe(401);
    });
  });
});
