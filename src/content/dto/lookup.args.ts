import { Injectable, Param, PipeTransform, Type } from '@nestjs/common';
import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsUUID, ValidateBy, ValidationOptions } from 'class-validator';
import { invalidField } from '../../common/errors';
import { isUuid } from '../../common/ids';
import type { SlugLookup } from '../content-reader.service';
import { Channel } from '../content.types';
import { isValidSlug } from '../french-text';
import { ChannelArgField, SlugArgField } from './content.fields';

/**
 * How a client names one content item: by id, or by slug where the type has unique slugs. One
 * definition for the GraphQL lookup arguments (`association(id:, slug:, channel:)`…) and the REST
 * path parameters (`GET /api/v1/associations/:idOrSlug`, `GET /api/v1/pages/:id`).
 */

/** A UUID, or a slug (lower-case letters, digits and single hyphens, at most SLUG_MAX_LENGTH characters). */
export function isIdOrSlug(value: unknown): value is string {
  return typeof value === 'string' && (isUuid(value) || isValidSlug(value));
}

/** class-validator: the value is an id or a slug (`sheetId`, `theme`…). */
export const IsIdOrSlug = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({ name: 'isIdOrSlug', validator: { validate: isIdOrSlug } }, options);

/** The `:idOrSlug` of a REST path, refused as BAD_USER_INPUT on `idOrSlug` unless it is an id or a slug. */
@Injectable()
class IdOrSlugPipe implements PipeTransform<unknown, string> {
  constructor(private readonly example: string) {}

  transform(value: unknown): string {
    if (!isIdOrSlug(value)) throw invalidField('idOrSlug', `idOrSlug must be an id or a slug such as "${this.example}"`);
    return value;
  }
}

/** The `:id` of a REST path, refused as BAD_USER_INPUT on `id` unless it is a UUID. */
@Injectable()
class ContentIdPipe implements PipeTransform<unknown, string> {
  constructor(private readonly noun: string) {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !isUuid(value)) throw invalidField('id', `id must be ${this.noun} id`);
    return value;
  }
}

/**
 * The `:idOrSlug` parameter of `GET /api/v1/<type>/:idOrSlug`: `@IdOrSlugParam('carte-identite') idOrSlug: string`.
 * `example` is the slug shown in the refusal.
 */
export const IdOrSlugParam = (example: string): ParameterDecorator => Param('idOrSlug', new IdOrSlugPipe(example));

/** The `:id` parameter of a type looked up by id only (pages are found by path, notices by number): `@ContentIdParam('a page')`. */
export const ContentIdParam = (noun: string): ParameterDecorator => Param('id', new ContentIdPipe(noun));

/**
 * The arguments of a lookup by id or slug (`event(id:, slug:, channel:)`), for every type with
 * unique slugs; `noun` names the item in the refusal ("id must be an event id"), `example` is a slug
 * of its kind. Extend it: `class EventLookupArgs extends SlugLookupArgs('an event', 'brocante') {}`.
 */
export function SlugLookupArgs(noun: string, example: string): Type<SlugLookup> {
  @ArgsType()
  class SlugLookupArgsType implements SlugLookup {
    @Field(() => ID, { nullable: true })
    @IsOptional()
    @IsUUID('all', { message: `id must be ${noun} id` })
    id?: string;

    @SlugArgField({ message: `slug must be lower-case letters, digits and single hyphens, e.g. "${example}"` })
    slug?: string;

    @ChannelArgField('Only if published to this channel')
    channel?: Channel;
  }
  return SlugLookupArgsType;
}
