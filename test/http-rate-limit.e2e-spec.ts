import type { Response } from 'supertest';
import { createUser, LOGIN, loginAs } from './support/auth-helpers';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Rate limits are per client IP. The app trusts one proxy hop here, so each test speaks from its own
 * address (X-Forwarded-For) and starts with a full budget: no test depends on another.
 */
const LIMIT = 3;
const NAVIGATION = '{ navigation(channel: WEB) { title } }';

function expectRetryAfter(res: Response): void {
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('HTTP: anonymous rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(LIMIT), TRUST_PROXY_HOPS: '1' });
  });
  afterAll(() => t.close());

  const rest = (ip: string, path = '/api/v1/pages') => t.http().get(path).set('X-Forwarded-For', ip);
  const gql = (ip: string, query = NAVIGATION) =>
    t.http().post('/graphql').set('X-Forwarded-For', ip).set('Content-Type', 'application/json').send({ query });

  it('answers REST with 429 problem+json TOO_MANY_REQUESTS and Retry-After once the budget is spent', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await rest('203.0.113.1')).status).toBe(200);
    const res = await rest('203.0.113.1');
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(res.text)).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    expectRetryAfter(res);
  });

  it('answers GraphQL with HTTP 429, Retry-After and extensions.code TOO_MANY_REQUESTS once the budget is spent', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const ok = await gql('203.0.113.2');
      expect(ok.status).toBe(200);
      expect(ok.body.errors).toBeUndefined();
    }
    const res = await gql('203.0.113.2');
    expect(res.status).toBe(429);
    expectRetryAfter(res);
    expect(res.body.errors[0].extensions.code).toBe('TOO_MANY_REQUESTS');
    expect(res.body.errors[0].extensions.retryAfterSeconds).toBe(Number(res.headers['retry-after']));
    expect(res.body.errors[0].extensions.http).toBeUndefined();
  });

  it('shares one budget per IP between REST and GraphQL', async () => {
    expect((await rest('203.0.113.3')).status).toBe(200);
    expect((await gql('203.0.113.3')).status).toBe(200);
    expect((await rest('203.0.113.3', '/api/v1/navigation?channel=web')).status).toBe(200);
    expect((await gql('203.0.113.3')).status).toBe(429);
  });

  it('counts a GraphQL request with several root fields once', async () => {
    const aliased = `{ a: navigation(channel: WEB) { title } b: navigation(channel: KIOSK) { title } c: pages { totalCount } }`;
    for (let i = 0; i < LIMIT; i++) {
      const res = await gql('203.0.113.4', aliased);
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
    }
    const refused = await gql('203.0.113.4', aliased);
    expect(refused.status).toBe(429);
    const codes = new Set(refused.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code));
    expect([...codes]).toEqual(['TOO_MANY_REQUESTS']);
  });

  it('keeps the budgets of different IPs apart', async () => {
    for (let i = 0; i < LIMIT; i++) await rest('203.0.113.5');
    expect((await rest('203.0.113.5')).status).toBe(429);
    expect((await rest('203.0.113.6')).status).toBe(200);
  });

  it('never limits the health checks', async () => {
    for (let i = 0; i < LIMIT * 3; i++) {
      expect((await rest('203.0.113.7', '/health/ready')).status).toBe(200);
      expect((await rest('203.0.113.7', '/health/live')).status).toBe(200);
    }
    // …and they do not eat into the budget of the API.
    expect((await rest('203.0.113.7')).status).toBe(200);
  });

  it('never limits an authenticated staff member', async () => {
    const token = await loginAs(t, 'editor');
    for (let i = 0; i < LIMIT * 3; i++) {
      expect((await rest('203.0.113.9').set('Authorization', `Bearer ${token}`)).status).toBe(200);
      const res = await gql('203.0.113.9').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
    }
    // …while an anonymous caller from the same address still has (and spends) its own budget.
    for (let i = 0; i < LIMIT; i++) expect((await rest('203.0.113.9')).status).toBe(200);
    expect((await rest('203.0.113.9')).status).toBe(429);
  });

  it('tells the client its budget in X-RateLimit-* headers', async () => {
    const res = await rest('203.0.113.8');
    expect(res.headers['x-ratelimit-limit']).toBe(String(LIMIT));
    expect(res.headers['x-ratelimit-remaining']).toBe(String(LIMIT - 1));
  });
});

