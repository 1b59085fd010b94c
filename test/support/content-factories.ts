import type { GqlBody } from './gql-helpers';
import type { TestApp } from './test-app';

/** The GraphQL `ContentType` of each of the five content types. */
export type ContentTypeName = 'PAGE' | 'ASSOCIATION' | 'EVENT' | 'LEGAL_NOTICE' | 'PROCEDURE';

/**
 * One content type, as the tests that run over all five see it: how to make a valid, publishable
 * item, and two updates each changing exactly one API field (the first the title, the second the
 * summary).
 */
export interface ContentKind {
  type: ContentTypeName;
  /** The GraphQL type name: `create${name}`, `Update${name}Input`… */
  name: 'Page' | 'Association' | 'Event' | 'LegalNotice' | 'Procedure';
  /** `/api/v1/${restPath}/:id` */
  restPath: 'pages' | 'associations' | 'events' | 'legal-notices' | 'procedures';
  /** The staff lookup query by id: `page(id:)`, `legalNotice(id:)`… */
  lookup: 'page' | 'association' | 'event' | 'legalNotice' | 'procedure';
  /** The journal name (`contentType` of audit entries). */
  journalName: 'page' | 'association' | 'event' | 'legal_notice' | 'procedure';
  /** The API field holding the title (`name` for an association). */
  titleField: 'title' | 'name';
  /**
   * A valid input for a publishable item; the same `n` always gives the same input, hence the same
   * slug (or path, or kind + reference + year for a notice): different `n`, different slugs.
   */
  createInput: (n: number) => Record<string, unknown>;
  /** Two updates, each changing exactly one API field of an item made by `createInput`. */
  updateInputs: [Record<string, unknown>, Record<string, unknown>];
  /** The API field `updateInputs[0]` changes. */
  changedField1: string;
  /** The API field `updateInputs[1]` changes. */
  changedField2: string;
  /** The table its rows live in. */
  table: 'pages' | 'associations' | 'events' | 'legal_notices' | 'procedures';
  /** The input field a duplicate is refused on (the unique path of a page is refused on its slug; a notice's number on its reference). */
  uniqueField: 'slug' | 'reference';
  /**
   * How `GET /api/v1/${restPath}/:param` names an item: by id or slug where slugs are unique, by id only for pages
   * (found by path) and legal notices (found by kind, number and year).
   */
  restParam: 'idOrSlug' | 'id';
  /** A published legal notice is never edited, unpublished or deleted (it is superseded or withdrawn instead). */
  finalOncePublished: boolean;
}

export const PAGE: ContentKind = {
  type: 'PAGE', name: 'Page', restPath: 'pages', lookup: 'page', journalName: 'page', titleField: 'title',
  createInput: (n) => ({
    title: `Page d'histoire ${n}`, slug: `page-histoire-${n}`, summary: `Résumé de la page ${n}`, body: `Texte de la page ${n}.`,
  }),
  updateInputs: [{ title: 'Page d\'histoire, titre révisé' }, { summary: 'Résumé révisé de la page' }],
  changedField1: 'title',
  changedField2: 'summary',
  table: 'pages', uniqueField: 'slug', restParam: 'id', finalOncePublished: false,
};

export const ASSOCIATION: ContentKind = {
  type: 'ASSOCIATION', name: 'Association', restPath: 'associations', lookup: 'association', journalName: 'association', titleField: 'name',
  createInput: (n) => ({
    name: `Club d'histoire locale ${n}`, slug: `club-histoire-${n}`, summary: `Le club numéro ${n} raconte le village.`,
  }),
  updateInputs: [{ name: 'Club d\'histoire locale, nom révisé' }, { summary: 'Le club raconte le village depuis 1950.' }],
  changedField1: 'name',
  changedField2: 'summary',
  table: 'associations', uniqueField: 'slug', restParam: 'idOrSlug', finalOncePublished: false,
};

export const EVENT: ContentKind = {
  type: 'EVENT', name: 'Event', restPath: 'events', lookup: 'event', journalName: 'event', titleField: 'title',
  createInput: (n) => {
    const day = String(n).padStart(2, '0');
    return {
      title: `Conférence d'histoire ${n}`, slug: `conference-histoire-${n}`, summary: `La conférence numéro ${n}.`,
      startsAt: `2026-09-${day}T16:00:00.000Z`, endsAt: `2026-09-${day}T18:00:00.000Z`,
    };
  },
  updateInputs: [{ title: 'Conférence d\'histoire, titre révisé' }, { summary: 'La conférence, résumé révisé.' }],
  changedField1: 'title',
  changedField2: 'summary',
  table: 'events', uniqueField: 'slug', restParam: 'idOrSlug', finalOncePublished: false,
};

/**
 * When the factories' notices are signed and put online: the start of this UTC day, so that publishing
 * one now falls inside its display window (a window already over cannot be published) whatever the day
 * the tests run, and 70 days of display cover the two months an arrêté needs.
 */
