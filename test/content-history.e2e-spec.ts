import { AuthService } from '../src/auth/auth.service';
import type { Role } from '../src/common/request-context';
import { createUser, loginAs } from './support/auth-helpers';
import {
  CONTENT_KINDS, createItem, deleteItem, ItemRef, PAGE, publishItem, updateItem,
} from './support/content-factories';
import { firstGqlError, GqlBody } from './support/gql-helpers';
import { png, uploadMedia } from './support/media-helpers';
import { createTestApp, TestApp } from './support/test-app';

/** A staff member whose id and name the revisions and the audit log must show. */
interface Staff {
  id: string;
  displayName: string;
  token: string;
}

async function staff(t: TestApp, role: Role, displayName: string): Promise<Staff> {
  const user = await createUser(t, { role, displayName });
  const session = await t.app.get(AuthService).login(user.email, user.password);
  return { id: user.id, displayName, token: session.accessToken };
}

interface Revision {
  contentType: string;
  contentId: string;
  version: number;
  operation: string;
  message: string | null;
  author: { id: string; displayName: string } | null;
  authorId: string | null;
  createdAt: string;
  snapshot: Record<string, unknown>;
}

interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

interface Diff {
  contentType: string;
  contentId: string;
  from: number;
  to: number;
  changes: FieldChange[];
}

interface AuditEntry {
  id: string;
  occurredAt: string;
  actorId: string | null;
  operation: string;
  contentType: string | null;
  contentId: string | null;
  version: number | null;
  message: string | null;
}

interface DeletedItem {
  contentType: string;
  id: string;
  title: string;
  slug: string;
  version: number;
  deletedAt: string;
  deletedById: string | null;
}

interface PageInfo {
  endCursor: string | null;
  hasNextPage: boolean;
}

const REVISION_FIELDS = 'contentType contentId version operation message author { id displayName } authorId createdAt snapshot';

const REVISIONS = `query($type: ContentType!, $id: ID!, $first: Int, $after: String) {
  contentRevisions(type: $type, id: $id, first: $first, after: $after) {
    edges { cursor node { ${REVISION_FIELDS} } } pageInfo { endCursor hasNextPage } totalCount } }`;

const REVISION = `query($type: ContentType!, $id: ID!, $version: Int!) {
  contentRevision(type: $type, id: $id, version: $version) { ${REVISION_FIELDS} } }`;

const DIFF = `query($type: ContentType!, $id: ID!, $from: Int!, $to: Int!) {
  contentDiff(type: $type, id: $id, from: $from, to: $to) { contentType contentId from to changes { field before after } } }`;

const RESTORE = `mutation($type: ContentType!, $id: ID!, $version: Int!, $revision: Int!, $message: String) {
  restoreContentRevision(type: $type, id: $id, version: $version, revision: $revision, message: $message) {
    ... on ContentItem { id version status } } }`;

const DELETED = `query($type: ContentType, $first: Int) {
  deletedContent(type: $type, first: $first) {
    edges { node { contentType id title slug version deletedAt deletedById } } pageInfo { endCursor hasNextPage } } }`;

const UNDELETE = `mutation($type: ContentType!, $id: ID!, $message: String) {
  restoreDeletedContent(type: $type, id: $id, message: $message) { ... on ContentItem { id version status } } }`;

const AUDIT = `query($contentId: ID, $actorId: ID, $operation: AuditOperation, $contentType: String, $first: Int) {
  auditLog(contentId: $contentId, actorId: $actorId, operation: $operation, contentType: $contentType, first: $first) {
    edges { node { id occurredAt actorId operation contentType contentId version message } } pageInfo { endCursor hasNextPage } } }`;

const sorted = (values: string[]): string[] => [...values].sort();

/**
 * For every content type: create → update twice (two editors) → publish, then the history API —
 * revisions with their authors, diffs, restoring an earlier version, the audit log, the REST twins,
 * and deleted items brought back. A published legal notice is immutable, so for notices version 2
 * is restored before publishing (create, update, update, restore → v4, publish → v5), and restoring
 * the published notice is refused.
 */
