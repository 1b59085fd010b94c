import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse, printSchema, validate } from 'graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pendingSchemaChanges } from '../src/database/schema-diff';
import { createTestApp, TestApp } from './support/test-app';

const SCHEMA_FILE = join(__dirname, '..', 'schema.gql');
const HEADER = '# Generated from the code-first GraphQL types. Do not edit: run `npm run schema:update`.\n\n';

describe('schemas stay in step with the code', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('the committed schema.gql is what the code generates', () => {
    const generated = HEADER + printSchema(t.app.get(GraphQLSchemaHost).schema) + '\n';
    if (process.env.PARVIS_WRITE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    // On failure: run `npm run schema:update`, review the diff of schema.gql, and commit it.
    expect(committed).toBe(generated);
  });

  it('every GraphQL example in the README is valid against the schema', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
      .flatMap((block) => block[1].split(/\n(?=#|\{)/))
      .map((example) => example.replace(/^#.*$/gm, '').trim())
      .filter(Boolean);
    expect(examples.length).toBeGreaterThan(3);
    const schema = t.app.get(GraphQLSchemaHost).schema;
    for (const example of examples) {
      expect({ example, errors: validate(schema, parse(example)).map((error) => error.message) }).toEqual({ example, errors: [] });
    }
  });

  it('the migrations produce exactly the schema the entities describe', async () => {
    const { up } = await pendingSchemaChanges(t.dataSource);
    // On failure: run `npm run migration:generate -- DescribeTheChange` and tidy the new migration.
    expect(up).toEqual([]);
  });

  it('keeps every derived sort and search key in the "C" collation, whatever the server\'s locale', async () => {
    const rows: { table_name: string; column_name: string; collation_name: string | null }[] = await t.dataSource.query(
      `SELECT table_name, column_name, collation_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name IN ('sort_name', 'search_name', 'sort_title') ORDER BY table_name, column_name`);
    expect(rows.map((row) => `${row.table_name}.${row.column_name} ${row.collation_name}`)).toEqual([
      'associations.search_name C', 'associations.sort_name C', 'procedures.sort_title C',
    ]);
  });
});
