import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsDate, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength,
  Min, ValidateBy, ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '../../common/validation.decorators';
import { Channel } from '../../content/content.types';
import { LegalNoticeKind } from '../legal-notice-kind';
import { isCalendarDate } from '../legal-rules';
import { ChannelsField, MarkdownField, RequiredTitleField, SummaryField, TitleField } from '../../content/dto/content.fields';

const REFERENCE_PATTERN = /^[0-9A-Za-z]+([-/._][0-9A-Za-z]+)*$/;
const REFERENCE_MESSAGE = 'reference must be letters and digits separated by single "-", "/", "." or "_", e.g. "2026-045"';
export const MAX_DOCUMENTS = 20;

/** The number of an act, e.g. `2026-045` (the database checks the same pattern). */
export function IsNoticeReference(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(REFERENCE_PATTERN, { message: REFERENCE_MESSAGE }), MaxLength(40));
}

/** The year of an act date. */
export function IsActYear(): PropertyDecorator {
  return applyDecorators(IsInt(), Min(1800), Max(2999));
}

/** A calendar date written YYYY-MM-DD (the act date is a date, not an instant). */
export function IsCalendarDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
      defaultMessage: (args) => `${args?.property ?? 'date'} must be a calendar date written YYYY-MM-DD`,
    },
  });
}

@InputType({ description: 'A document attached to a notice: a PDF of the media library (mediaId), or a file elsewhere (its https address and SHA-256)' })
export class LegalNoticeDocumentInput {
  @RequiredTitleField()
  title!: string;

  @Field(() => String, { nullable: true, description: 'https address of the file; with a mediaId, defaults to the media library address' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'url must be a full https address' })
  @MaxLength(2000)
  url?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 of the file, 64 hexadecimal characters; covered by the notice fingerprint. Taken from the media with a mediaId (if given, it must match); required to publish otherwise',
  })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256?: string | null;

  @Field(() => ID, { nullable: true, description: 'A document (PDF, office file) of the media library, uploaded with POST /api/v1/media' })
  @IsOptional()
  @IsUUID('all', { message: 'mediaId must be a media id' })
  mediaId?: string | null;
}

@InputType({ description: 'Fields of a legal notice that staff edit while it is a draft' })
export class LegalNoticeFieldsInput {
  @Field(() => LegalNoticeKind, { nullable: true })
  @OptionalNotNull()
  @IsEnum(LegalNoticeKind)
  kind?: LegalNoticeKind;

  @Field({ nullable: true, description: 'Number of the act, e.g. "2026-045"; unique per kind and year of the act date' })
  @OptionalNotNull()
  @IsNoticeReference()
  reference?: string;

  @TitleField(300)
  title?: string;

  @SummaryField(1000)
  summary?: string | null;

  @MarkdownField('Markdown text of the act, in full or as an extract', 200_000)
  body?: string;

  @Field({ nullable: true, description: 'Date of the act, YYYY-MM-DD' })
  @OptionalNotNull()
  @IsCalendarDate()
  actDate?: string;

  @Field(() => String, { nullable: true, description: 'Date of the council meeting, YYYY-MM-DD; required for deliberations and their list' })
  @IsOptional()
  @IsCalendarDate()
  meetingDate?: string | null;

  @Field({ nullable: true, description: 'Who signed the act, e.g. "Jean Dupont"' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty({ message: 'signatoryName must not be empty' })
  @MaxLength(200)
  signatoryName?: string;

  @Field({ nullable: true, description: 'In which capacity, e.g. "Le Maire"' })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty({ message: 'signatoryRole must not be empty' })
  @MaxLength(200)
  signatoryRole?: string;

  @Field(() => Date, { nullable: true })
  @OptionalNotNull()
  @Type(() => Date)
  @IsDate({ message: 'displayFrom must be a date and time' })
  displayFrom?: Date;

  @Field(() => Date, { nullable: true, description: 'At least the legal minimum for the kind after displayFrom' })
  @OptionalNotNull()
  @Type(() => Date)
  @IsDate({ message: 'displayUntil must be a date and time' })
  displayUntil?: Date;

  @Field(() => String, {
    nullable: true,
    description: 'Planning-permission applications only: the last day of the instruction, YYYY-MM-DD, when known; the notice stays displayed until it is over',
  })
  @IsOptional()
  @IsCalendarDate()
  instructionEndsOn?: string | null;

  @Field(() => [LegalNoticeDocumentInput], { nullable: true, description: 'Replaces the whole list, in order' })
  @OptionalNotNull()
  @ArrayMaxSize(MAX_DOCUMENTS)
  @ValidateNested({ each: true })
  @Type(() => LegalNoticeDocumentInput)
  documents?: LegalNoticeDocumentInput[];

  @Field(() => String, { nullable: true, description: 'How to get an accessible version of the documents (RGAA 13.3)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  accessibilityNote?: string | null;

  @Field(() => ID, { nullable: true, description: 'The published notice this one corrects; linked both ways when this one is published' })
  @IsOptional()
  @IsUUID('all', { message: 'supersedesId must be a legal notice id' })
  supersedesId?: string | null;

  @ChannelsField()
  channels?: Channel[];
}

@InputType()
export class CreateLegalNoticeInput extends LegalNoticeFieldsInput {
  @Field(() => LegalNoticeKind)
  @IsEnum(LegalNoticeKind)
  declare kind: LegalNoticeKind;

  @Field({ description: 'Number of the act, e.g. "2026-045"; unique per kind and year of the act date' })
  @IsNoticeReference()
  declare reference: string;

  @RequiredTitleField(300)
  declare title: string;

  @Field({ description: 'Date of the act, YYYY-MM-DD' })
  @IsCalendarDate()
  declare actDate: string;

  @Field()
  @IsString()
  @IsNotEmpty({ message: 'signatoryName must not be empty' })
  @MaxLength(200)
  declare signatoryName: string;

  @Field()
  @IsString()
  @IsNotEmpty({ message: 'signatoryRole must not be empty' })
  @MaxLength(200)
  declare signatoryRole: string;

  @Field(() => Date, { description: 'When the notice may go on display; if it is published later, the display starts at publication' })
  @Type(() => Date)
  @IsDate({ message: 'displayFrom must be a date and time' })
  declare displayFrom: Date;

  @Field(() => Date, { description: 'At least the legal minimum for the kind after displayFrom, and after the moment of publication if later' })
  @Type(() => Date)
  @IsDate({ message: 'displayUntil must be a date and time' })
  declare displayUntil: Date;
}

@InputType()
export class UpdateLegalNoticeInput extends LegalNoticeFieldsInput {}
