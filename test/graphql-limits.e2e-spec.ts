import { createTestApp, TestApp } from './support/test-app';

/** A query nested `depth` levels deep through page → parent → parent … */
function nestedQuery(depth: number): string {
  let selection = 'id';
  for (let level = 1; level < depth; level++) selection = `parent { ${selection} }`;
  return `{ pages(first: 1) { edges { node { ${selection} } } } }`;
}

describe('GraphQL protections and error hygiene', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ GRAPHQL_MAX_DEPTH: '10' });
  });
  afterAll(() => t.close());

  it('answers a query within the depth limit', async () => {
    const res = await t.gql(nestedQuery(6));
    expect(res.body.errors).toBeUndefined();
  });

  it('rejects a query deeper than 10 with a clear error, before running it', async () => {
    const res = await t.gql(nestedQuery(12));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors[0].message).toMatch(/depth limit of 10 exceeded/i);
    expect(res.body.data).toBeUndefined();
  });

  it('rejects a query with too many aliases (the same field asked for again and again)', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: navigation(channel: WEB) { id }`).join(' ');
    const res = await t.gql(`{ ${aliases} }`);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors[0].message).toMatch(/aliases/i);
  });

  it('rejects a query whose cost is over the budget', async () => {
    const fields = Array.from({ length: 12 }, (_, i) => `p${i}: pages(first: 100) { edges { node { id title path children { id title path parent { id title } } } } }`).join(' ');
    const res = await t.gql(`{ ${fields} }`);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives a client error with a code for a malformed query, never a 500', async () => {
    const res = await t.gql('{ pages(first: "many") { totalCount } }');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBeDefined();
    const syntax = await t.gql('{ pages(');
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('errors in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent', LOG_PRETTY: 'false' });
  });
  afterAll(() => t.close());

  it('hides SQL and stack traces behind INTERNAL_SERVER_ERROR when something breaks on our side', async () => {
    // Break the database under the app: the next query fails in SQL.
    await t.dataSource.query('ALTER TABLE pages RENAME TO pages_gone');
    try {
      const gql = await t.gql('{ pages { totalCount } }');
      expect(gql.body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      expect(gql.body.errors[0].message).toBe('Internal server error');
      expect(JSON.stringify(gql.body)).not.toMatch(/pages_gone|relation|SELECT|at .*\.ts/);
      const rest = await t.http().get('/api/v1/pages').expect(500);
      expect(rest.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(rest.body).toMatchObject({ status: 500, code: 'INTERNAL_SERVER_ERROR', detail: 'Internal server error' });
      expect(JSON.stringify(rest.body)).not.toMatch(/relation|SELECT/);
    } finally {
      await t.dataSource.query('ALTER TABLE pages_gone RENAME TO pages');
    }
  });

  it('keeps introspection off in production by default', async () => {
    const res = await t.gql('{ __schema { queryType { name } } }');
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
