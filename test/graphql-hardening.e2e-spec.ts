import { connect, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { FragmentDefinitionNode, Kind, OperationDefinitionNode, parse, validate } from 'graphql';
import { graphqlOptions } from '../src/common/graphql/graphql-options';
import { queryCost } from '../src/common/graphql/query-cost';
import { loginAs, LOGIN } from './support/auth-helpers';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 11, points 9, 10 and 15, and the slow request body of 12: every hostile request is refused
 * before it costs anything, with a code that says where (rate limit, size, parse, validation), and
 * the queries the README shows pass at the largest page size.
 */

const LIMIT = 4;

/** `count` fragments, each selecting a field and spreading the next one. */
function manyFragments(count: number): string {
  const fragments = Array.from({ length: count }, (_, i) =>
    `fragment F${i} on Query { navigation(channel: WEB) { id } ${i + 1 < count ? `...F${i + 1}` : ''} }`).join('\n');
  return `{ ...F0 }\n${fragments}`;
}

/** Fragments that each spread the next one twice: 2^depth paths if anything walked them naively. */
function doublingFragments(depth: number): string {
  const fragments = Array.from({ length: depth }, (_, i) =>
    i + 1 < depth ? `fragment D${i} on Page { ...D${i + 1} ...D${i + 1} }` : `fragment D${i} on Page { id title }`).join('\n');
  return `{ pages(first: 1) { edges { node { ...D0 } } } }\n${fragments}`;
}

/** A JSON text nested `depth` levels deep (built as text: JSON.stringify itself would recurse). */
function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

describe('GraphQL hardening: every request is counted before parsing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(LIMIT), TRUST_PROXY_HOPS: '1' });
  });
  afterAll(() => t.close());

  const gql = (ip: string, body: object) =>
    t.http().post('/graphql').set('X-Forwarded-For', ip).set('Content-Type', 'application/json').send(body);

  it('answers 429 after N requests from one address even when every one was a parse error', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const res = await gql('192.0.2.10', { query: '{ pages(' });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    }
    const refused = await gql('192.0.2.10', { query: '{ pages(' });
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The same budget as REST: the address is limited there too.
    expect((await t.http().get('/api/v1/pages').set('X-Forwarded-For', '192.0.2.10')).status).toBe(429);
  });

  it('counts documents refused at validation and documents too large to parse', async () => {
    const oversized = `{ ${'a: __typename '.repeat(8000)} }`;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) {
      statuses.push((await gql('192.0.2.11', { query: i % 2 === 0 ? '{ noSuchField }' : oversized })).status);
    }
    expect(statuses).toEqual([400, 413, 400, 413]);
    expect((await gql('192.0.2.11', { query: '{ navigation(channel: WEB) { id } }' })).status).toBe(429);
  });

  it('counts a request once: a valid query spends one unit, not one per root field', async () => {
    const query = '{ a: navigation(channel: WEB) { id } b: navigation(channel: KIOSK) { id } }';
    for (let i = 0; i < LIMIT; i++) {
      const res = await gql('192.0.2.12', { query });
      expect(res.status).toBe(200);
      expect(res.headers['x-ratelimit-remaining']).toBe(String(LIMIT - i - 1));
    }
    expect((await gql('192.0.2.12', { query })).status).toBe(429);
  });

  it('never limits a staff member, even from an address whose anonymous budget is spent', async () => {
    const token = await loginAs(t, 'editor');
    for (let i = 0; i < LIMIT + 1; i++) await gql('192.0.2.13', { query: '{ pages(' });
    for (let i = 0; i < LIMIT * 2; i++) {
      const res = await gql('192.0.2.13', { query: '{ me { role } }' }).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      expect(res.body.data.me.role).toBe('EDITOR');
    }
  });

  it('counts a request with a forged token as anonymous', async () => {
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    for (let i = 0; i < LIMIT; i++) await gql('192.0.2.14', { query: '{ pages(' }).set('Authorization', `Bearer ${forged}`);
    expect((await gql('192.0.2.14', { query: '{ pages(' }).set('Authorization', `Bearer ${forged}`)).status).toBe(429);
  });
});

