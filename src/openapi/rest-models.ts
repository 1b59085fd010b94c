import { ErrorCode } from '../common/errors';
import { GraphqlModelSchemas } from './graphql-models';
import { arrayOf, JsonSchema, nullable, object, ref } from './json-schema';

/**
 * The REST answers that are not a GraphQL model as it is: lists in their envelope, and items with
 * their relations inlined (REST has no field selection, see the controllers). Each one is a model of
 * graphql-models.ts plus what the controller adds, so it follows the model when the model changes.
 * Controllers name these components in their `@ApiRest…` decorators (openapi.decorators.ts).
 */
export const REST_MODEL_NAMES = [
  'Problem', 'EventDetail', 'EventSummary', 'EventOccurrenceItem', 'EventOccurrenceList', 'AssociationDetail', 'AssociationList',
  'PageDetail', 'PageList', 'NavigationItem', 'ProcedureDetail', 'ProcedureList', 'ProcedureChecklist', 'LegalNotice', 'LegalNoticeList',
  'Media', 'MediaList', 'CommuneSettings', 'TaxonomyTerm', 'SyncPage', 'ApiKeyList', 'ApiKey', 'CreatedApiKey', 'AuthPayload', 'User',
  'LogoutResult', 'AuditEntryList', 'ContentRevisionList', 'ContentRevision', 'ContentDiff', 'ContentItem', 'HealthLive', 'HealthReady',
  'JsonLd', 'RegionalAgenda',
] as const;
export type RestModelName = (typeof REST_MODEL_NAMES)[number];

/** `{ data, pageInfo, totalCount }`, the envelope of every REST list. */
function list(item: JsonSchema, gql: GraphqlModelSchemas, description: string): JsonSchema {
  return object({
    data: arrayOf(item),
    pageInfo: gql.ref('PageInfo'),
    totalCount: { type: 'integer', minimum: 0, description: 'Items matching the filters, all pages together' },
  }, [], description);
}

function extend(gql: GraphqlModelSchemas, typeName: string, add: Record<string, JsonSchema>, options: { omit?: string[]; optional?: string[]; description?: string } = {}): JsonSchema {
  const properties = gql.properties(typeName);
  for (const name of options.omit ?? []) delete properties[name];
  return object({ ...properties, ...add }, options.optional ?? [], options.description);
}

const summary = (fields: Record<string, JsonSchema>, description: string): JsonSchema => nullable(object(fields, [], description));
const uuid: JsonSchema = { type: 'string', format: 'uuid' };

