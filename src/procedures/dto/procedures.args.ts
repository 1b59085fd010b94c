import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection';
import { Channel, ContentStatus } from '../../content/content.types';
import { ProcedureAudience } from '../procedure.types';
import { CreateProcedureInput, UpdateProcedureInput } from './procedure.input';
import { ChangeMessageArgs, ContentChangeArgs } from '../../content/dto/versioned-id.args';
import { ChannelArgField, InputArgField, StatusArgField } from '../../content/dto/content.fields';
import { IsIdOrSlug, SlugLookupArgs } from '../../content/dto/lookup.args';

/** A sheet (or theme) is named by its id or by its slug. */
const ID_OR_SLUG_MESSAGE = (field: string): string => `${field} must be an id or a slug such as "carte-identite"`;

/** `?cases=majeur,premiere-demande` or `?cases=majeur&cases=premiere-demande` → a list. */
const toList = ({ value }: { value: unknown }): unknown => {
  const values: unknown[] | undefined = Array.isArray(value) ? value : value === undefined || value === null ? undefined : [value];
  return values?.flatMap((item) => (typeof item === 'string' ? item.split(',') : [item])).map((item) => (typeof item === 'string' ? item.trim() : item))
    .filter((item) => item !== '');
};

@ArgsType()
export class ProcedureLookupArgs extends SlugLookupArgs('a procedure', 'carte-identite') {}

@ArgsType()
export class ProceduresArgs extends ConnectionArgs {
  @Field({ nullable: true, description: 'Theme id or slug, e.g. "etat-civil"' })
  @IsOptional()
  @IsIdOrSlug({ message: ID_OR_SLUG_MESSAGE('theme') })
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
  @IsIdOrSlug({ message: ID_OR_SLUG_MESSAGE('sheetId') })
  sheetId!: string;
}

/** REST only: `format=text` answers a printable plain-text tick-list. */
export class ChecklistQuery extends ChecklistOptions {
  @ApiPropertyOptional({ description: '`text` answers the printable tick-list as text/plain', default: 'json' })
  @IsOptional()
  @IsIn(['json', 'text'], { message: 'format must be json or text' })
  format?: 'json' | 'text';
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