describe('GraphQL hardening: hostile documents', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a megabyte of aliases with 413 before parsing it', async () => {
    const aliases = `{ ${Array.from({ length: 40_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect(aliases.length).toBeGreaterThan(500_000);
    const res = await t.gql(aliases);
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.body.errors[0].message).toMatch(/query document is larger than 100000 bytes/);
  });

  it.each([500, 1000])('stops parsing %i fragments at the token limit: a parse error, never validated', async (count) => {
    const res = await t.gql(manyFragments(count));
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.body.errors[0].message).toMatch(/more than 2000 tokens/);
    expect(res.body.errors[0].message).not.toMatch(/Syntax Error/);
  });

  /** The first error of a refusal at validation, which stopped validating there: one error, then graphql-js's "aborted". */
  function stoppedAtValidation(res: { status: number; body: { errors: { message: string; extensions: { code: string } }[] } }): string {
    expect(res.status).toBe(400);
    expect(res.body.errors.map((error) => error.extensions.code)).toEqual(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_VALIDATION_FAILED']);
    expect(res.body.errors[1].message).toBe('Validation aborted.');
    expect(res.body.errors[0].message).not.toMatch(/Syntax Error/);
    return res.body.errors[0].message;
  }

  it('refuses fragments spread twice at every level (2^60 uses) from their count, without walking them', async () => {
    expect(stoppedAtValidation(await t.gql(doublingFragments(60)))).toMatch(/too many fields: over a billion, counting every use of a fragment/);
  });

  it('refuses 600 levels of nesting at validation, before the other rules run', async () => {
    let selection = 'id';
    for (let level = 0; level < 600; level++) selection = `parent { ${selection} }`;
    expect(stoppedAtValidation(await t.gql(`{ pages(first: 1) { edges { node { ${selection} } } } }`))).toMatch(/^Query depth limit of 10 exceeded, found 604$/);
  });

  it('refuses 660 aliases (under the token limit) at validation, before the other rules run', async () => {
    const aliases = `{ ${Array.from({ length: 660 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect(stoppedAtValidation(await t.gql(aliases))).toBe('Aliases limit of 15 exceeded, found 660');
  });

  it('refuses a cycle of 200 fragments at once', async () => {
    const fragments = Array.from({ length: 200 }, (_, i) => `fragment F${i} on Query { ...F${(i + 1) % 200} }`).join('\n');
    expect(stoppedAtValidation(await t.gql(`{ ...F0 }\n${fragments}`))).toMatch(/^Cannot spread fragment "F\d+" within itself$/);
  });
});

describe('GraphQL hardening: client mistakes are client errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_LOGIN_PER_15_MINUTES: '1000' });
  });
  afterAll(() => t.close());

  it('refuses a subscription operation with a validation error, not an internal one', async () => {
    const res = await t.gql('subscription { navigation(channel: WEB) { id } }');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors[0].message).toMatch(/Subscriptions are not supported/);
  });

  it('refuses an email with a lone UTF-16 surrogate over GraphQL with BAD_USER_INPUT naming the field', async () => {
    const res = await t.gql(LOGIN, { email: '\udfff@x.fr', password: 'whatever it is' });
    expect(res.status).toBe(200);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors[0].extensions.fields).toEqual([{ path: 'email', message: expect.stringMatching(/unpaired UTF-16 surrogate/) }]);
  });

  it('refuses an email with a lone UTF-16 surrogate over REST with 400', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json')
      .send('{"email":"\\udfff@x.fr","password":"whatever it is"}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ path: 'email' }] });
  });

  it('refuses a lone surrogate in a key as well', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json')
      .send('{"email":"a@x.fr","password":"whatever it is","\\ud800":1}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses a JSON body nested 1,500 levels deep with 400, not a stack overflow', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json')
      .send(`{"email":${deepJson(1500)},"password":"whatever it is"}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ path: expect.stringMatching(/^email(\.a)+$/) }] });
    expect(JSON.parse(res.text).detail).toMatch(/nested more than 32 levels/);
  });
});

describe('GraphQL cost: the page sizes the API advertises pass, amplification does not', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { demo: true });
  });
  afterAll(() => t.close());

  /** The README's GraphQL examples, as schema.e2e-spec.ts reads them, with every top-level `first` at 100. */
  function readmeExamplesAtLargestPage(): string[] {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    return [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
      .flatMap((block) => block[1].split(/\n(?=#|\{)/))
      .map((example) => example.replace(/^#.*$/gm, '').trim())
      .filter(Boolean)
      // The first `first:` of a query is its list's page size; nested ones keep the README's value.
      .map((example) => example.replace(/first: \d+/, /^\{\s*upcomingEvents/.test(example) ? 'first: 50' : 'first: 100'));
  }

  it('accepts every README example at the largest page size: valid, within every limit and under the cost limit', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const rules = graphqlOptions(t.config).validationRules ?? [];
    const examples = readmeExamplesAtLargestPage();
    expect(examples.length).toBeGreaterThan(5);
    for (const example of examples) {
      const document = parse(example);
      const errors = validate(schema, document, [...rules]).map((error) => error.message);
      const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d] as const));
      const cost = operation ? queryCost(schema, operation, fragments, { maxCost: t.config.graphql.maxCost, maxPageSize: 100, defaultListSize: 10 }) : 0;
      expect({ example, errors, overLimit: cost > t.config.graphql.maxCost }).toEqual({ example, errors: [], overLimit: false });
    }
  });

  it('runs the README examples that need no id at the largest page size on the demo data, without error', async () => {
    const runnable = readmeExamplesAtLargestPage().filter((example) => !example.includes('<') && !/^\s*mutation/.test(example) && !example.includes('$'));
    expect(runnable.length).toBeGreaterThan(5);
    for (const example of runnable) {
      const res = await t.gql(example);
      expect({ example, errors: res.body.errors }).toEqual({ example, errors: undefined });
    }
  });

  it('answers events(first: 100) with the organizer and categories of each event', async () => {
    const res = await t.gql(`{ events(first: 100) { edges { node { startsAt event { title organizer { name } categories { label } } } } } }`);
    expect(res.body.errors).toBeUndefined();
  });

  it('answers associations(first: 100) with their categories and 50 upcoming events each', async () => {
    const res = await t.gql(`{ associations(first: 100) { totalCount edges { node { name categories { label }
      upcomingEvents(first: 50) { startsAt event { title organizer { name } } } } } } }`);
    expect(res.body.errors).toBeUndefined();
  });

  it('refuses lists nested in lists, with the cost and the limit, before running anything', async () => {
    const res = await t.gql(`{ associations(first: 100) { edges { node { upcomingEvents(first: 50) { event {
      organizer { upcomingEvents(first: 50) { event { title } } } } } } } } }`);
    expect(res.status).toBe(400);
    const error = res.body.errors[0];
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toMatch(/^Query cost 255100 is over the limit of 10000/);
    expect(error.message).not.toMatch(/Syntax Error/);
    expect(error.extensions).toMatchObject({ cost: 255_100, maxCost: 10_000 });
  });

  it('costs a page size given as a variable by its value: a variable is no way around the limit', async () => {
    // pages × 10 children × 10 children: 111 for one page, 11,100 for 100.
    const query = 'query($n: Int) { pages(first: $n) { edges { node { children { children { id } } } } } }';
    expect((await t.gql(query, { n: 1 })).body.errors).toBeUndefined();
    const res = await t.gql(query, { n: 100 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', cost: 11_100, maxCost: 10_000 });
    expect(res.body.errors[0].message).toMatch(/^Query cost 11100 is over the limit of 10000/);
  });
});

describe('HTTP: a slow request body is cut', () => {
  let t: TestApp;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({ HTTP_BODY_TIMEOUT_SECONDS: '1' });
    server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  /**
   * Sends the headers of a 400-byte body, then one byte every 100 ms (40 s in all), and reports what
   * the server answered and how many body bytes had been sent when the connection closed.
   */
  function slowBody(path: string): Promise<{ response: string; bytesSent: number }> {
    return new Promise((resolve, reject) => {
      const socket: Socket = connect(port, '127.0.0.1');
      let response = '';
      let bytesSent = 0;
      let ticker: NodeJS.Timeout | undefined;
      socket.on('connect', () => {
        socket.write(`POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n`);
        ticker = setInterval(() => {
          if (bytesSent >= 400 || socket.destroyed) return;
          socket.write(' ');
          bytesSent++;
        }, 100);
      });
      socket.on('data', (chunk) => {
        response += chunk.toString('utf8');
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(ticker);
        resolve({ response, bytesSent });
      });
      setTimeout(() => reject(new Error(`No answer; sent ${bytesSent} bytes, got: ${response}`)), 60_000).unref();
    });
  }

  it('answers 408 and closes the connection when a REST body arrives a byte at a time', async () => {
    const { response, bytesSent } = await slowBody('/api/v1/auth/login');
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expect(response).toMatch(/not received within 1 s/);
    expect(bytesSent).toBeLessThan(400);
  }, 90_000);

  it('does the same for a GraphQL request, with a GraphQL error body', async () => {
    const { response, bytesSent } = await slowBody('/graphql');
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expect(response).toMatch(/"errors":\[\{"message":"The request body was not received within 1 s"/);
    expect(bytesSent).toBeLessThan(400);
  }, 90_000);
});
