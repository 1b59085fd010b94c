import { loginAs } from './support/auth-helpers';
import {
  CONTENT_KINDS, ContentKind, createItem, createPublished, deleteItem, ItemOperation, journalOf, publishItem, tryChange, tryCreate, tryUpdate,
  unpublishItem, updateItem,
} from './support/content-factories';
import { firstGqlError, GqlBody, refusalOf } from './support/gql-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** An id no item has. */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The life every content item lives, written once in the content core and checked here once for
 * each of the five types: create, update with a version check, publish, unpublish, delete, what the
 * public sees in GraphQL and REST, the refusals (anonymous, contributor, stale version, duplicate,
 * unknown or malformed id). What is a type's own (a page's path, a notice's immutability once
 * published, a sheet's checklist) stays in that type's spec.
 */
describe('content lifecycle, for every content type', () => {
  let t: TestApp;
  let editor: string;
  let contributor: string;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
    contributor = await loginAs(t, 'contributor');
  });
  afterAll(() => t.close());

  describe.each(CONTENT_KINDS)('$name', (kind: ContentKind) => {
    /** Each test makes its own items: input number `n` gives its own slug (path, or number for a notice). */
    let n = 0;
    const next = (): number => (n += 1);
    const rest = (param: string): string => `/api/v1/${kind.restPath}/${param}`;
    const slugged = kind.restParam === 'idOrSlug';

    /** `page(id:)`, `legalNotice(id:)`…: the item as this caller (anonymous when `token` is undefined) may see it. */
    async function lookup(id: string, token?: string, fields = 'id version status'): Promise<Record<string, unknown> | null> {
      const body = (await t.gql(`query($id: ID) { ${kind.lookup}(id: $id) { ${fields} } }`, { id }, token)).body as GqlBody;
      expect(body.errors).toBeUndefined();
      return body.data?.[kind.lookup] as Record<string, unknown> | null;
    }

    /** `association(slug:, channel:)`…, for the types with unique slugs (anonymous when `token` is undefined). */
    async function lookupBySlug(slug: string, channel?: string, token?: string): Promise<Record<string, unknown> | null> {
      const body = (await t.gql(`query($slug: String, $channel: Channel) { ${kind.lookup}(slug: $slug, channel: $channel) { id } }`,
        { slug, channel }, token)).body as GqlBody;
      expect(body.errors).toBeUndefined();
      return body.data?.[kind.lookup] as Record<string, unknown> | null;
    }

    const rowCount = async (): Promise<number> => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${kind.table}`))[0].n;

    it('refuses to create anonymously (UNAUTHENTICATED) and writes nothing', async () => {
      const before = await rowCount();
      expect(refusalOf(await tryCreate(t, undefined, kind, next())).code).toBe('UNAUTHENTICATED');
      expect(await rowCount()).toBe(before);
    });

    it('creates a draft at version 1 on both channels, journalled as create', async () => {
      const item = await createItem<{ id: string; version: number; status: string; channels: string[] }>(t, editor, kind, next(),
        { fields: 'id version status channels' });
      expect(item).toMatchObject({ version: 1, status: 'DRAFT', channels: ['WEB', 'KIOSK'] });
      expect(await journalOf(t, item.id)).toEqual(['create']);
    });

    it('hides a draft from anonymous readers in GraphQL and REST, and shows it to staff', async () => {
      const draft = await createItem<{ id: string; slug: string }>(t, editor, kind, next(), { fields: 'id slug' });
      expect(await lookup(draft.id)).toBeNull();
      expect(await lookup(draft.id, editor)).toEqual({ id: draft.id, version: 1, status: 'DRAFT' });
      await t.http().get(rest(draft.id)).expect(404).expect('Content-Type', /application\/problem\+json/);
      const staff = await t.http().get(rest(draft.id)).set('Authorization', `Bearer ${editor}`).expect(200);
      expect(staff.body).toMatchObject({ id: draft.id, status: 'DRAFT' });
      if (slugged) {
        expect(await lookupBySlug(draft.slug)).toBeNull();
        await t.http().get(rest(draft.slug)).expect(404);
      }
    });

    it('publishes at the next version: everyone sees it by id in GraphQL and REST alike, journalled as publish', async () => {
      const draft = await createItem<{ id: string; version: number; slug: string }>(t, editor, kind, next(), { fields: 'id version slug' });
      const published = await publishItem(t, editor, kind, draft);
      expect(published).toEqual({ id: draft.id, version: 2, status: 'PUBLISHED' });
      expect(await lookup(draft.id)).toEqual({ id: draft.id, version: 2, status: 'PUBLISHED' });
      const restBody = (await t.http().get(rest(draft.id)).expect(200)).body;
      expect(restBody).toMatchObject({ id: draft.id, version: 2, status: 'PUBLISHED', [kind.titleField]: kind.createInput(n)[kind.titleField] });
      if (slugged) {
        expect(await lookupBySlug(draft.slug)).toEqual({ id: draft.id });
        expect((await t.http().get(rest(draft.slug)).expect(200)).body).toEqual(restBody);
      }
      expect(await journalOf(t, draft.id)).toEqual(['create', 'publish']);
    });

    it('updates with the version read, then refuses a stale version with CONFLICT and the current version, writing nothing', async () => {
      const input = kind.createInput(next());
      const item = await createItem(t, editor, kind, input);
      const updated = await updateItem(t, editor, kind, item, kind.updateInputs[0]);
      expect(updated).toEqual({ id: item.id, version: 2, status: 'DRAFT' });

      const stale = firstGqlError(await tryUpdate(t, editor, kind, item, kind.updateInputs[1]));
      expect(stale.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      const fields = [...new Set(['version', kind.changedField1, kind.changedField2])].join(' ');
      expect(await lookup(item.id, editor, fields)).toEqual({
        version: 2, [kind.changedField1]: kind.updateInputs[0][kind.changedField1], [kind.changedField2]: input[kind.changedField2],
      });
      expect(await journalOf(t, item.id)).toEqual(['create', 'update']);
    });

    it('lets exactly one of two simultaneous updates of the same version win', async () => {
      const item = await createItem(t, editor, kind, next());
      const titles = ['Titre concurrent A', 'Titre concurrent B'];
      const results = await Promise.all(titles.map((title) => tryUpdate(t, editor, kind, item, { [kind.titleField]: title }, { fields: `version ${kind.titleField}` })));
      const winners = results.filter((body) => !body.errors);
      const losers = results.filter((body) => body.errors);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(refusalOf(losers[0]).code).toBe('CONFLICT');
      const winner = winners[0].data?.[`update${kind.name}`] as Record<string, unknown>;
      expect(winner.version).toBe(2);
      expect(await lookup(item.id, editor, `version ${kind.titleField}`)).toEqual(winner);
    });

    if (!kind.finalOncePublished) {
      it('unpublishes back to a draft at the next version, hidden from the public again, journalled as unpublish', async () => {
        const published = await createPublished(t, editor, kind, next());
        const draft = await unpublishItem(t, editor, kind, published);
        expect(draft).toEqual({ id: published.id, version: 3, status: 'DRAFT' });
        expect(await lookup(published.id)).toBeNull();
        await t.http().get(rest(published.id)).expect(404);
        expect(await journalOf(t, published.id)).toEqual(['create', 'publish', 'unpublish']);
      });
    }

    it(`deletes with the version read: gone for staff and public, its ${kind.uniqueField} free again, later changes NOT_FOUND`, async () => {
      const number = next();
      const created = await createItem<{ id: string; version: number; slug: string }>(t, editor, kind, number, { fields: 'id version slug' });
      // A published notice is never deleted (it is withdrawn): the notice is deleted as a draft.
      const item = kind.finalOncePublished ? created : await publishItem(t, editor, kind, created);
      const deleted = await deleteItem(t, editor, kind, item);
      expect(deleted).toEqual({ id: item.id, version: item.version + 1 });
      expect(await lookup(item.id, editor)).toBeNull();
      if (slugged) expect(await lookupBySlug(created.slug, undefined, editor)).toBeNull();
      await t.http().get(rest(item.id)).set('Authorization', `Bearer ${editor}`).expect(404);
      await t.http().get(rest(item.id)).expect(404);
      expect(await journalOf(t, item.id)).toEqual(kind.finalOncePublished ? ['create', 'delete'] : ['create', 'publish', 'delete']);

      for (const operation of ['publish', 'unpublish', 'delete'] as ItemOperation[]) {
        expect(refusalOf(await tryChange(t, editor, kind, operation, deleted)).code).toBe('NOT_FOUND');
      }
      expect(refusalOf(await tryUpdate(t, editor, kind, deleted, kind.updateInputs[0])).code).toBe('NOT_FOUND');
      const again = await createItem(t, editor, kind, number);
      expect(again.id).not.toBe(item.id);
    });

    it(`refuses a duplicate ${kind.uniqueField} with CONFLICT on input.${kind.uniqueField}, naming the item that holds it, and writes nothing`, async () => {
      const number = next();
      const holder = await createItem(t, editor, kind, number);
      const before = await rowCount();
      const body = await tryCreate(t, editor, kind, number);
      expect(refusalOf(body)).toMatchObject({ code: 'CONFLICT', paths: [`input.${kind.uniqueField}`] });
      expect(firstGqlError(body).message).toContain(holder.id);
      expect(await rowCount()).toBe(before);
    });

    it('answers NOT_FOUND to a change of an unknown id, null to its lookup, and 404 over REST', async () => {
      const unknown = { id: UNKNOWN_ID, version: 1 };
      for (const operation of ['publish', 'unpublish', 'delete'] as ItemOperation[]) {
        expect(refusalOf(await tryChange(t, editor, kind, operation, unknown)).code).toBe('NOT_FOUND');
      }
      expect(refusalOf(await tryUpdate(t, editor, kind, unknown, kind.updateInputs[0])).code).toBe('NOT_FOUND');
      expect(await lookup(UNKNOWN_ID, editor)).toBeNull();
      await t.http().get(rest(UNKNOWN_ID)).set('Authorization', `Bearer ${editor}`).expect(404).expect('Content-Type', /application\/problem\+json/);
    });

    it(`refuses an id that is not a UUID in GraphQL (on id) and a malformed REST ${kind.restParam} (400 on it), instead of failing in SQL`, async () => {
      const query = (await t.gql(`{ ${kind.lookup}(id: "42") { id } }`)).body as GqlBody;
      expect(refusalOf(query)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['id'] });
      expect(refusalOf(await tryUpdate(t, editor, kind, { id: '42', version: 1 }, kind.updateInputs[0]))).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['id'] });
      // A space, an upper-case letter (slugs are lower case) and a slug over 120 characters.
      for (const param of ['Pas%20Bon', 'Pas-Bon', 'x'.repeat(121)]) {
        const refused = await t.http().get(rest(param)).expect(400).expect('Content-Type', /application\/problem\+json/);
        expect(refused.body).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', errors: [{ path: kind.restParam }] });
      }
    });

    it('lets a contributor create and edit drafts, but not publish, unpublish or delete, nor change a published item', async () => {
      const draft = await createItem(t, contributor, kind, next());
      const edited = await updateItem(t, contributor, kind, draft, kind.updateInputs[0]);
      expect(edited).toMatchObject({ version: 2, status: 'DRAFT' });
      for (const operation of ['publish', 'delete'] as ItemOperation[]) {
        expect(refusalOf(await tryChange(t, contributor, kind, operation, edited)).code).toBe('FORBIDDEN');
      }
      const published = await publishItem(t, editor, kind, edited);
      expect(refusalOf(await tryUpdate(t, contributor, kind, published, kind.updateInputs[1])).code).toBe('FORBIDDEN');
      expect(refusalOf(await tryChange(t, contributor, kind, 'unpublish', published)).code).toBe('FORBIDDEN');
      expect(await lookup(draft.id, editor)).toEqual({ id: draft.id, version: 3, status: 'PUBLISHED' });
      expect(await journalOf(t, draft.id)).toEqual(['create', 'update', 'publish']);
    });

    if (slugged) {
      it('finds a published item by slug only on its channels, and refuses a lookup by both id and slug or by neither', async () => {
        const item = await createPublished<{ id: string; version: number; slug: string }>(t, editor, kind,
          { ...kind.createInput(next()), channels: ['WEB'] }, { fields: 'id version slug' });
        expect(await lookupBySlug(item.slug, 'WEB')).toEqual({ id: item.id });
        expect(await lookupBySlug(item.slug, 'KIOSK')).toBeNull();
        const both = (await t.gql(`query($id: ID) { ${kind.lookup}(id: $id, slug: "x") { id } }`, { id: item.id })).body as GqlBody;
        expect(refusalOf(both).code).toBe('BAD_USER_INPUT');
        const neither = (await t.gql(`{ ${kind.lookup} { id } }`)).body as GqlBody;
        expect(refusalOf(neither).code).toBe('BAD_USER_INPUT');
      });
    }
  });
});
