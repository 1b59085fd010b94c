/**
 * JSON Schema 2020-12 objects, as OpenAPI 3.1 uses them. @nestjs/swagger's own `SchemaObject` type is
 * the OpenAPI 3.0 one (no `type: ['string', 'null']`), so the pieces built here use this looser type
 * and are put into the document once it is built (openapi.document.ts).
 */
export type JsonSchema = { [keyword: string]: unknown };

export const COMPONENTS = '#/components/schemas/';

export const ref = (name: string): JsonSchema => ({ $ref: `${COMPONENTS}${name}` });

/** The same schema, `null` allowed too: a type array where there is a plain type, `anyOf` otherwise (a `$ref`, an enum). */
export function nullable(schema: JsonSchema): JsonSchema {
  if (Object.keys(schema).length === 0) return schema;
  if (typeof schema.type === 'string' && schema.enum === undefined) return { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).some((one) => one.type === 'null') ? schema : { ...schema, anyOf: [...(schema.anyOf as JsonSchema[]), { type: 'null' }] };
  return { anyOf: [schema, { type: 'null' }] };
}

/** An object with these properties, all of them required unless listed in `optional`. */
export function object(properties: Record<string, JsonSchema>, optional: readonly string[] = [], description?: string): JsonSchema {
  const required = Object.keys(properties).filter((name) => !optional.includes(name));
  return { type: 'object', ...(description ? { description } : {}), properties, ...(required.length ? { required } : {}) };
}

export const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