describe('HTTP: login rate limit', () => {
  const LOGIN_LIMIT = 2;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_LOGIN_PER_15_MINUTES: String(LOGIN_LIMIT), RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000', TRUST_PROXY_HOPS: '1' });
  });
  afterAll(() => t.close());

  const restLogin = (ip: string, body: object) => t.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send(body);
  const gqlLogin = (ip: string, variables: object) =>
    t.http().post('/graphql').set('X-Forwarded-For', ip).send({ query: LOGIN, variables });

  it('refuses the next REST login with 429 problem+json and a Retry-After of up to 15 minutes', async () => {
    // Wrong passwords on different emails: the per-IP limit, not the per-account lock-out, is at work.
    for (let i = 0; i < LOGIN_LIMIT; i++) {
      expect((await restLogin('198.51.100.1', { email: `nobody${i}@anor.fr`, password: 'wrong password' })).status).toBe(401);
    }
    const res = await restLogin('198.51.100.1', { email: 'nobody-else@anor.fr', password: 'wrong password' });
    expect(res.status).toBe(429);
    expect(JSON.parse(res.text)).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('refuses even a correct password once the address has spent its login attempts', async () => {
    const user = await createUser(t, { role: 'editor' });
    for (let i = 0; i < LOGIN_LIMIT; i++) await gqlLogin('198.51.100.2', { email: user.email, password: 'wrong password' });
    const res = await gqlLogin('198.51.100.2', { email: user.email, password: user.password });
    expect(res.status).toBe(429);
    expect(res.body.errors[0].extensions.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(60);
    expect(res.body.data).toBeNull();
  });

  it('shares the login budget between GraphQL and REST', async () => {
    const user = await createUser(t, { role: 'editor' });
    expect((await gqlLogin('198.51.100.3', { email: user.email, password: user.password })).body.data.login.accessToken).toBeDefined();
    expect((await restLogin('198.51.100.3', { email: user.email, password: user.password })).status).toBe(200);
    expect((await restLogin('198.51.100.3', { email: user.email, password: user.password })).status).toBe(429);
  });

  it('counts every aliased login field of one GraphQL request as an attempt', async () => {
    // Correct credentials: a failed login nulls `data` and stops the mutation, a successful one does not.
    const user = await createUser(t, { role: 'editor' });
    const attempts = Array.from({ length: LOGIN_LIMIT + 1 }, (_, i) =>
      `a${i}: login(email: "${user.email}", password: "${user.password}") { accessToken }`).join(' ');
    const res = await t.http().post('/graphql').set('X-Forwarded-For', '198.51.100.4').send({ query: `mutation { ${attempts} }` });
    expect(res.status).toBe(429);
    expect(res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['TOO_MANY_REQUESTS']);
    expect(res.body.errors[0].path).toEqual([`a${LOGIN_LIMIT}`]);
  });

  it('does not limit other operations of an address that spent its login attempts', async () => {
    for (let i = 0; i < LOGIN_LIMIT + 1; i++) await restLogin('198.51.100.5', { email: 'nobody@anor.fr', password: 'wrong password' });
    expect((await restLogin('198.51.100.5', { email: 'nobody@anor.fr', password: 'wrong password' })).status).toBe(429);
    expect((await t.http().get('/api/v1/pages').set('X-Forwarded-For', '198.51.100.5')).status).toBe(200);
    expect((await gqlLogin('198.51.100.6', { email: 'nobody@anor.fr', password: 'wrong password' })).status).toBe(200);
  });
});
