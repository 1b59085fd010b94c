import { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ACCESS_EXTENSION, ApiAccessLevel, ERROR_DESCRIPTIONS } from './openapi.decorators';
import { GraphqlModelSchemas } from './graphql-models';
import { COMPONENTS, JsonSchema, ref } from './json-schema';
import { restModels } from './rest-models';
import { inputObjectSchema, inputProperties } from './validated-inputs';

/** Where the document and its interactive page are served (openapi.setup.ts). */
export const OPENAPI_JSON_PATH = '/api/v1/openapi.json';
export const OPENAPI_DOCS_PATH = '/api/docs';

/** The version of the description: it follows the `/api/v1` contract, not the package. */
export const OPENAPI_DOCUMENT_VERSION = '1.0.0';

const DESCRIPTION = [
  'The REST API of Parvis, the content of a French commune (pages, associations, events, legal notices, procedure sheets),',
  'for websites, kiosks and integrators, and the standard feeds (iCalendar, RSS/Atom, CSV, JSON-LD).',
  'The GraphQL API at `/graphql` gives the same content and the editing operations; it describes itself (introspection).',
  '',
  '**Authentication.** Anonymous callers read published content. Both credentials are sent as `Authorization: Bearer …`:',
  'a staff **access token** (a JWT: three dot-separated parts, starting with `eyJ`, from `POST /api/v1/auth/login`, valid 15 minutes)',
  'or an **API key** (`pvk_` followed by 43 characters, created by an administrator). A credential that starts with `pvk_`',
  'is an API key; anything else is read as a JWT. A read-only key reads published content with its own rate limit;',
  'a key with a staff role acts with that role. An invalid, expired or revoked credential is refused with 401 even on public routes.',
  '',
  '**Enums** are written in UPPER CASE in answers (`PUBLISHED`, `KIOSK`), as in GraphQL; query parameters accept either case.',
  '',
  '**Errors** are RFC 9457 problem details (`application/problem+json`, schema `Problem`) with a stable `code`',
  'and, on a 400, `errors` listing each invalid field by its path.',
].join('\n');

type Operation = {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema; description?: string; style?: string; explode?: boolean }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; headers?: Record<string, { description: string; schema: JsonSchema }>; content?: Record<string, { schema: JsonSchema }> }>;
  security?: Array<Record<string, string[]>>;
  tags?: string[];
  [ACCESS_EXTENSION]?: { level: ApiAccessLevel };
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

const operationId = (controllerKey: string, methodKey: string): string => {
  const controller = controllerKey.replace(/Controller$/, '');
  return `${controller.charAt(0).toLowerCase()}${controller.slice(1)}${methodKey.charAt(0).toUpperCase()}${methodKey.slice(1)}`;
};

interface RouteHandler {
  controller: new (...args: never[]) => unknown;
  method: string;
}

/**
 * Builds the OpenAPI 3.1 description of the REST API, once, when the application has started (the
 * GraphQL schema it derives models from must be built): @nestjs/swagger reads the routes and the
 * controllers' decorators, then this fills in what is derived (see openapi.decorators.ts).
 */
export function buildOpenApiDocument(app: INestApplication, publicBaseUrl: string | null): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Parvis REST API')
    .setVersion(OPENAPI_DOCUMENT_VERSION)
    .setDescription(DESCRIPTION)
    .addBearerAuth({
      type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
      description: 'A staff access token from `POST /api/v1/auth/login` or `/api/v1/auth/refresh` (a JWT, never starting with `pvk_`).',
    }, 'staffToken')
    .addBearerAuth({
      type: 'http', scheme: 'bearer', bearerFormat: 'pvk_…',
      description: 'An API key (`pvk_` + 43 characters), sent as a bearer token too: the `pvk_` prefix tells it apart from a JWT.',
    }, 'apiKey');
  if (publicBaseUrl) builder.addServer(publicBaseUrl);
  const document = SwaggerModule.createDocument(app, builder.build(), { operationIdFactory: operationId });

  const gql = new GraphqlModelSchemas(app.get(GraphQLSchemaHost).schema);
  const rest = restModels(gql);
  const handlers = routeHandlers(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const handler = operation.operationId ? handlers.get(operation.operationId) : undefined;
      if (handler) describeInputs(operation, handler, path);
      describeAccessAndErrors(operation, path);
    }
  }
  const schemas: Record<string, JsonSchema> = { ...gql.components };
  for (const [name, schema] of Object.entries(rest)) {
    // A REST model that is a GraphQL model as it is shares its component.
    if (schema.$ref !== `${COMPONENTS}${name}`) schemas[name] = schema;
  }
  // @nestjs/swagger's own components (empty ones for undecorated DTOs) are replaced by the derived ones.
  (document.components as { schemas?: unknown }).schemas = sortKeys(schemas);
  return JSON.parse(JSON.stringify(document)) as OpenAPIObject;
}

