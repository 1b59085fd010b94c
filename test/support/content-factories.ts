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
}

export const PAGE: ContentKind = {
  type: 'PAGE', name: 'Page', restPath: 'pages', lookup: 'page', journalName: 'page', titleField: 'title',
  createInput: (n) => ({
    title: `Page d'histoire ${n}`, slug: `page-histoire-${n}`, summary: `Résumé de la page ${n}`, body: `Texte de la page ${n}.`,
  }),
  updateInputs: [{ title: 'Page d\'histoire, titre révisé' }, { summary: 'Résumé révisé de la page' }],
  changedField1: 'title',
  changedField2: 'summary',
};

export const ASSOCIATION: ContentKind = {
  type: 'ASSOCIATION', name: 'Association', restPath: 'associations', lookup: 'association', journalName: 'association', titleField: 'name',
  createInput: (n) => ({
    name: `Club d'histoire locale ${n}`, slug: `club-histoire-${n}`, summary: `Le club numéro ${n} raconte le village.`,
  }),
  updateInputs: [{ name: 'Club d\'histoire locale, nom révisé' }, { summary: 'Le club raconte le village depuis 1950.' }],
  changedField1: 'name',
  changedField2: 'summary',
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
};

/** A publishable arrêté: electronic, no meeting, displayed two months and a day, with its text (no document). */
export const LEGAL_NOTICE: ContentKind = {
  type: 'LEGAL_NOTICE', name: 'LegalNotice', restPath: 'legal-notices', lookup: 'legalNotice', journalName: 'legal_notice', titleField: 'title',
  createInput: (n) => ({
    kind: 'ARRETE',
    reference: `2026-H${String(n).padStart(3, '0')}`,
    title: `Arrêté d'histoire ${n}`,
    summary: `Résumé de l'arrêté ${n}`,
    body: '## Article 1\n\nLa circulation est interdite rue Léo Lagrange.',
    actDate: '2026-03-02',
    signatoryName: 'Jean Dupont',
    signatoryRole: 'Le Maire',
    displayFrom: '2026-03-02T08:00:00.000Z',
    displayUntil: '2026-05-03T08:00:00.000Z',
  }),
  updateInputs: [{ title: 'Arrêté d\'histoire, titre révisé' }, { summary: 'Résumé révisé de l\'arrêté' }],
  changedField1: 'title',
  changedField2: 'summary',
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
};

export const CONTENT_KINDS: readonly ContentKind[] = [PAGE, ASSOCIATION, EVENT, LEGAL_NOTICE, PROCEDURE];

/** What the write helpers give back. */
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

const ITEM_FIELDS = 'id version status';

/** Sends a mutation and returns its one field; throws with the errors' JSON when the answer has any. */
async function mutate<T>(t: TestApp, token: string, field: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await t.gql(query, variables, token);
  const body = res.body as GqlBody;
  if (body.errors) throw new Error(`${field} failed: ${JSON.stringify(body.errors)}`);
  const value = body.data?.[field];
  if (!value) throw new Error(`${field} returned nothing: ${JSON.stringify(res.body)}`);
  return value as T;
}

/** `, message: $message` and its declaration, only when a message is given. */
function messageParts(message: string | undefined): { declaration: string; argument: string; variables: Record<string, unknown> } {
  return message === undefined
    ? { declaration: '', argument: '', variables: {} }
    : { declaration: ', $message: String', argument: ', message: $message', variables: { message } };
}

/** `create<Name>(input: createInput(n), message:)`. */
export function createItem(t: TestApp, token: string, kind: ContentKind, n: number, message?: string): Promise<ItemRef> {
  const m = messageParts(message);
  const field = `create${kind.name}`;
  return mutate(t, token, field,
    `mutation($input: Create${kind.name}Input!${m.declaration}) { ${field}(input: $input${m.argument}) { ${ITEM_FIELDS} } }`,
    { input: kind.createInput(n), ...m.variables });
}

/** `update<Name>(id:, version:, input:, message:)` with the item's current version. */
export function updateItem(t: TestApp, token: string, kind: ContentKind, item: { id: string; version: number },
  input: Record<string, unknown>, message?: string): Promise<ItemRef> {
  const m = messageParts(message);
  const field = `update${kind.name}`;
  return mutate(t, token, field,
    `mutation($id: ID!, $version: Int!, $input: Update${kind.name}Input!${m.declaration}) {
      ${field}(id: $id, version: $version, input: $input${m.argument}) { ${ITEM_FIELDS} } }`,
    { id: item.id, version: item.version, input, ...m.variables });
}

/** `publish<Name>(id:, version:, message:)`. */
export function publishItem(t: TestApp, token: string, kind: ContentKind, item: { id: string; version: number }, message?: string): Promise<ItemRef> {
  const m = messageParts(message);
  const field = `publish${kind.name}`;
  return mutate(t, token, field,
    `mutation($id: ID!, $version: Int!${m.declaration}) { ${field}(id: $id, version: $version${m.argument}) { ${ITEM_FIELDS} } }`,
    { id: item.id, version: item.version, ...m.variables });
}

/** `delete<Name>(id:, version:, message:)`: soft delete; returns the deleted item's last version. */
export function deleteItem(t: TestApp, token: string, kind: ContentKind, item: { id: string; version: number }, message?: string): Promise<DeletedRef> {
  const m = messageParts(message);
  const field = `delete${kind.name}`;
  return mutate(t, token, field,
    `mutation($id: ID!, $version: Int!${m.declaration}) { ${field}(id: $id, version: $version${m.argument}) { id version } }`,
    { id: item.id, version: item.version, ...m.variables });
}
