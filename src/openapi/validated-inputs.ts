import { TypeMetadataStorage } from '@nestjs/graphql';
import { DECORATORS } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { GraphQLScalarType } from 'graphql';
import { arrayOf, JsonSchema, nullable, object } from './json-schema';
import { scalarSchema } from './graphql-models';

/**
 * JSON Schemas of what a REST route accepts (query, path parameters, JSON bodies), derived from the
 * class-validator rules of its DTO: the rules the validation pipe enforces are the description, so
 * the two cannot disagree. Types and limits come from the validators (`@IsInt @Min(1) @Max(100)` →
 * `integer, minimum 1, maximum 100`), descriptions and defaults from the GraphQL `@Field` where the
 * class is shared with GraphQL, or from the property's initial value. Enum values are written as
 * GraphQL spells them (UPPER CASE); REST accepts either case (common/rest-enums.ts).
 */

type Class = abstract new (...args: never[]) => unknown;

interface InputProperty {
  name: string;
  schema: JsonSchema;
  required: boolean;
  /** `@IsOptional()` lets `null` through as well as an absent value (in a JSON body). */
  acceptsNull: boolean;
  /** A list sent in a query string as one comma-separated value (`?cases=a,b`). */
  commaSeparated: boolean;
}

interface GraphqlField {
  typeFn: () => unknown;
  description?: string;
  options: { nullable?: boolean | string; defaultValue?: unknown; isArray?: boolean };
}

/** The properties a DTO class accepts, in declaration order, base classes first. */
export function inputProperties(target: Class): InputProperty[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const names = [...new Set(rules.map((rule) => rule.propertyName))];
  const graphqlFields = graphqlFieldsOf(target);
  const defaults = initialValues(target);
  return names.map((name) => {
    const own = rules.filter((rule) => rule.propertyName === name);
    const field = graphqlFields.get(name);
    const optional = own.some((rule) => rule.type === 'conditionalValidation') || field?.options.nullable === true;
    const each = own.some((rule) => rule.each) || own.some((rule) => rule.name === 'isArray') || field?.options.isArray === true;
    let schema = propertySchema(own, field, each);
    const documented = swaggerProperty(target, name);
    const description = field?.description ?? documented?.description;
    const defaultValue = field?.options.defaultValue ?? documented?.default ?? defaults[name];
    if (documented?.example !== undefined) schema = { ...schema, examples: [documented.example] };
    if (description) schema = { ...schema, description };
    if (defaultValue !== undefined && !(defaultValue instanceof Date)) schema = { ...schema, default: defaultValue };
    return {
      name, schema, required: !optional,
      acceptsNull: own.some((rule) => rule.name === 'isOptional'),
      commaSeparated: each && own.some((rule) => rule.name === 'isString' && rule.each),
    };
  });
}

/** A JSON body's schema: an object of the DTO's properties (unknown properties are refused: `forbidNonWhitelisted`). */
export function inputObjectSchema(target: Class): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const optional: string[] = [];
  for (const property of inputProperties(target)) {
    properties[property.name] = property.acceptsNull ? nullable(property.schema) : property.schema;
    if (!property.required) optional.push(property.name);
  }
  return { ...object(properties, optional), additionalProperties: false };
}