const NOTICE_DAY = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
const NOTICE_UNTIL = new Date(NOTICE_DAY.getTime() + 70 * 86_400_000);

/** A publishable arrêté of today: electronic, no meeting, displayed 70 days from today, with its text (no document). */
export const LEGAL_NOTICE: ContentKind = {
  type: 'LEGAL_NOTICE', name: 'LegalNotice', restPath: 'legal-notices', lookup: 'legalNotice', journalName: 'legal_notice', titleField: 'title',
  createInput: (n) => ({
    kind: 'ARRETE',
    reference: `H-${String(n).padStart(3, '0')}`,
    title: `Arrêté d'histoire ${n}`,
    summary: `Résumé de l'arrêté ${n}`,
    body: '## Article 1\n\nLa circulation est interdite rue Léo Lagrange.',
    actDate: NOTICE_DAY.toISOString().slice(0, 10),
    signatoryName: 'Jean Dupont',
    signatoryRole: 'Le Maire',
    displayFrom: NOTICE_DAY.toISOString(),
    displayUntil: NOTICE_UNTIL.toISOString(),
  }),
  updateInputs: [{ title: 'Arrêté d\'histoire, titre révisé' }, { summary: 'Résumé révisé de l\'arrêté' }],
  changedField1: 'title',
  changedField2: 'summary',
  table: 'legal_notices', uniqueField: 'reference', restParam: 'id', finalOncePublished: true,
};

/** A sheet needs its summary to be published. */
export const PROCEDURE: ContentKind = {
  type: 'PROCEDURE', name: 'Procedure', restPath: 'procedures', lookup: 'procedure', journalName: 'procedure', titleField: 'title',
  createInput: (n) => ({
    title: `Démarche d'histoire ${n}`, slug: `demarche-histoire-${n}`, summary: `Résumé de la démarche ${n}`,
  }),
  updateInputs: [{ title: 'Démarche d\'histoire, titre révisé' }, { summary: 'Résumé révisé de la démarche' }],
  changedField1: 'title',
  changedField2: 'summary',
  table: 'procedures', uniqueField: 'slug', restParam: 'idOrSlug', finalOncePublished: false,
};

export const CONTENT_KINDS: readonly ContentKind[] = [PAGE, ASSOCIATION, EVENT, LEGAL_NOTICE, PROCEDURE];

/** What the write helpers give back by default. */
export interface ItemRef {
  id: string;
  version: number;
  status: string;
}

/** `deleteX` returns `DeletedContent { id version }`: no status. */
export interface DeletedRef {
  id: string;
  version: number;
}

/** Where a write helper takes its item from: anything with an id and the version last read. */
export interface Versioned {
  id: string;
  version: number;
}

/** Options of every write helper. */
export interface WriteOptions {
  /** The change message kept with the revision (`message:` argument). */
  message?: string;
  /** The selection of the item returned (`id version status` by default). */
  fields?: string;
}

/** The operations on one item that take only its id and version. */
export type ItemOperation = 'publish' | 'unpublish' | 'delete';

const ITEM_FIELDS = 'id version status';

/** `, message: $message` and its declaration, only when a message is given. */
function messageParts(message: string | undefined): { declaration: string; argument: string; variables: Record<string, unknown> } {
  return message === undefined
    ? { declaration: '', argument: '', variables: {} }
    : { declaration: ', $message: String', argument: ', message: $message', variables: { message } };
}

/** Sends a mutation; the raw answer, errors included (for tests of refusals). */
async function send(t: TestApp, token: string | undefined, query: string, variables: Record<string, unknown>): Promise<GqlBody> {
  return (await t.gql(query, variables, token)).body as GqlBody;
}

/** The one field of a mutation's answer; throws with the errors' JSON when the answer has any. */
function resultOf<T>(body: GqlBody, field: string): T {
  if (body.errors) throw new Error(`${field} failed: ${JSON.stringify(body.errors)}`);
  const value = body.data?.[field];
  if (!value) throw new Error(`${field} returned nothing: ${JSON.stringify(body)}`);
  return value as T;
}

/** The input of a creation: the kind's valid input number `n`, or the input given as it is. */
const creationInput = (kind: ContentKind, input: number | Record<string, unknown>): Record<string, unknown> =>
  (typeof input === 'number' ? kind.createInput(input) : input);

/** `create<Name>(input:)`, answered as it is (anonymous when `token` is undefined). */
export function tryCreate(t: TestApp, token: string | undefined, kind: ContentKind, input: number | Record<string, unknown>,
  options: WriteOptions = {}): Promise<GqlBody> {
  const m = messageParts(options.message);
  return send(t, token,
    `mutation($input: Create${kind.name}Input!${m.declaration}) { create${kind.name}(input: $input${m.argument}) { ${options.fields ?? ITEM_FIELDS} } }`,
    { input: creationInput(kind, input), ...m.variables });
}

