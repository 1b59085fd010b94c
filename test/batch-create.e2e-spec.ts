import { loginAs } from './support/auth-helpers';
import { ASSOCIATION, EVENT, newCategory } from './support/content-factories';
import type { GqlBody } from './support/gql-helpers';
import { createTestApp, TestApp } from './support/test-app';

const CREATE_EVENTS = `mutation($inputs: [CreateEventInput!]!, $message: String) {
  createEvents(inputs: $inputs, message: $message) { id slug version status title categories { id } } }`;
const CREATE_ASSOCIATIONS = `mutation($inputs: [CreateAssociationInput!]!) { createAssociations(inputs: $inputs) { id slug version } }`;

/** A valid event input for item `n` of a batch: a slug of its own, a date in September. */
const eventInput = (n: number): Record<string, unknown> & { slug: string } => ({
  ...EVENT.createInput(1 + (n % 28)), title: `Séance ${n}`, slug: `seance-${n}`,
});

interface FieldRefusal { code: string; fields: Array<{ path: string; message: string }> }

describe('batch creation of events and associations', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  const count = async (table: string): Promise<number> =>
    Number((await t.dataSource.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM ${table}`))[0].n);

  /** As the editor, or as `token` (null: anonymous). */
  async function send(query: string, variables: Record<string, unknown>, token: string | null = editor): Promise<GqlBody> {
    return (await t.gql(query, variables, token ?? undefined)).body as GqlBody;
  }

  function refusal(body: GqlBody): FieldRefusal {
    const [error] = body.errors ?? [];
    return { code: error?.extensions.code, fields: error?.extensions.fields ?? [] };
  }

  it('creates a whole batch in one request, each item a draft with its revision and journal row', async () => {
    const categoryId = await newCategory(t, editor, 'Lot');
    const inputs = Array.from({ length: 60 }, (_, n) => ({ ...eventInput(100 + n), categoryIds: [categoryId] }));
    const journalBefore = await count('content_journal');
    const body = await send(CREATE_EVENTS, { inputs, message: 'Import du calendrier 2026' });
    expect(body.errors).toBeUndefined();
    const created = body.data?.createEvents as Array<{ slug: string; version: number; status: string; categories: Array<{ id: string }> }>;
    expect(created).toHaveLength(60);
    expect(created.map((event) => event.slug)).toEqual(inputs.map((input) => input.slug));
    expect(created.every((event) => event.version === 1 && event.status === 'DRAFT' && event.categories[0].id === categoryId)).toBe(true);
    expect(await count('content_journal')).toBe(journalBefore + 60);
    const [{ n }] = await t.dataSource.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM content_revisions WHERE operation = 'create' AND message = 'Import du calendrier 2026'`);
    expect(Number(n)).toBe(60);
  });

  it('creates nothing when some items fail, and names every failing item and field', async () => {
    const before = await count('events');
    const inputs = [
      EVENT.createInput(1),
      { ...EVENT.createInput(2), endsAt: '2026-09-01T10:00:00.000Z' },
      EVENT.createInput(3),
      { ...EVENT.createInput(4), slug: EVENT.createInput(1).slug },
      { ...EVENT.createInput(5), categoryIds: ['6f1c2a4e-0000-4000-8000-000000000000'] },
    ];
    const refused = refusal(await send(CREATE_EVENTS, { inputs }));
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.fields.map((field) => field.path).sort()).toEqual(['inputs.1.endsAt', 'inputs.3.slug', 'inputs.4.categoryIds']);
    expect(await count('events')).toBe(before);
  });

  it('says CONFLICT when every failure is a taken slug', async () => {
    const first = await send(CREATE_ASSOCIATIONS, { inputs: [ASSOCIATION.createInput(1)] });
    expect(first.errors).toBeUndefined();
    const refused = refusal(await send(CREATE_ASSOCIATIONS, { inputs: [ASSOCIATION.createInput(2), ASSOCIATION.createInput(1)] }));
    expect(refused).toEqual({ code: 'CONFLICT', fields: [expect.objectContaining({ path: 'inputs.1.slug' }) as unknown] });
    expect(await count('associations')).toBe(1);
  });

  it('validates the batch before any write: 1 to 100 items, each item field by field', async () => {
    expect(refusal(await send(CREATE_EVENTS, { inputs: [] })).fields).toEqual([expect.objectContaining({ path: 'inputs' }) as unknown]);
    const tooMany = Array.from({ length: 101 }, (_, n) => eventInput(200 + n));
    expect(refusal(await send(CREATE_EVENTS, { inputs: tooMany })).fields).toEqual([expect.objectContaining({ path: 'inputs' }) as unknown]);
    const refused = refusal(await send(CREATE_EVENTS, { inputs: [eventInput(301), { ...eventInput(300), title: '' }] }));
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.fields.map((field) => field.path)).toEqual(['inputs.1.title']);
  });

  it('needs the right to write content', async () => {
    const anonymous = await send(CREATE_EVENTS, { inputs: [eventInput(400)] }, null);
    expect(anonymous).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const contributor = await loginAs(t, 'contributor');
    expect((await send(CREATE_EVENTS, { inputs: [eventInput(401)] }, contributor)).errors).toBeUndefined();
  });
});