describe.each(CONTENT_KINDS)('history of a $name', (kind) => {
  const isNotice = kind.type === 'LEGAL_NOTICE';
  let t: TestApp;
  let alice: Staff;
  let bruno: Staff;
  let admin: string;
  let item: ItemRef;

  beforeAll(async () => {
    t = await createTestApp();
    alice = await staff(t, 'editor', `Alice ${kind.name}`);
    bruno = await staff(t, 'editor', `Bruno ${kind.name}`);
    admin = await loginAs(t, 'admin');
  });
  afterAll(() => t.close());

  async function gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, token: string | undefined): Promise<GqlBody<T>> {
    return (await t.gql(query, variables, token)).body as GqlBody<T>;
  }

  /** The data of an answer that must hold no error (the errors are shown when it does). */
  async function data<T>(query: string, variables: Record<string, unknown>, token: string | undefined): Promise<T> {
    const body = await gql<T>(query, variables, token);
    expect(body.errors).toBeUndefined();
    return body.data as T;
  }

  const revisions = async (first?: number, after?: string) =>
    (await data<{ contentRevisions: { edges: { cursor: string; node: Revision }[]; pageInfo: PageInfo; totalCount: number } }>(
      REVISIONS, { type: kind.type, id: item.id, first, after }, alice.token)).contentRevisions;

  const diff = async (from: number, to: number, id = item.id): Promise<Diff> =>
    (await data<{ contentDiff: Diff }>(DIFF, { type: kind.type, id, from, to }, alice.token)).contentDiff;

  const restore = (target: { id: string; version: number }, revision: number, token: string, message?: string) =>
    gql<{ restoreContentRevision: ItemRef }>(RESTORE, { type: kind.type, id: target.id, version: target.version, revision, message }, token);

  const audit = async (variables: Record<string, unknown>): Promise<AuditEntry[]> =>
    (await data<{ auditLog: { edges: { node: AuditEntry }[] } }>(AUDIT, { first: 100, ...variables }, admin)).auditLog.edges.map((edge) => edge.node);

  const deletedItems = async (): Promise<DeletedItem[]> =>
    (await data<{ deletedContent: { edges: { node: DeletedItem }[] } }>(DELETED, { type: kind.type, first: 100 }, alice.token))
      .deletedContent.edges.map((edge) => edge.node);

  /** The staff lookup by id (`page(id:)`, `legalNotice(id:)`…): null when not found. */
  const lookup = async (id: string): Promise<Record<string, unknown> | null> => {
    const fields = sorted([...new Set(['id', 'version', 'status', 'slug', kind.titleField, kind.changedField1, kind.changedField2])]).join(' ');
    const answer = await data<Record<string, Record<string, unknown> | null>>(`query($id: ID) { ${kind.lookup}(id: $id) { ${fields} } }`, { id }, alice.token);
    return answer[kind.lookup];
  };

  /** Versions, operations and authors, newest first, of what `steps` says happened. */
  type Step = [version: number, operation: string, who: Staff];
  const expectedSteps = (): Step[] => (isNotice
    ? [[5, 'PUBLISH', bruno], [4, 'RESTORE', alice], [3, 'UPDATE', alice], [2, 'UPDATE', bruno], [1, 'CREATE', alice]]
    : [[5, 'RESTORE', alice], [4, 'PUBLISH', bruno], [3, 'UPDATE', alice], [2, 'UPDATE', bruno], [1, 'CREATE', alice]]);

  it('records create (Alice, "first draft"), update (Bruno), update (Alice) and publish (Bruno) as versions', async () => {
    item = await createItem(t, alice.token, kind, 1, { message: 'first draft' });
    expect(item).toMatchObject({ version: 1, status: 'DRAFT' });
    item = await updateItem(t, bruno.token, kind, item, kind.updateInputs[0]);
    expect(item).toMatchObject({ version: 2, status: 'DRAFT' });
    item = await updateItem(t, alice.token, kind, item, kind.updateInputs[1]);
    expect(item).toMatchObject({ version: 3, status: 'DRAFT' });
    if (!isNotice) {
      item = await publishItem(t, bruno.token, kind, item);
      expect(item).toMatchObject({ version: 4, status: 'PUBLISHED' });
    }
  });

  it('lists the revisions newest first, each with its operation, author and message', async () => {
    const expected: Step[] = isNotice
      ? [[3, 'UPDATE', alice], [2, 'UPDATE', bruno], [1, 'CREATE', alice]]
      : [[4, 'PUBLISH', bruno], [3, 'UPDATE', alice], [2, 'UPDATE', bruno], [1, 'CREATE', alice]];
    const connection = await revisions();
    expect(connection.totalCount).toBe(expected.length);
    expect(connection.pageInfo.hasNextPage).toBe(false);
    const nodes = connection.edges.map((edge) => edge.node);
    expect(nodes.map((node) => node.version)).toEqual(expected.map(([version]) => version));
    expect(nodes.map((node) => node.operation)).toEqual(expected.map(([, operation]) => operation));
    expect(nodes.map((node) => node.author)).toEqual(expected.map(([, , who]) => ({ id: who.id, displayName: who.displayName })));
    expect(nodes.map((node) => node.authorId)).toEqual(expected.map(([, , who]) => who.id));
    expect(nodes.map((node) => node.message)).toEqual(expected.map(([version]) => (version === 1 ? 'first draft' : null)));
    for (const node of nodes) {
      expect(node).toMatchObject({ contentType: kind.type, contentId: item.id });
      expect(typeof node.snapshot).toBe('object');
      expect(Number.isNaN(Date.parse(node.createdAt))).toBe(false);
    }

    // Pages of two, following the cursor.
    const first = await revisions(2);
    expect(first.edges.map((edge) => edge.node.version)).toEqual(expected.slice(0, 2).map(([version]) => version));
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBe(expected.length);
    const rest = await revisions(10, first.pageInfo.endCursor as string);
    expect(rest.edges.map((edge) => edge.node.version)).toEqual(expected.slice(2).map(([version]) => version));
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('gives one revision by its version, and null for a version that never was', async () => {
    const { contentRevision } = await data<{ contentRevision: Revision | null }>(REVISION, { type: kind.type, id: item.id, version: 2 }, alice.token);
    expect(contentRevision).toMatchObject({
      contentType: kind.type, contentId: item.id, version: 2, operation: 'UPDATE', authorId: bruno.id,
      author: { id: bruno.id, displayName: bruno.displayName },
    });
    const missing = await data<{ contentRevision: Revision | null }>(REVISION, { type: kind.type, id: item.id, version: 99 }, alice.token);
    expect(missing.contentRevision).toBeNull();
  });

  it('shows exactly the changed fields between two versions, with their values before and after', async () => {
    const created = kind.createInput(1);
    const two = await diff(2, 3);
    expect(two).toMatchObject({ contentType: kind.type, contentId: item.id, from: 2, to: 3 });
    expect(two.changes).toEqual([
      { field: kind.changedField2, before: created[kind.changedField2], after: kind.updateInputs[1][kind.changedField2] },
    ]);

    const both = await diff(1, 3);
    expect(sorted(both.changes.map((change) => change.field))).toEqual(sorted([kind.changedField1, kind.changedField2]));
    const first = both.changes.find((change) => change.field === kind.changedField1);
    expect(first).toEqual({ field: kind.changedField1, before: created[kind.changedField1], after: kind.updateInputs[0][kind.changedField1] });

    // Publishing changes no content field: status and publishedAt are lifecycle, not part of a diff.
    if (!isNotice) expect((await diff(3, 4)).changes).toEqual([]);
  });

  it('restores version 2 as a new version equal to it, keeping the current status; a stale version is refused', async () => {
    const stale = await restore({ id: item.id, version: item.version - 1 }, 2, alice.token);
    expect(firstGqlError(stale).extensions.code).toBe('CONFLICT');

    const body = await restore(item, 2, alice.token, 'back to version 2');
    expect(body.errors).toBeUndefined();
    const restored = body.data?.restoreContentRevision as ItemRef;
    expect(restored).toEqual({ id: item.id, version: isNotice ? 4 : 5, status: isNotice ? 'DRAFT' : 'PUBLISHED' });
    item = restored;

    expect((await diff(2, item.version)).changes).toEqual([]);
    const current = await lookup(item.id);
    expect(current).toMatchObject({
      id: item.id, version: item.version, status: item.status,
      [kind.changedField1]: kind.updateInputs[0][kind.changedField1],
      [kind.changedField2]: kind.createInput(1)[kind.changedField2],
    });

    const [newest] = (await revisions(1)).edges.map((edge) => edge.node);
    expect(newest).toMatchObject({ version: item.version, operation: 'RESTORE', message: 'back to version 2', authorId: alice.id });

    if (isNotice) {
      item = await publishItem(t, bruno.token, kind, item);
      expect(item).toMatchObject({ version: 5, status: 'PUBLISHED' });
    }

    const all = await revisions();
    expect(all.totalCount).toBe(5);
    expect(all.edges.map((edge) => [edge.node.version, edge.node.operation, edge.node.authorId]))
      .toEqual(expectedSteps().map(([version, operation, who]) => [version, operation, who.id]));
  });

  if (isNotice) {
    it('refuses to restore a published notice (a published notice is never edited)', async () => {
      const refused = await restore(item, 2, alice.token);
      expect(firstGqlError(refused).extensions.code).toBe('CONFLICT');
      expect(await lookup(item.id)).toMatchObject({ version: 5, status: 'PUBLISHED' });
      expect((await revisions()).totalCount).toBe(5);
    });
  }

  it('shows each step in the audit log, newest first, with its actor (admins only)', async () => {
    const entries = await audit({ contentId: item.id });
    const expected = expectedSteps();
    expect(entries.map((entry) => [entry.operation, entry.version, entry.actorId]))
      .toEqual(expected.map(([version, operation, who]) => [operation, version, who.id]));
    for (const entry of entries) expect(entry).toMatchObject({ contentType: kind.journalName, contentId: item.id });
    expect(entries.find((entry) => entry.operation === 'CREATE')?.message).toBe('first draft');
    expect(entries.find((entry) => entry.operation === 'RESTORE')?.message).toBe('back to version 2');

    // Filters: by operation, by actor, by journal name.
    expect((await audit({ contentId: item.id, operation: 'RESTORE' })).map((entry) => entry.version)).toEqual([isNotice ? 4 : 5]);
    const byBruno = await audit({ contentId: item.id, actorId: bruno.id });
    expect(byBruno.map((entry) => entry.operation)).toEqual(expected.filter(([, , who]) => who === bruno).map(([, operation]) => operation));
    const byType = await audit({ contentType: kind.journalName });
    expect(byType.length).toBeGreaterThanOrEqual(5);
    expect(byType.every((entry) => entry.contentType === kind.journalName)).toBe(true);

    const editorAsks = await gql(AUDIT, { contentId: item.id }, alice.token);
    expect(firstGqlError(editorAsks).extensions.code).toBe('FORBIDDEN');
  });

  it('gives the same history over REST, to staff only', async () => {
    const base = `/api/v1/${kind.restPath}/${item.id}/revisions`;
    const bearer = `Bearer ${alice.token}`;
    const graph = (await revisions()).edges.map((edge) => edge.node);

    type RevisionPage = { data: Revision[]; pageInfo: PageInfo; totalCount: number };
    const get = async <T>(path: string): Promise<T> => (await t.http().get(path).set('Authorization', bearer).expect(200)).body as T;

    const list = await get<RevisionPage>(base);
    expect(list.totalCount).toBe(graph.length);
    expect(list.pageInfo).toMatchObject({ hasNextPage: false });
    expect(list.data.map((revision) => revision.version)).toEqual(graph.map((revision) => revision.version));
    // One spelling of enum values in both APIs (issue 11, point 14).
    expect(list.data.map((revision) => revision.operation)).toEqual(graph.map((revision) => revision.operation));
    expect(list.data.map((revision) => revision.authorId)).toEqual(graph.map((revision) => revision.authorId));

    const paged = await get<RevisionPage>(`${base}?first=2`);
    expect(paged.data.map((revision) => revision.version)).toEqual(graph.slice(0, 2).map((revision) => revision.version));
    expect(paged.pageInfo.hasNextPage).toBe(true);
    const next = await get<RevisionPage>(`${base}?first=10&after=${encodeURIComponent(paged.pageInfo.endCursor as string)}`);
    expect(next.data.map((revision) => revision.version)).toEqual(graph.slice(2).map((revision) => revision.version));

    const one = await get<Revision>(`${base}/2`);
    expect(one).toMatchObject({ contentType: kind.type, contentId: item.id, version: 2, operation: 'UPDATE', authorId: bruno.id });

    const compare = await get<Diff>(`${base}/compare?from=1&to=3`);
    expect(compare).toMatchObject({ contentType: kind.type, contentId: item.id, from: 1, to: 3 });
    expect(sorted(compare.changes.map((change) => change.field))).toEqual(sorted([kind.changedField1, kind.changedField2]));

    await t.http().get(base).expect(401);
    await t.http().get(`${base}/2`).expect(401);
    await t.http().get(`${base}/compare?from=1&to=3`).expect(401);

    const auditRest = (await t.http().get(`/api/v1/audit-log?contentId=${item.id}`).set('Authorization', `Bearer ${admin}`).expect(200))
      .body as { data: AuditEntry[]; pageInfo: PageInfo };
    expect(auditRest.data.map((entry) => entry.operation)).toEqual(expectedSteps().map(([, operation]) => operation));
    expect(auditRest.pageInfo).toMatchObject({ hasNextPage: false });
  });

  it('brings a deleted item back as a draft with a new version', async () => {
    // A published notice cannot be deleted: a second, draft, notice is.
    const target = isNotice ? await createItem(t, alice.token, kind, 2) : item;
    const before = await lookup(target.id);
    expect(before).not.toBeNull();

    const deleted = await deleteItem(t, alice.token, kind, target, { message: 'deleted by mistake' });
    expect(deleted).toEqual({ id: target.id, version: target.version + 1 });
    expect(await lookup(target.id)).toBeNull();

    const listed = (await deletedItems()).find((entry) => entry.id === target.id);
    expect(listed).toMatchObject({
      contentType: kind.type, id: target.id, title: before?.[kind.titleField], slug: before?.slug, version: deleted.version, deletedById: alice.id,
    });
    expect(Number.isNaN(Date.parse(listed?.deletedAt ?? ''))).toBe(false);

    const body = await gql<{ restoreDeletedContent: ItemRef }>(UNDELETE, { type: kind.type, id: target.id, message: 'needed after all' }, bruno.token);
    expect(body.errors).toBeUndefined();
    const back = body.data?.restoreDeletedContent as ItemRef;
    expect(back.id).toBe(target.id);
    expect(back.status).toBe('DRAFT');
    expect(back.version).toBeGreaterThan(deleted.version);

    expect(await lookup(target.id)).toMatchObject({
      id: target.id, version: back.version, status: 'DRAFT', slug: before?.slug, [kind.titleField]: before?.[kind.titleField],
    });
    expect((await deletedItems()).some((entry) => entry.id === target.id)).toBe(false);

    const [undelete, remove] = await audit({ contentId: target.id });
    expect(undelete).toMatchObject({ operation: 'UNDELETE', version: back.version, actorId: bruno.id, message: 'needed after all' });
    expect(remove).toMatchObject({ operation: 'DELETE', version: deleted.version, actorId: alice.id, message: 'deleted by mistake' });
  });

  it('refuses to bring back a deleted item whose slug was taken meanwhile, naming the item that took it', async () => {
    const first = await createItem(t, alice.token, kind, 3);
    await deleteItem(t, alice.token, kind, first);
    // Same input, so the same slug (the same path for a page; kind, reference and year for a notice).
    const second = await createItem(t, alice.token, kind, 3);
    expect(second.id).not.toBe(first.id);

    const refused = await gql(UNDELETE, { type: kind.type, id: first.id }, alice.token);
    const error = firstGqlError(refused);
    expect(error.extensions.code).toBe('CONFLICT');
    expect(error.message).toContain(second.id);
    expect(await lookup(first.id)).toBeNull();
    expect((await deletedItems()).some((entry) => entry.id === first.id)).toBe(true);
  });
});

describe('history and audit log: what holds for every type', () => {
  let t: TestApp;
  let editor: string;
  let contributor: string;
  let admin: string;
  let page: ItemRef;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
    contributor = await loginAs(t, 'contributor');
    admin = await loginAs(t, 'admin');
    page = await createItem(t, editor, PAGE, 1, { message: 'first draft' });
    page = await updateItem(t, editor, PAGE, page, PAGE.updateInputs[0]);
  });
  afterAll(() => t.close());

  const code = async (query: string, variables: Record<string, unknown>, token?: string): Promise<string> =>
    firstGqlError((await t.gql(query, variables, token)).body as GqlBody).extensions.code;

  it('refuses to change the journal or the revisions in SQL', async () => {
    const count = async (table: string): Promise<number> =>
      (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
    const journal = await count('content_journal');
    const kept = await count('content_revisions');
    expect(journal).toBeGreaterThanOrEqual(2);
    expect(kept).toBeGreaterThanOrEqual(2);

    await expect(t.dataSource.query('UPDATE content_journal SET operation = operation')).rejects.toThrow();
    await expect(t.dataSource.query('DELETE FROM content_journal')).rejects.toThrow();
    await expect(t.dataSource.query('DELETE FROM content_revisions')).rejects.toThrow();

    expect(await count('content_journal')).toBe(journal);
    expect(await count('content_revisions')).toBe(kept);
  });

  it('shows the history to staff only, the deleted items to editors and admins, the audit log to admins only', async () => {
    expect(await code(REVISIONS, { type: 'PAGE', id: page.id })).toBe('UNAUTHENTICATED');
    expect(await code(DIFF, { type: 'PAGE', id: page.id, from: 1, to: 2 })).toBe('UNAUTHENTICATED');
    expect(await code(RESTORE, { type: 'PAGE', id: page.id, version: page.version, revision: 1 })).toBe('UNAUTHENTICATED');
    expect(await code(DELETED, {})).toBe('UNAUTHENTICATED');
    expect(await code(AUDIT, {})).toBe('UNAUTHENTICATED');

    const contributorReads = (await t.gql(REVISIONS, { type: 'PAGE', id: page.id }, contributor)).body as GqlBody<{ contentRevisions: { totalCount: number } }>;
    expect(contributorReads.errors).toBeUndefined();
    expect(contributorReads.data?.contentRevisions.totalCount).toBe(2);

    expect(await code(DELETED, {}, contributor)).toBe('FORBIDDEN');
    expect(await code(AUDIT, { contentId: page.id }, contributor)).toBe('FORBIDDEN');
    expect(await code(AUDIT, { contentId: page.id }, editor)).toBe('FORBIDDEN');
    const adminReads = (await t.gql(AUDIT, { contentId: page.id }, admin)).body as GqlBody<{ auditLog: { edges: { node: AuditEntry }[] } }>;
    expect(adminReads.errors).toBeUndefined();
    expect(adminReads.data?.auditLog.edges.map((edge) => edge.node.operation)).toEqual(['UPDATE', 'CREATE']);

    await t.http().get(`/api/v1/pages/${page.id}/revisions`).expect(401);
    await t.http().get(`/api/v1/pages/${page.id}/revisions`).set('Authorization', `Bearer ${contributor}`).expect(200);
    await t.http().get(`/api/v1/audit-log?contentId=${page.id}`).expect(401);
    await t.http().get(`/api/v1/audit-log?contentId=${page.id}`).set('Authorization', `Bearer ${editor}`).expect(403);
  });

  it('refuses to restore a version whose category or picture no longer exists, naming the field and the id', async () => {
    const gql = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
      const body = (await t.gql(query, variables, editor)).body as GqlBody;
      expect(body.errors).toBeUndefined();
      return body.data as T;
    };
    const { createTerm: term } = await gql<{ createTerm: { id: string; version: number } }>(
      'mutation { createTerm(vocabulary: CATEGORY, input: { label: "Catégorie éphémère" }) { id version } }', {});
    const picture = await uploadMedia<{ id: string; version: number }>(t, await png(40, 30, '#264653'), 'ephemere.png',
      { token: editor, fields: { alt: 'Une image éphémère' } });
    const { createAssociation: v1 } = await gql<{ createAssociation: ItemRef }>(
      'mutation($input: CreateAssociationInput!) { createAssociation(input: $input) { id version } }',
      { input: { name: 'Club éphémère', categoryIds: [term.id], logoMediaId: picture.id } });
    const { updateAssociation: v2 } = await gql<{ updateAssociation: ItemRef }>(
      'mutation($id: ID!, $v: Int!) { updateAssociation(id: $id, version: $v, input: { categoryIds: [], logoMediaId: null }) { id version } }',
      { id: v1.id, v: v1.version });
    await gql('mutation($id: ID!, $v: Int!) { deleteTerm(id: $id, version: $v) { id } }', { id: term.id, v: term.version });
    const refused = firstGqlError((await t.gql(RESTORE, { type: 'ASSOCIATION', id: v2.id, version: v2.version, revision: 1 }, editor)).body as GqlBody);
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'categoryIds' }] });
    expect(refused.message).toContain(term.id);

    // An association that only showed the picture: the file is what is missing.
    const { createAssociation: w1 } = await gql<{ createAssociation: ItemRef }>(
      'mutation($input: CreateAssociationInput!) { createAssociation(input: $input) { id version } }',
      { input: { name: 'Club à l’image', logoMediaId: picture.id } });
    const { updateAssociation: w2 } = await gql<{ updateAssociation: ItemRef }>(
      'mutation($id: ID!, $v: Int!) { updateAssociation(id: $id, version: $v, input: { logoMediaId: null }) { id version } }',
      { id: w1.id, v: w1.version });
    await gql('mutation($id: ID!, $v: Int!) { deleteMedia(id: $id, version: $v) { id } }', { id: picture.id, v: picture.version });
    const noFile = firstGqlError((await t.gql(RESTORE, { type: 'ASSOCIATION', id: w2.id, version: w2.version, revision: 1 }, editor)).body as GqlBody);
    expect(noFile.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'logoMediaId' }] });
    expect(noFile.message).toContain(picture.id);
  });

  it('refuses a change message over 500 characters, an unknown audit filter and a forged cursor, with the field', async () => {
    const tooLong = firstGqlError((await t.gql(
      'mutation($id: ID!, $v: Int!, $m: String) { publishPage(id: $id, version: $v, message: $m) { id } }',
      { id: page.id, v: page.version, m: 'x'.repeat(501) }, editor)).body as GqlBody);
    expect(tooLong.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'message' }] });
    const badType = firstGqlError((await t.gql('{ auditLog(contentType: "nope") { totalCount } }', {}, admin)).body as GqlBody);
    expect(badType.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'contentType' }] });
    const badCursor = firstGqlError((await t.gql('{ auditLog(after: "bm9wZQ") { totalCount } }', {}, admin)).body as GqlBody);
    expect(badCursor.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
    const rest = await t.http().get('/api/v1/pages/not-a-uuid/revisions').set('Authorization', `Bearer ${editor}`).expect(400);
    expect(rest.body).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ path: 'id' }] });
    const badDate = await t.http().get('/api/v1/audit-log?from=yesterday').set('Authorization', `Bearer ${admin}`).expect(400);
    expect(badDate.body).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ path: 'from' }] });
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const recent = await t.http().get(`/api/v1/audit-log?from=${since}&contentId=${page.id}`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect((recent.body as { data: unknown[] }).data.length).toBeGreaterThanOrEqual(2);
  });

  it('shows staff and media events in the audit log: a failed and a good login, an upload', async () => {
    const user = await createUser(t, { role: 'editor' });
    await t.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: user.email, p: 'not the password at all' });
    await t.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: user.email, p: user.password });
    const body = (await t.gql('query($id: ID) { auditLog(contentId: $id, contentType: "user") { edges { node { operation actorId detail } } } }', { id: user.id }, admin)).body as GqlBody;
    const entries = (body.data as { auditLog: { edges: { node: AuditEntry }[] } }).auditLog.edges.map((edge) => edge.node);
    expect(entries.map((entry) => entry.operation)).toEqual(['LOGIN', 'LOGIN_FAILED', 'USER_CREATE']);
    expect(JSON.stringify(entries)).not.toContain('not the password');
    const uploads = (await t.gql('{ auditLog(operation: MEDIA_UPLOAD) { totalCount } }', {}, admin)).body as GqlBody;
    expect((uploads.data as { auditLog: { totalCount: number } }).auditLog.totalCount).toBeGreaterThanOrEqual(1);
  });

  it('writes nothing when a restore is refused', async () => {
    expect(await code(RESTORE, { type: 'PAGE', id: page.id, version: page.version + 5, revision: 1 }, editor)).toBe('CONFLICT');
    const [row] = await t.dataSource.query<{ version: number }[]>('SELECT version FROM pages WHERE id = $1', [page.id]);
    expect(row.version).toBe(page.version);
  });
});
