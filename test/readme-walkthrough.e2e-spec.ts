import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loginAs } from './support/auth-helpers';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 11, point 16: the README followed literally. The page walkthrough is read from README.md
 * itself (its graphql blocks, each followed by the json answer it promises, and its curl lines), so
 * this test fails as soon as the README and the API drift apart.
 */
const ROOT = join(__dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The text of a README section, from its heading to the next heading of the same or a higher level (outside code blocks). */
function section(heading: string): string {
  const lines = README.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`README.md has no section "${heading}"`);
  const level = heading.indexOf(' ');
  let inCode = false;
  let end = lines.length;
  for (let index = start + 1; index < lines.length; index++) {
    if (lines[index].startsWith('```')) inCode = !inCode;
    const match = /^(#+) /.exec(lines[index]);
    if (!inCode && match && match[1].length <= level) {
      end = index;
      break;
    }
  }
  return lines.slice(start + 1, end).join('\n');
}

interface Block { lang: string; code: string }

function codeBlocks(text: string): Block[] {
  return [...text.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((match) => ({ lang: match[1], code: match[2] }));
}

/**
 * Whether `actual` answers as `expected` promises: every key shown is there with a matching value
 * (keys not shown are free), lists have the items shown, and a string ending in "…" stands for any
 * string starting with what precedes it ("…" alone: any value).
 */
function matches(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'string' && expected.endsWith('…')) {
    return expected === '…' ? actual !== undefined : typeof actual === 'string' && actual.startsWith(expected.slice(0, -1));
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, index) => matches(actual[index], item));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([key, value]) => matches((actual as Record<string, unknown>)[key], value));
  }
  return actual === expected;
}

describe('README, followed literally', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp({}, { demo: true });
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  it('runs the page walkthrough, create → update → move → publish → edit → stale version, with the versions it shows', async () => {
    const walkthrough = section('### A page from draft to published, step by step');
    const blocks = codeBlocks(walkthrough);
    const steps = blocks.flatMap((block, index) => (block.lang === 'graphql' ? [{ operation: block.code, answer: blocks[index + 1] }] : []));
    expect(steps.length).toBeGreaterThanOrEqual(8);
    const variables: Record<string, string> = {};
    for (const { operation, answer } of steps) {
      expect({ operation, answerLang: answer?.lang }).toEqual({ operation, answerLang: 'json' });
      const declared = Object.fromEntries(Object.entries(variables).filter(([name]) => operation.includes(`$${name}:`)));
      const res = await t.gql(operation, declared, operation.includes('# no token') ? undefined : editor);
      const promised: unknown = JSON.parse(answer.code);
      expect({ operation, answer: res.body as unknown, matches: matches(res.body, promised) }).toEqual({ operation, answer: res.body, matches: true });
      // The ids the next steps send: the page created, and the parent read by its path.
      if (res.body.data?.createPage) variables.id = res.body.data.createPage.id;
      if (res.body.data?.page?.id) variables.parentId = res.body.data.page.id;
    }
    expect(Object.keys(variables).sort()).toEqual(['id', 'parentId']);

    // Its curl lines, as a visitor without a token would run them.
    const urls = blocks.filter((block) => block.lang === 'sh')
      .flatMap((block) => [...block.code.matchAll(/curl -s '(http:\/\/localhost:3000[^']+)'/g)].map((match) => new URL(match[1])));
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) {
      const res = await t.http().get(`${url.pathname}${url.search}`);
      expect({ url: url.toString(), status: res.status }).toEqual({ url: url.toString(), status: 200 });
      expect(JSON.stringify(res.body)).toContain('/vie-pratique/horaires-de-la-mairie');
    }
  });

  it('says that an edit of published content is public at once', () => {
    expect(section('### A page from draft to published, step by step')).toMatch(/edit of published content is \*\*public at once\*\*/);
  });

  it('answers every REST list with the envelope the README documents: data, pageInfo, totalCount (and truncated for events)', async () => {
    const text = section('### REST with curl');
    const documented = codeBlocks(text).find((block) => block.lang === 'json' && block.code.includes('"pageInfo"'));
    expect(documented).toBeDefined();
    const envelope = JSON.parse(documented!.code) as Record<string, unknown>;
    expect(Object.keys(envelope)).toEqual(['data', 'pageInfo', 'totalCount']);
    for (const word of ['`data`', '`pageInfo`', '`totalCount`', '`truncated`', 'endCursor', '?after=']) expect(text).toContain(word);
    for (const path of ['/api/v1/pages', '/api/v1/associations', '/api/v1/legal-notices', '/api/v1/procedures']) {
      const res = await t.http().get(path).query({ first: 2 }).expect(200);
      expect({ path, keys: Object.keys(res.body).sort() }).toEqual({ path, keys: ['data', 'pageInfo', 'totalCount'] });
      expect(Object.keys(res.body.pageInfo).sort()).toEqual(Object.keys(envelope.pageInfo as object).sort());
      expect(typeof res.body.totalCount).toBe('number');
      if (res.body.pageInfo.hasNextPage) {
        const next = await t.http().get(path).query({ first: 2, after: res.body.pageInfo.endCursor }).expect(200);
        expect(next.body.data[0].id).not.toBe(res.body.data[0].id);
      }
    }
    const events = await t.http().get('/api/v1/events').query({ first: 2 }).expect(200);
    expect(Object.keys(events.body).sort()).toEqual(['data', 'pageInfo', 'totalCount', 'truncated']);
    expect(events.body.truncated).toBe(false);
  });

  it('names every folder of src/ and every top-level folder in the project layout', () => {
    const layout = codeBlocks(section('## Project layout')).map((block) => block.code).join('\n');
    const folders = readdirSync(join(ROOT, 'src')).filter((name) => statSync(join(ROOT, 'src', name)).isDirectory());
    expect(folders).toContain('health');
    const missing = folders.filter((name) => !new RegExp(`(^|\\s)${name}/`, 'm').test(layout));
    expect(missing).toEqual([]);
    for (const top of ['src/', 'migrations/', 'test/', 'bench/', 'schema.gql']) expect(layout).toContain(top);
  });
});