/** `update<Name>(id:, version:, input:)` with the version given, answered as it is. */
export function tryUpdate(t: TestApp, token: string | undefined, kind: ContentKind, item: Versioned, input: Record<string, unknown>,
  options: WriteOptions = {}): Promise<GqlBody> {
  const m = messageParts(options.message);
  return send(t, token,
    `mutation($id: ID!, $version: Int!, $input: Update${kind.name}Input!${m.declaration}) {
      update${kind.name}(id: $id, version: $version, input: $input${m.argument}) { ${options.fields ?? ITEM_FIELDS} } }`,
    { id: item.id, version: item.version, input, ...m.variables });
}

/** `publish<Name>`, `unpublish<Name>` or `delete<Name>(id:, version:)`, answered as it is. */
export function tryChange(t: TestApp, token: string | undefined, kind: ContentKind, operation: ItemOperation, item: Versioned,
  options: WriteOptions = {}): Promise<GqlBody> {
  const m = messageParts(options.message);
  const fields = options.fields ?? (operation === 'delete' ? 'id version' : ITEM_FIELDS);
  return send(t, token,
    `mutation($id: ID!, $version: Int!${m.declaration}) { ${operation}${kind.name}(id: $id, version: $version${m.argument}) { ${fields} } }`,
    { id: item.id, version: item.version, ...m.variables });
}

/**
 * Creates a draft: the kind's valid input number `n` (`createInput(n)`), or the input given; returns
 * the selected fields (`id version status` by default) and fails the test on any error.
 */
export async function createItem<T = ItemRef>(t: TestApp, token: string, kind: ContentKind, input: number | Record<string, unknown>,
  options: WriteOptions = {}): Promise<T> {
  return resultOf<T>(await tryCreate(t, token, kind, input, options), `create${kind.name}`);
}

/** Updates the item at the version given. */
export async function updateItem<T = ItemRef>(t: TestApp, token: string, kind: ContentKind, item: Versioned, input: Record<string, unknown>,
  options: WriteOptions = {}): Promise<T> {
  return resultOf<T>(await tryUpdate(t, token, kind, item, input, options), `update${kind.name}`);
}

/** Publishes the item at the version given. */
export async function publishItem<T = ItemRef>(t: TestApp, token: string, kind: ContentKind, item: Versioned, options: WriteOptions = {}): Promise<T> {
  return resultOf<T>(await tryChange(t, token, kind, 'publish', item, options), `publish${kind.name}`);
}

/** Takes the item back to draft. */
export async function unpublishItem<T = ItemRef>(t: TestApp, token: string, kind: ContentKind, item: Versioned, options: WriteOptions = {}): Promise<T> {
  return resultOf<T>(await tryChange(t, token, kind, 'unpublish', item, options), `unpublish${kind.name}`);
}

/** Soft delete; returns the deleted item's last version (`DeletedContent { id version }`). */
export async function deleteItem(t: TestApp, token: string, kind: ContentKind, item: Versioned, options: WriteOptions = {}): Promise<DeletedRef> {
  return resultOf<DeletedRef>(await tryChange(t, token, kind, 'delete', item, options), `delete${kind.name}`);
}

/**
 * Creates and publishes; returns what the creation selected, with the published version and status
 * (`options.fields` applies to the creation).
 */
export async function createPublished<T extends Versioned = ItemRef>(t: TestApp, token: string, kind: ContentKind,
  input: number | Record<string, unknown>, options: WriteOptions = {}): Promise<T & ItemRef> {
  const created = await createItem<T>(t, token, kind, input, options);
  const published = await publishItem(t, token, kind, created);
  return { ...created, ...published };
}

/** The operations the change journal holds for an item, oldest first (`['create', 'update', 'publish']`). */
export async function journalOf(t: TestApp, id: string): Promise<string[]> {
  const rows: { operation: string }[] = await t.dataSource.query('SELECT operation FROM content_journal WHERE content_id = $1 ORDER BY seq', [id]);
  return rows.map((row) => row.operation);
}

/** A term of the CATEGORY list (associations, events) or of the PROCEDURE_THEME list (sheets), made through GraphQL. */
export async function createTerm(t: TestApp, token: string, vocabulary: 'CATEGORY' | 'PROCEDURE_THEME', label: string): Promise<{ id: string; slug: string; version: number }> {
  const body = await send(t, token, 'mutation($vocabulary: Vocabulary!, $label: String!) { createTerm(vocabulary: $vocabulary, input: { label: $label }) { id slug version } }',
    { vocabulary, label });
  return resultOf(body, 'createTerm');
}

/** Numbers the categories `newCategory` makes, so that each label (hence slug) of a spec file is new. */
let categoryCounter = 0;

/**
 * A CATEGORY term of its own (`${prefix} ${n}`), made through GraphQL: a test filtering a list on it
 * sees only the items it tagged. Returns the term's id.
 */
export async function newCategory(t: TestApp, token: string, prefix = 'Test catégorie'): Promise<string> {
  categoryCounter += 1;
  return (await createTerm(t, token, 'CATEGORY', `${prefix} ${categoryCounter}`)).id;
}
