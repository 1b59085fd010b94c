import { ArgsType, Field, ID } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection';
import { Channel, ContentStatus } from '../../content/content.types';
import { SLUG_MAX_LENGTH } from '../../content/slug';
import { ProcedureAudience } from '../procedure.types';
import { CreateProcedureInput, UpdateProcedureInput } from './procedure.input';
import { ChangeMessageArgs, ContentChangeArgs } from '../../content/dto/versioned-id.args';
import { ChannelArgField, InputArgField, SlugArgField, StatusArgField } from '../../content/dto/content.fields';

/** A sheet (or theme) is named by its id or by its slug. */
export const ID_OR_SLUG = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[a-z0-9]+(-[a-z0-9]+)*)$/;
const ID_OR_SLUG_MESSAGE = (field: string): string => `${field} must be an id or a slug such as "carte-identite"`;

/** `?cases=majeur,premiere-demande` or `?cases=majeur&cases=premiere-demande` → a list. */
const toList = ({ value }: { value: unknown }): unknown => {
  const values: unknown[] | undefined = Array.isArray(value) ? value : value === undefined || value === null ? undefined : [value];
  return values?.flatMap((item) => (typeof item === 'string' ? item.split(',') : [item])).map((item) => (typeof item === 'string' ? item.trim() : item))
    .filter((item) => item !== '');
};

@ArgsType()
export class ProcedureLookupArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'id must be a procedure id' })
  id?: string;

  @SlugArgField({ message: 'slug must look like "carte-identite"' })
  slug?: string;

  @ChannelArgField('Only if published to this channel')
  channel?: Channel;
}

@ArgsType()
export class ProceduresArgs extends ConnectionArgs {
  @Field({ nullable: true, description: 'Theme id or slug, e.g. "etat-civil"' })
  @IsOptional()
  @IsString()
  @Matches(ID_OR_SLUG, { message: ID_OR_SLUG_MESSAGE('theme') })
  @MaxLength(SLUG_MAX_LENGTH)
  theme?: string;

  @Field(() => ProcedureAudience, { nullable: true })
  @IsOptional()
  @IsEnum(ProcedureAudience)
  audience?: ProcedureAudience;

  @Field({ nullable: true, description: 'Words to find in the title or summary, accents and case ignored' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ChannelArgField()
  channel?: Channel;

  @StatusArgField('published sheets')
  status?: ContentStatus;
}

@ArgsType()
export class ChecklistOptions {
  @Field(() => [String], { nullable: true, defaultValue: [], description: 'Keys of the chosen cases, at most one per question' })
  @IsOptional()
  @Transform(toList)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  @ArrayMaxSize(30)
  cases?: string[];

  @ChannelArgField()
  channel?: Channel;
}

@ArgsType()
export class ChecklistArgs extends ChecklistOptions {
  @Field(() => ID, { description: 'The sheet, by id or slug' })
  @IsString()
  @Matches(ID_OR_SLUG, { message: ID_OR_SLUG_MESSAGE('sheetId') })
  @MaxLength(SLUG_MAX_LENGTH)
  sheetId!: string;
}

/** REST only: `format=text` answers a printable plain-text tick-list. */
export class ChecklistQuery extends ChecklistOptions {
  @IsOptional()
  @IsIn(['json', 'text'], { message: 'format must be json or text' })
  format?: 'json' | 'text';
}

export class IdOrSlugParam {
  @IsString()
  @Matches(ID_OR_SLUG, { message: ID_OR_SLUG_MESSAGE('idOrSlug') })
  @MaxLength(SLUG_MAX_LENGTH)
  idOrSlug!: string;
}

@ArgsType()
export class ProcedureVersionArgs extends ContentChangeArgs('a procedure') {}

@ArgsType()
export class CreateProcedureArgs extends ChangeMessageArgs {
  @InputArgField(CreateProcedureInput)
  input!: CreateProcedureInput;
}

@ArgsType()
export class UpdateProcedureArgs extends ProcedureVersionArgs {
  @InputArgField(UpdateProcedureInput)
  input!: UpdateProcedureInput;
}