/** operationId → controller class and method, from Nest's modules (the same walk @nestjs/swagger does). */
function routeHandlers(app: INestApplication): Map<string, RouteHandler> {
  const handlers = new Map<string, RouteHandler>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as RouteHandler['controller'] | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        if (method !== 'constructor') handlers.set(operationId(controller.name, method), { controller, method });
      }
    }
  }
  return handlers;
}

interface RouteArgument {
  index: number;
  data?: unknown;
}

/** Query and path parameters and the JSON body, from the DTO classes the handler's parameters are validated against. */
function describeInputs(operation: Operation, { controller, method }: RouteHandler, path: string): void {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, RouteArgument>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ?? []) as unknown[];
  const parameters = [...(operation.parameters ?? [])];
  const derived = new Set<string>();
  const put = (parameter: NonNullable<Operation['parameters']>[number]): void => {
    derived.add(`${parameter.in}:${parameter.name}`);
    const index = parameters.findIndex((existing) => existing.name === parameter.name && existing.in === parameter.in);
    if (index >= 0) parameters[index] = { ...parameters[index], ...parameter };
    else parameters.push(parameter);
  };
  for (const [key, argument] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]) as RouteParamtypes;
    const type = types[argument.index];
    const dto = typeof type === 'function' && type !== Object && type !== String ? (type as new () => unknown) : undefined;
    if (kind === RouteParamtypes.QUERY && argument.data === undefined && dto) {
      for (const property of inputProperties(dto)) {
        put({
          name: property.name, in: 'query', required: property.required, ...parameterSchema(property.schema),
          ...(property.commaSeparated ? { style: 'form', explode: false } : {}),
        });
      }
    } else if (kind === RouteParamtypes.PARAM && argument.data === undefined && dto) {
      for (const property of inputProperties(dto)) put({ name: property.name, in: 'path', required: true, ...parameterSchema(property.schema) });
    } else if (kind === RouteParamtypes.BODY && dto) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: inputObjectSchema(dto) } } };
    }
  }
  // Path parameters read by a pipe (`@IdOrSlugParam`, `@ContentIdParam`): described by their name.
  for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
    if (!derived.has(`path:${name}`)) put({ name, in: 'path', required: true, ...(PATH_PARAMETERS[name] ?? { schema: { type: 'string' } }) });
  }
  // @nestjs/swagger writes `{ type: 'object' }` bodies for handlers taking `@Req()`: only explicit ones stay.
  if (parameters.length) operation.parameters = parameters;
  else delete operation.parameters;
}

/** A parameter's description goes on the parameter; an UPPER CASE enum says that either case is accepted. */
function parameterSchema(schema: JsonSchema): { schema: JsonSchema; description?: string } {
  const { description, ...rest } = schema;
  const values = (rest.enum ?? (rest.items as JsonSchema | undefined)?.enum) as unknown[] | undefined;
  const upper = values?.some((value) => typeof value === 'string' && /^[A-Z_]+$/.test(value)) ?? false;
  const text = [typeof description === 'string' ? description : '', upper ? 'Either case is accepted (`KIOSK` or `kiosk`).' : '']
    .filter(Boolean).join(' ');
  return { schema: rest, ...(text ? { description: text } : {}) };
}

const PATH_PARAMETERS: Record<string, { schema: JsonSchema; description?: string }> = {
  idOrSlug: {
    schema: { type: 'string', maxLength: 200, pattern: '^([0-9a-fA-F-]{36}|[a-z0-9]+(-[a-z0-9]+)*)$' },
    description: 'The item\'s id (UUID) or its slug, e.g. `brocante-de-printemps`',
  },
  id: { schema: { type: 'string', format: 'uuid' }, description: 'The id (UUID)' },
};

/** Security requirements from `@ApiAccess`, and the refusals every route of that kind can give. */
function describeAccessAndErrors(operation: Operation, path: string): void {
  const level = operation[ACCESS_EXTENSION]?.level ?? 'public';
  delete operation[ACCESS_EXTENSION];
  const health = path.startsWith('/health/');
  const errors = new Set<number>();
  if (health) {
    operation.security = [{}];
  } else {
    operation.security = level === 'public'
      ? [{}, { staffToken: [] }, { apiKey: [] }]
      : level === 'user' ? [{ staffToken: [] }] : [{ staffToken: [] }, { apiKey: [] }];
    errors.add(401).add(429).add(503);
    if (level !== 'public') errors.add(403);
    if ((operation.parameters ?? []).length || operation.requestBody) errors.add(400);
    if ((operation.parameters ?? []).some((parameter) => parameter.in === 'path')) errors.add(404);
    if (operation.requestBody) errors.add(413);
  }
  for (const status of errors) {
    if (operation.responses[status]) continue;
    operation.responses[status] = {
      description: ERROR_DESCRIPTIONS[status],
      ...(status === 429 || status === 503 ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } } } : {}),
      content: { 'application/problem+json': { schema: ref('Problem') } },
    };
  }
  operation.responses = sortKeys(operation.responses);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
