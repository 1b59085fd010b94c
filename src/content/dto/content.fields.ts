import { applyDecorators, Type as ClassType } from '@nestjs/common';
import { Field, ID } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '../../common/validation.decorators';
import { Channel, ContentStatus } from '../content.types';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../slug';

/**
 * The fields and arguments every content type (page, association, event, legal notice, procedure
 * sheet) declares alike, as field decorators, so each input says only what is its own. Where the
 * modules differ (a length, a description, the example in a message), the decorator takes it.
 */

const TITLE_MAX_LENGTH = 200;
const MARKDOWN_MAX_LENGTH = 100_000;
const MAX_CATEGORIES = 10;
const SLUG_RULE = 'slug must be lower-case letters, digits and single hyphens';

/**
 * Applies the decorators as if written one above the other on the property (the last one first),
 * so class-validator checks them, and lists the failures, in the same order as written out.
 */
export const stacked = (...decorators: PropertyDecorator[]): PropertyDecorator => applyDecorators(...[...decorators].reverse());

const titleRules = (maxLength: number): PropertyDecorator[] =>
  [IsString(), IsNotEmpty({ message: 'title must not be empty' }), MaxLength(maxLength)];

/** The title an update may leave out (it keeps its value) but not set to null or blank. */
export const TitleField = (maxLength = TITLE_MAX_LENGTH): PropertyDecorator =>
  stacked(Field(() => String, { nullable: true }), OptionalNotNull(), ...titleRules(maxLength));

/** A title that must be given: a creation's (redeclaring the optional `title` of the fields input), a document's. */
export const RequiredTitleField = (maxLength = TITLE_MAX_LENGTH): PropertyDecorator =>
  stacked(Field(() => String), ...titleRules(maxLength));

/** The slug of an editable item; `example` is shown in the refusal, `description` says how it is derived. */
export const SlugField = (example: string, description: string): PropertyDecorator =>
  stacked(Field(() => String, { nullable: true, description }), OptionalNotNull(), IsString(),
    Matches(SLUG_PATTERN, { message: `${SLUG_RULE}, e.g. "${example}"` }), MaxLength(SLUG_MAX_LENGTH));

/** An optional slug argument that names an item or a term to find; `message` replaces the default refusal. */
export const SlugArgField = (options: { description?: string; message?: string } = {}): PropertyDecorator =>
  stacked(Field(() => String, { nullable: true, description: options.description }), IsOptional(), IsString(),
    Matches(SLUG_PATTERN, { message: options.message ?? SLUG_RULE }), MaxLength(SLUG_MAX_LENGTH));

/** The short text of lists and cards: null clears it; `message` replaces the default over-length refusal. */
export const SummaryField = (maxLength: number, options: { description?: string; message?: string } = {}): PropertyDecorator =>
  stacked(Field(() => String, { nullable: true, description: options.description }), IsOptional(), IsString(),
    MaxLength(maxLength, options.message === undefined ? undefined : { message: options.message }));

/** A Markdown text (body, explanation) an update may leave out but not set to null. */
export const MarkdownField = (description = 'Markdown', maxLength = MARKDOWN_MAX_LENGTH): PropertyDecorator =>
  stacked(Field(() => String, { nullable: true, description }), OptionalNotNull(), IsString(), MaxLength(maxLength));

/** Terms of the CATEGORY vocabulary, each once, at most `maxCount`. */
export const CategoryIdsField = (description: string, maxCount = MAX_CATEGORIES): PropertyDecorator =>
  stacked(Field(() => [ID], { nullable: true, description }), OptionalNotNull(),
    IsUUID('all', { each: true, message: 'categoryIds must be category ids' }), ArrayMaxSize(maxCount),
    ArrayUnique({ message: 'categoryIds must not repeat a category' }));

/** The channels an item is published to: at least one, each once. */
export const ChannelsField = (): PropertyDecorator =>
  stacked(Field(() => [Channel], { nullable: true, description: 'Defaults to both channels on creation' }), OptionalNotNull(),
    IsEnum(Channel, { each: true }), ArrayMinSize(1, { message: 'channels must contain at least one channel' }), ArrayMaxSize(2),
    ArrayUnique());

/** An optional channel argument that narrows a lookup or a list. */
export const ChannelArgField = (description?: string): PropertyDecorator =>
  stacked(Field(() => Channel, { nullable: true, description }), IsOptional(), IsEnum(Channel));

/** An optional status argument of a list; `items` names what anonymous callers get, e.g. "published pages". */
export const StatusArgField = (items: string): PropertyDecorator =>
  stacked(Field(() => ContentStatus, { nullable: true, description: `Staff only; anonymous callers always get ${items}` }),
    IsOptional(), IsEnum(ContentStatus));

/** The `input` argument of a create or update mutation, validated field by field. */
export const InputArgField = (input: ClassType<object>): PropertyDecorator =>
  stacked(Field(() => input), ValidateNested(), Type(() => input));

/** Most items one batch mutation creates: a batch is one transaction, kept short. */
export const MAX_BATCH_SIZE = 100;

/** The `inputs` argument of a batch creation: 1 to MAX_BATCH_SIZE inputs, each validated (errors at `inputs.<index>.<field>`). */
export const InputsArgField = (input: ClassType<object>): PropertyDecorator =>
  stacked(Field(() => [input], { description: `1 to ${MAX_BATCH_SIZE} items, created together or not at all` }),
    IsArray(), ArrayMinSize(1), ArrayMaxSize(MAX_BATCH_SIZE), ValidateNested({ each: true }), Type(() => input));
