import { TypeMetadataStorage } from '@nestjs/graphql';
import {
  GraphQLField, GraphQLNamedType, GraphQLOutputType, GraphQLSchema, isEnumType, isInterfaceType, isListType, isNonNullType, isObjectType,
  isScalarType, isUnionType,
} from 'graphql';
import { arrayOf, JsonSchema, nullable, ref } from './json-schema';

/**
 * JSON Schemas of the REST models, derived from the GraphQL schema.
 *
 * A REST answer is built from the same model classes as GraphQL (`toEvent`, `toMedia`…) and its enum
 * values are spelled as GraphQL spells them (common/rest-enums.ts), so the GraphQL schema is the one
 * source of the models' shape: nothing is declared twice, and a field added to a model is described
 * the moment it exists. What a REST answer holds is a model's own `@Field`s (the class), not the
 * fields a resolver adds (`@ResolveField`: `categories`, `organizer`…); the REST-only additions are
 * declared in rest-models.ts. Types, nullability, lists, enums and descriptions come from the built
 * schema; every field is required (the mappers always write it, `null` when empty).
 */
export class GraphqlModelSchemas {
  readonly components: Record<string, JsonSchema> = {};

  constructor(private readonly schema: GraphQLSchema) {}

  /** A `$ref` to the component of this GraphQL type (object, interface or enum), built on first use. */
  ref(typeName: string): JsonSchema {
    this.ensure(typeName);
    return ref(typeName);
  }

  /** The properties of a model, for a REST composition to extend (see rest-models.ts). */
  properties(typeName: string): Record<string, JsonSchema> {
    this.ensure(typeName);
    const component = this.components[typeName];
    return { ...(component.properties as Record<string, JsonSchema>) };
  }

  private ensure(typeName: string): void {
    if (this.components[typeName]) return;
    const type = this.schema.getType(typeName);
    if (!type) throw new Error(`OpenAPI: no GraphQL type ${typeName}`);
    // Placeholder first: models refer to each other (a page's children are pages).
    this.components[typeName] = {};
    this.components[typeName] = this.named(type);
  }

  private named(type: GraphQLNamedType): JsonSchema {
    const description = type.description ? { description: type.description } : {};
    if (isEnumType(type)) return { type: 'string', enum: type.getValues().map((value) => value.name), ...description };
    if (isInterfaceType(type) || isUnionType(type)) {
      const members = isUnionType(type) ? type.getTypes() : this.schema.getImplementations(type).objects;
      const names = members.map((member) => member.name).sort();
      const discriminator = isInterfaceType(type) && type.getFields().contentType ? this.contentTypeDiscriminator(names) : undefined;
      return { ...description, anyOf: names.map((name) => this.ref(name)), ...(discriminator ? { discriminator } : {}) };
    }
    if (isObjectType(type)) {
      const fields = type.getFields();
      const properties: Record<string, JsonSchema> = {};
      const resolved = resolvedFieldNames(type.name);
      for (const name of MODEL_FIELDS_LOADED_APART[type.name] ?? []) resolved.delete(name);
      for (const field of Object.values(fields)) {
        // A field with a resolver of its own (`@ResolveField`) is GraphQL's: REST answers hold the model's fields.
        if (!resolved.has(field.name)) properties[field.name] = this.field(field);
      }
      return { type: 'object', ...description, properties, required: Object.keys(properties) };
    }
    return scalarSchema(type.name);
  }

  private field(field: GraphQLField<unknown, unknown>): JsonSchema {
    const schema = this.output(field.type);
    if (!field.description) return schema;
    // A description beside a `$ref` is allowed in 3.1, but generators read it best on a wrapper.
    return schema.$ref ? { allOf: [schema], description: field.description } : { ...schema, description: field.description };
  }

  private output(type: GraphQLOutputType): JsonSchema {
    if (isNonNullType(type)) return this.nonNull(type.ofType);
    return nullable(this.nonNull(type));
  }

  private nonNull(type: GraphQLOutputType): JsonSchema {
    if (isNonNullType(type)) return this.nonNull(type.ofType);
    if (isListType(type)) return arrayOf(this.output(type.ofType));
    if (isScalarType(type)) return scalarSchema(type.name);
    return this.ref(type.name);
  }

  private contentTypeDiscriminator(names: string[]): JsonSchema | undefined {
    const contentTypes = this.schema.getType('ContentType');
    if (!contentTypes || !isEnumType(contentTypes)) return undefined;
    // ContentType values are the type names in upper snake case: LEGAL_NOTICE ↔ LegalNotice.
    const mapping: Record<string, string> = {};
    for (const value of contentTypes.getValues()) {
      const name = names.find((candidate) => candidate.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() === value.name);
      if (name) mapping[value.name] = ref(name).$ref as string;
    }
    return { propertyName: 'contentType', mapping };
  }
}

/** GraphQL scalars as JSON: the standard ones, `DateTime` (ISO 8601 text) and `JSON` (anything). */
export function scalarSchema(name: string): JsonSchema {
  switch (name) {
    case 'String': return { type: 'string' };
    case 'ID': return { type: 'string' };
    case 'Int': return { type: 'integer' };
    case 'Float': return { type: 'number' };
    case 'Boolean': return { type: 'boolean' };
    case 'DateTime': return { type: 'string', format: 'date-time' };
    case 'JSON': return {};
    default: return { description: `GraphQL scalar ${name}` };
  }
}

/**
 * Fields the model carries (REST and sync answers hold them) although GraphQL resolves them apart,
 * only so that a list that does not ask for them does not load them.
 */
const MODEL_FIELDS_LOADED_APART: Record<string, string[]> = { Event: ['body', 'bodyHtml'], Media: ['renditions'] };

/** What @nestjs/graphql records of a `@ResolveField()` (its storage keeps the list private). */
interface FieldResolverRecord {
  kind: 'internal' | 'external';
  schemaName: string;
  objectTypeFn?: () => unknown;
}

/**
 * The fields of a GraphQL type that a resolver class adds (`@ResolveField()` in `*.resolver.ts`,
 * "external" field resolvers in @nestjs/graphql's metadata), as opposed to the model's own `@Field`s.
 */
function resolvedFieldNames(typeName: string): Set<string> {
  const storage = TypeMetadataStorage as unknown as { fieldResolvers?: FieldResolverRecord[] };
  const names = new Set<string>();
  for (const resolver of storage.fieldResolvers ?? []) {
    if (resolver.kind !== 'external' || !resolver.objectTypeFn) continue;
    const model = resolver.objectTypeFn();
    if (typeof model !== 'function') continue;
    const metadata = TypeMetadataStorage.getObjectTypeMetadataByTarget(model as never) ?? TypeMetadataStorage.getInterfaceMetadataByTarget(model as never);
    if (metadata?.name === typeName) names.add(resolver.schemaName);
  }
  return names;
}
