import { createTestApp, TestApp } from './support/test-app';

const ALLOWED = 'https://www.anor.fr';
const OTHER_ALLOWED = 'https://borne.anor.fr';
const DISALLOWED = 'https://evil.example';

function accessControlHeaders(headers: Record<string, unknown>): string[] {
  return Object.keys(headers).filter((name) => name.toLowerCase().startsWith('access-control-'));
}

describe('HTTP: CORS, security headers, body limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: `${ALLOWED}, ${OTHER_ALLOWED}`, BODY_LIMIT: '2kb' });
  });
  afterAll(() => t.close());

  describe('CORS', () => {
    it('answers a preflight from an allowed origin with the Access-Control-Allow-* headers', async () => {
      const res = await t.http().options('/graphql')
        .set('Origin', OTHER_ALLOWED)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type, authorization');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(OTHER_ALLOWED);
      expect(res.headers['access-control-allow-methods']).toContain('POST');
      expect(res.headers['access-control-allow-headers']?.toLowerCase()).toContain('authorization');
      expect(res.headers['access-control-allow-headers']?.toLowerCase()).toContain('content-type');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers['vary']).toContain('Origin');
    });

    it('gives a disallowed origin no Access-Control-* header at all', async () => {
      const res = await t.http().options('/graphql')
        .set('Origin', DISALLOWED)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type');
      expect(accessControlHeaders(res.headers)).toEqual([]);
    });

    it('lets an allowed origin read X-Request-Id and Retry-After on an actual request', async () => {
      const res = await t.http().get('/health/live').set('Origin', ALLOWED).expect(200);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      const exposed = String(res.headers['access-control-expose-headers']).toLowerCase();
      expect(exposed).toContain('x-request-id');
      expect(exposed).toContain('retry-after');
    });

    it('does not mark an actual request from a disallowed origin as readable', async () => {
      const res = await t.http().get('/health/live').set('Origin', DISALLOWED).expect(200);
      expect(accessControlHeaders(res.headers)).toEqual([]);
      expect(res.headers['vary']).toContain('Origin');
    });
  });

  describe('security headers', () => {
    it('sends a deny-all CSP and helmet headers with API responses', async () => {
      const res = await t.http().get('/health/live').expect(200);
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('gives every answer a request id, and keeps a sane one sent by the caller', async () => {
      const generated = await t.http().get('/health/live').expect(200);
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const kept = await t.http().get('/health/live').set('X-Request-Id', 'kiosk-42.abc').expect(200);
      expect(kept.headers['x-request-id']).toBe('kiosk-42.abc');
      const replaced = await t.http().get('/health/live').set('X-Request-Id', 'bad id with spaces').expect(200);
      expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
    });
  });

  describe('request bodies', () => {
    const tooLarge = { query: '{ __typename }', variables: { padding: 'x'.repeat(4096) } };

    it('answers 413 PAYLOAD_TOO_LARGE as problem+json when a REST body is over BODY_LIMIT', async () => {
      const res = await t.http().post('/api/v1/pages').set('Content-Type', 'application/json').send(JSON.stringify(tooLarge));
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = JSON.parse(res.text);
      expect(body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'Payload too large', instance: '/api/v1/pages' });
      expect(res.headers['x-request-id']).toBeDefined();
    });

    it('answers 413 with a GraphQL error PAYLOAD_TOO_LARGE when a POST /graphql body is over BODY_LIMIT', async () => {
      const res = await t.http().post('/graphql').set('Content-Type', 'application/json').send(JSON.stringify(tooLarge));
      expect(res.status).toBe(413);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('lets the answer to a too-large body from an allowed origin be read by the browser', async () => {
      const res = await t.http().post('/graphql').set('Origin', ALLOWED).set('Content-Type', 'application/json')
        .send(JSON.stringify(tooLarge));
      expect(res.status).toBe(413);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    });

    it('accepts a body just under BODY_LIMIT', async () => {
      const res = await t.http().post('/graphql').set('Content-Type', 'application/json')
        .send(JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(1500) } }));
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ __typename: 'Query' });
    });

    it('answers malformed JSON on REST with 400 problem+json, not 500', async () => {
      const res = await t.http().post('/api/v1/pages').set('Content-Type', 'application/json').send('{"title": ');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(res.text)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', detail: 'Request body is not valid JSON' });
    });

    it('answers malformed JSON on /graphql with 400 and a GraphQL error, not 500', async () => {
      const res = await t.http().post('/graphql').set('Content-Type', 'application/json').send('{"query": "{ __typename }"');
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ message: 'Request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } });
    });
  });
});

describe('HTTP: security headers with the Apollo Sandbox on (development)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ GRAPHQL_SANDBOX: 'true' });
  });
  afterAll(() => t.close());

  it('lets the sandbox page at GET /graphql load from the Apollo CDNs', async () => {
    const res = await t.http().get('/graphql').set('Accept', 'text/html').expect(200);
    expect(res.text).toContain('embeddable-sandbox.cdn.apollographql.com');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src [^;]*https:\/\/embeddable-sandbox\.cdn\.apollographql\.com/);
    expect(csp).toMatch(/script-src [^;]*'unsafe-inline'/);
    expect(csp).toMatch(/frame-src [^;]*https:\/\/sandbox\.embed\.apollographql\.com/);
    expect(csp).toMatch(/img-src [^;]*https:\/\/apollo-server-landing-page\.cdn\.apollographql\.com/);
    expect(csp).toMatch(/connect-src [^;]*'self'/);
  });

  it('keeps the deny-all CSP on API responses', async () => {
    const res = await t.http().post('/graphql').send({ query: '{ __typename }' }).expect(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });
});