function propertySchema(rules: ValidationMetadata[], field: GraphqlField | undefined, each: boolean): JsonSchema {
  let item: JsonSchema = {};
  const list: JsonSchema = {};
  for (const rule of rules) {
    const [first, second] = (rule.constraints ?? []) as unknown[];
    // `each` rules (and array rules) describe the items of a list.
    const into = rule.each || !each ? item : list;
    switch (rule.name) {
      case 'isInt': Object.assign(into, { type: 'integer' }); break;
      case 'isNumber': case 'isNumberString': Object.assign(into, { type: 'number' }); break;
      case 'isBoolean': Object.assign(into, { type: 'boolean' }); break;
      case 'isString': case 'isNotEmpty': if (!into.type) Object.assign(into, { type: 'string' }); if (rule.name === 'isNotEmpty') Object.assign(into, { minLength: 1 }); break;
      case 'isDate': Object.assign(into, { type: 'string', format: 'date-time' }); break;
      case 'isISO8601': Object.assign(into, { type: 'string', format: 'date-time' }); break;
      case 'isUuid': Object.assign(into, { type: 'string', format: 'uuid' }); break;
      case 'isEmail': Object.assign(into, { type: 'string', format: 'email' }); break;
      case 'isUrl': Object.assign(into, { type: 'string', format: 'uri' }); break;
      case 'isEnum': Object.assign(into, { type: 'string', enum: enumNames(first) }); break;
      case 'isIn': Object.assign(into, { ...((first as unknown[]).every((value) => typeof value === 'string') ? { type: 'string' } : {}), enum: first }); break;
      case 'min': Object.assign(into, { minimum: first }); break;
      case 'max': Object.assign(into, { maximum: first }); break;
      case 'minLength': Object.assign(into, { type: 'string', minLength: first }); break;
      case 'maxLength': Object.assign(into, { type: 'string', maxLength: first }); break;
      case 'length': Object.assign(into, { type: 'string', minLength: first, ...(second === undefined ? {} : { maxLength: second }) }); break;
      case 'matches': Object.assign(into, { type: 'string', pattern: (first as RegExp).source ?? String(first) }); break;
      case 'arrayMaxSize': Object.assign(list, { maxItems: first }); break;
      case 'arrayMinSize': Object.assign(list, { minItems: first }); break;
      case 'isIdOrSlug': Object.assign(into, { type: 'string', description: 'An id (UUID) or a slug' }); break;
      default: break;
    }
    if (rule.type === 'nestedValidation' && field) item = { ...nestedSchema(field), ...item };
  }
  if (!item.type && !item.enum && !item.$ref && field) item = { ...graphqlTypeSchema(field), ...item };
  if (!item.type && !item.enum && !item.$ref && !item.anyOf) item = { type: 'string', ...item };
  return each ? { ...arrayOf(item), ...list } : item;
}

function nestedSchema(field: GraphqlField): JsonSchema {
  const type = field.typeFn();
  const target: unknown = Array.isArray(type) ? (type as unknown[])[0] : type;
  return typeof target === 'function' && TypeMetadataStorage.getInputTypeMetadataByTarget(target as never) ? inputObjectSchema(target as Class) : {};
}

function graphqlTypeSchema(field: GraphqlField): JsonSchema {
  const raw = field.typeFn();
  const type: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (type === String) return { type: 'string' };
  if (type === Number) return { type: 'number' };
  if (type === Boolean) return { type: 'boolean' };
  if (type === Date) return { type: 'string', format: 'date-time' };
  if (type instanceof GraphQLScalarType) return scalarSchema(type.name === 'ID' ? 'ID' : type.name);
  const registered = TypeMetadataStorage.getEnumsMetadata().find((candidate) => candidate.ref === type);
  if (registered) return { type: 'string', enum: enumNames(type) };
  if (typeof type === 'function' && TypeMetadataStorage.getInputTypeMetadataByTarget(type as never)) return inputObjectSchema(type as Class);
  return {};
}

/** A TypeScript enum object's names (`{ WEB: 'web' }` → `WEB`): the GraphQL spelling. */
function enumNames(entity: unknown): string[] {
  if (typeof entity !== 'object' || entity === null) return [];
  return Object.entries(entity as Record<string, unknown>).filter(([, value]) => typeof value === 'string').map(([name]) => name);
}

/** The GraphQL fields (`@Field`) of an args or input class and its base classes, by property name. */
function graphqlFieldsOf(target: Class): Map<string, GraphqlField> {
  const fields = new Map<string, GraphqlField>();
  for (let current: unknown = target; typeof current === 'function' && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    const metadata = TypeMetadataStorage.getArgumentsMetadataByTarget(current as never) ?? TypeMetadataStorage.getInputTypeMetadataByTarget(current as never);
    for (const property of metadata?.properties ?? []) {
      if (!fields.has(property.name)) fields.set(property.name, property);
    }
  }
  return fields;
}

/**
 * What an `@ApiProperty()` / `@ApiPropertyOptional()` says of a property (REST-only DTOs, which have no
 * GraphQL `@Field` to take a description from): its description, example and default.
 */
function swaggerProperty(target: Class, name: string): { description?: string; example?: unknown; default?: unknown } | undefined {
  const metadata: unknown = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, target.prototype as object, name);
  return typeof metadata === 'object' && metadata !== null ? metadata : undefined;
}

/** Defaults written as property initialisers (`first: number = 5`). */
function initialValues(target: Class): Record<string, unknown> {
  try {
    const instance = new (target as unknown as new () => Record<string, unknown>)();
    return { ...instance };
  } catch {
    return {};
  }
}