/** Every REST component; GraphQL models they refer to are added to `gql.components` on the way. */
export function restModels(gql: GraphqlModelSchemas): Record<RestModelName, JsonSchema> {
  const media = nullable(gql.ref('Media'));
  const eventRelations = {
    categories: arrayOf(gql.ref('TaxonomyTerm')),
    organizer: summary({ id: uuid, slug: { type: 'string' }, name: { type: 'string' } }, 'The organising association, when it is one of the directory'),
    image: media,
  };
  const health = (status: JsonSchema): JsonSchema => ({ type: 'object', additionalProperties: object({ status }, [], 'One check: up or down, with why') });
  return {
    Problem: {
      ...object({
        type: { type: 'string', format: 'uri', description: 'Identifies the kind of problem, e.g. https://parvis.dev/problems/not-found' },
        title: { type: 'string', description: 'Short, the same for every problem of this kind' },
        status: { type: 'integer', description: 'The HTTP status' },
        detail: { type: 'string', description: 'What went wrong, for people' },
        code: { type: 'string', enum: Object.values(ErrorCode), description: 'The same code as GraphQL errors\' `extensions.code`, for programs' },
        instance: { type: 'string', description: 'The path and query asked for' },
        errors: arrayOf(object({
          path: { type: 'string', description: 'Dotted path of the field from the parameter or body, e.g. `first` or `input.channels.1`' },
          message: { type: 'string' },
        })),
        currentVersion: { type: 'integer', description: 'With CONFLICT on a versioned item: the version to re-read' },
      }, ['instance', 'errors', 'currentVersion'], 'An error, as RFC 9457 problem details (`application/problem+json`). `errors` lists each invalid field of a 400.'),
    },
    EventDetail: extend(gql, 'Event', eventRelations, { description: 'An event with its categories, organiser and image' }),
    EventSummary: extend(gql, 'Event', eventRelations, {
      optional: ['body', 'bodyHtml'], description: 'An event in a list: without `body` and `bodyHtml` unless `include=body` asks for them',
    }),
    EventOccurrenceItem: extend(gql, 'EventOccurrence', { event: ref('EventSummary') }, { description: 'One date of an event, with the event' }),
    EventOccurrenceList: object({
      data: arrayOf(ref('EventOccurrenceItem')),
      pageInfo: gql.ref('PageInfo'),
      totalCount: { type: ['integer', 'null'], minimum: 0, description: 'All occurrences matching, with `include=totalCount`; null otherwise' },
      truncated: { type: 'boolean' },
    }, [], 'Occurrences in chronological order'),
    AssociationDetail: extend(gql, 'Association', { logo: media }, { description: 'An association with its logo' }),
    AssociationList: list(ref('AssociationDetail'), gql, 'Associations in French alphabetical order'),
    PageDetail: extend(gql, 'Page', {
      image: media,
      attachments: arrayOf(extend(gql, 'PageAttachment', { media })),
    }, { description: 'A page with its image and the files of its attachments' }),
    PageList: list(ref('PageDetail'), gql, 'Pages'),
    NavigationItem: gql.ref('NavigationItem'),
    ProcedureDetail: extend(gql, 'Procedure', {
      onlineServices: arrayOf(extend(gql, 'OnlineService', { media })),
      theme: nullable(gql.ref('TaxonomyTerm')),
      cases: arrayOf(gql.ref('ProcedureCase')),
      documents: arrayOf(gql.ref('RequiredDocument')),
      relatedProcedureIds: arrayOf(uuid),
      relatedProcedures: arrayOf(object({ id: uuid, slug: { type: 'string' }, title: { type: 'string' } })),
    }, { description: 'A procedure sheet with its theme, cases, documents, forms and related sheets' }),
    ProcedureList: list(ref('ProcedureDetail'), gql, 'Procedure sheets'),
    ProcedureChecklist: gql.ref('ProcedureChecklist'),
    LegalNotice: gql.ref('LegalNotice'),
    LegalNoticeList: list(gql.ref('LegalNotice'), gql, 'Legal notices'),
    Media: gql.ref('Media'),
    MediaList: list(gql.ref('Media'), gql, 'Media of the library'),
    CommuneSettings: gql.ref('CommuneSettings'),
    TaxonomyTerm: gql.ref('TaxonomyTerm'),
    SyncPage: object({
      items: arrayOf(gql.ref('ContentItem')),
      tombstones: arrayOf(object({
        contentType: gql.ref('ContentType'),
        id: uuid,
        reason: { type: 'string', enum: ['deleted', 'unpublished'] },
        removedAt: { type: 'string', format: 'date-time' },
      }, [], 'An item the integrator must drop')),
      nextPageToken: { type: ['string', 'null'], description: 'Pass as `token` for the next page of this sync' },
      nextSyncToken: { type: ['string', 'null'], description: 'On the last page: pass as `token` later to get what changed since' },
    }, [], 'One page of a delta sync'),
    ApiKeyList: object({ data: arrayOf(gql.ref('ApiKey')) }),
    ApiKey: gql.ref('ApiKey'),
    CreatedApiKey: gql.ref('CreatedApiKey'),
    AuthPayload: gql.ref('AuthPayload'),
    User: gql.ref('User'),
    LogoutResult: object({ loggedOut: { type: 'boolean' } }),
    AuditEntryList: list(gql.ref('AuditEntry'), gql, 'Audit log entries, newest first'),
    ContentRevisionList: list(gql.ref('ContentRevision'), gql, 'Revisions, newest first'),
    ContentRevision: gql.ref('ContentRevision'),
    ContentDiff: gql.ref('ContentDiff'),
    ContentItem: gql.ref('ContentItem'),
    HealthLive: object({ status: { type: 'string', const: 'ok' } }),
    HealthReady: object({
      status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
      info: health({ type: 'string', const: 'up' }),
      error: health({ type: 'string', const: 'down' }),
      details: health({ type: 'string', enum: ['up', 'down'] }),
    }, ['info', 'error'], 'Each check (`database`, `mediaStorage`) with its status; 503 when one is down'),
    JsonLd: {
      type: 'object',
      // JSON-LD is open by nature: the schema.org properties given depend on what the item has.
      additionalProperties: true,
      description: 'A schema.org document (https://schema.org/Event, Organization or NGO) in JSON-LD',
      properties: { '@context': {}, '@type': { type: 'string' }, '@id': { type: 'string' }, name: { type: 'string' } },
      required: ['@context', '@type', 'name'],
    },
    RegionalAgenda: agendaSchema(),
  };
}

/** `GET /feeds/events.agenda.json`: OpenAgenda's event shape (feeds/regional-agenda.ts). */
function agendaSchema(): JsonSchema {
  const fr = (schema: JsonSchema): JsonSchema => object({ fr: schema });
  const text = { type: 'string' };
  const orNull: JsonSchema = { type: ['string', 'null'] };
  const event = object({
    uid: text,
    slug: text,
    title: fr({ type: 'string', maxLength: 140 }),
    description: fr({ type: 'string', maxLength: 200 }),
    longDescription: fr(text),
    keywords: fr(arrayOf(text)),
    conditions: nullable(fr(text)),
    registration: arrayOf(text),
    status: { type: 'integer', description: 'OpenAgenda status: 1 scheduled, 2 rescheduled, 3 moved online, 4 postponed, 5 full, 6 cancelled' },
    timings: { ...arrayOf(object({ begin: { type: 'string', format: 'date-time' }, end: { type: 'string', format: 'date-time' } })), maxItems: 800 },
    location: object({
      name: orNull, address: orNull, postalCode: orNull, city: orNull,
      latitude: { type: ['number', 'null'] }, longitude: { type: ['number', 'null'] }, countryCode: { type: 'string', const: 'FR' },
    }),
    links: object({ url: { type: 'string', format: 'uri' } }),
    updatedAt: { type: 'string', format: 'date-time' },
  });
  return object({ events: arrayOf(event) }, [], 'Upcoming events in the shape regional agendas (OpenAgenda) import');
}
