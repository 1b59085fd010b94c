import { CallHandler, ExecutionContext, Injectable, NestInterceptor, StreamableFile } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getMetadataStorage } from 'class-validator';
import type { Request, Response } from 'express';
import { getNamedType, GraphQLSchema, isEnumType, isInterfaceType, isObjectType } from 'graphql';
import { map, Observable } from 'rxjs';

/**
 * One spelling of enum values in both APIs: the GraphQL names (`PUBLISHED`, `KIOSK`, `SOLD_OUT`).
 *
 * Internally (database, services) enum values are lower case (`published`); GraphQL shows their
 * names. REST answers used to show the internal values, so the two APIs disagreed. Now:
 * - answers: every REST answer under /api/ goes through RestEnumsInterceptor, which writes a value
 *   in the GraphQL spelling wherever the GraphQL schema declares that field (`status`, `channels`,
 *   `eventStatus`, `kind`…) as an enum — the schema is the one source, nothing is listed by hand;
 * - query parameters: `normalizeEnumQuery` accepts a value of an `@IsEnum` parameter in any case
 *   (`?channel=KIOSK`, `?channel=kiosk`) before validation.
 */

/** field name → (internal value → GraphQL name), for every enum-typed field of an output type. */
export type EnumSpellings = ReadonlyMap<string, ReadonlyMap<string, string>>;

export function enumSpellings(schema: GraphQLSchema): EnumSpellings {
  const spellings = new Map<string, Map<string, string>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || (!isObjectType(type) && !isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!isEnumType(named)) continue;
      let values = spellings.get(field.name);
      if (!values) spellings.set(field.name, (values = new Map<string, string>()));
      for (const value of named.getValues()) {
        if (typeof value.value === 'string') values.set(value.value, value.name);
      }
    }
  }
  return spellings;
}

/**
 * A `JSON.stringify` replacer writing enum values in their GraphQL spelling: REST answers are
 * serialised once with it, rather than copied and then serialised (a copy of a list cost as much as
 * the rest of the request). Arrays of values (`channels`) are spelled under their field's name.
 */
export function enumSpellingReplacer(spellings: EnumSpellings): (key: string, value: unknown) => unknown {
  return (key, value) => {
    const values = spellings.get(key);
    if (values === undefined) return value;
    if (typeof value === 'string') return values.get(value) ?? value;
    if (Array.isArray(value)) return value.map((item: unknown) => (typeof item === 'string' ? values.get(item) ?? item : item));
    return value;
  };
}

/** Data that Express would send as JSON (an object or array; not a buffer, a stream, a file or a string). */
function isJsonData(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  if (ArrayBuffer.isView(body) || body instanceof StreamableFile) return false;
  return typeof (body as { pipe?: unknown }).pipe !== 'function';
}

/** Global interceptor: REST answers under /api/ spell enum values as GraphQL does, serialised here once. */
@Injectable()
export class RestEnumsInterceptor implements NestInterceptor {
  private replacer: ((key: string, value: unknown) => unknown) | undefined;

  constructor(private readonly moduleRef: ModuleRef) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    if (!http.getRequest<Request>().path.startsWith('/api/')) return next.handle();
    return next.handle().pipe(map((body: unknown) => {
      if (!isJsonData(body)) return body;
      // A string body with a JSON type is sent as it is (res.send), with the same headers res.json gives.
      http.getResponse<Response>().type('json');
      return JSON.stringify(body, this.replacerOf());
    }));
  }

  private replacerOf(): (key: string, value: unknown) => unknown {
    // The schema is built when the app starts, after this interceptor is created: read it on first use.
    this.replacer ??= enumSpellingReplacer(enumSpellings(this.moduleRef.get(GraphQLSchemaHost, { strict: false }).schema));
    return this.replacer;
  }
}

/**
 * REST query parameters checked with `@IsEnum(Enum)` (or `{ each: true }`, also as a comma-separated
 * list) are accepted in any case and by their GraphQL name: `KIOSK`, `kiosk`, `Kiosk` → `kiosk`.
 * Anything else is left for the validator to refuse with its usual message.
 */
export function normalizeEnumQuery(value: unknown, metatype: unknown): unknown {
  if (typeof metatype !== 'function' || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false);
  const enumProperties = metadatas.filter((metadata) => metadata.name === 'isEnum');
  if (enumProperties.length === 0) return value;
  const result: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const metadata of enumProperties) {
    const property = metadata.propertyName;
    const entity: unknown = metadata.constraints?.[0];
    if (!(property in result) || typeof entity !== 'object' || entity === null) continue;
    const lookup = new Map<string, string>();
    for (const [name, internal] of Object.entries(entity as Record<string, unknown>)) {
      if (typeof internal !== 'string') continue;
      lookup.set(name.toLowerCase(), internal);
      lookup.set(internal.toLowerCase(), internal);
    }
    const one = (text: string): string => lookup.get(text.trim().toLowerCase()) ?? text;
    const raw = result[property];
    if (Array.isArray(raw)) result[property] = (raw as unknown[]).map((item) => (typeof item === 'string' ? one(item) : item));
    else if (typeof raw === 'string') result[property] = metadata.each ? raw.split(',').map(one).join(',') : one(raw);
  }
  return result;
}
