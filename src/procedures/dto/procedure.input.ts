import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '../../common/validation.decorators';
import { Channel } from '../../content/content.types';
import { SLUG_PATTERN } from '../../content/slug';
import { CASE_KEY_PATTERN } from '../procedure-rules';
import { CERFA_PATTERN, DocumentForm, DocumentRequirement, OnlineServiceKind, ProcedureAudience, ProcedureLocationKind } from '../procedure.types';
import { ChannelsField, MarkdownField, RequiredTitleField, SlugField, SummaryField, TitleField } from '../../content/dto/content.fields';

const KEY_MESSAGE = 'must be lower-case letters, digits and single hyphens, e.g. "premiere-demande"';
const CASE_KEY_MESSAGE = 'must be lower-case words joined by single hyphens, starting with a letter, e.g. "premiere-demande" or "mineur-15-17"';
const KEY_MAX_LENGTH = 60;

/** The cases a line (document, cost, link) applies to: keys of the sheet's own cases, validated against them by the service. */
function CaseKeysField(what: string): PropertyDecorator {
  return applyDecorators(
    Field(() => [String], { nullable: true, description: `Keys of the cases ${what} is for, empty for the whole sheet: listed when, in every question these cases belong to, the resident chose one of them` }),
    IsOptional(),
    IsString({ each: true }),
    MaxLength(KEY_MAX_LENGTH, { each: true }),
    ArrayMaxSize(30),
    ArrayUnique({ message: 'caseKeys must not repeat a key' }),
  );
}

@InputType({ description: 'Where the resident goes' })
export class WhereToGoInput {
  @Field(() => ProcedureLocationKind)
  @IsEnum(ProcedureLocationKind)
  kind!: ProcedureLocationKind;

  @Field(() => String, { nullable: true, description: 'Required for OTHER_OFFICE, e.g. "Mairie de Fourmies"' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  officeName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'Free text; the OpenStreetMap opening_hours syntax is preferred, e.g. "Mo-Fr 08:30-12:00"' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  openingHours?: string | null;
}

@InputType({ description: 'A link to an online service or a downloadable form' })
export class OnlineServiceInput {
  @Field()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @Field(() => String, { nullable: true, description: 'https address; may be left out with a mediaId, and is then the media library address' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'url must be a full https address' })
  @MaxLength(2000)
  url?: string | null;

  @Field(() => OnlineServiceKind, { defaultValue: OnlineServiceKind.ONLINE_SERVICE })
  @IsEnum(OnlineServiceKind)
  kind!: OnlineServiceKind;

  @Field(() => String, { nullable: true, description: 'CERFA number with its version, e.g. 13753*04' })
  @IsOptional()
  @Matches(CERFA_PATTERN, { message: 'cerfaNumber must be five digits, a star and two digits, e.g. 13753*04' })
  cerfaNumber?: string | null;

  @Field(() => ID, { nullable: true, description: 'The commune\'s own form as a document of the media library (a PDF, or an ODT/DOCX to fill in), uploaded with POST /api/v1/media' })
  @IsOptional()
  @IsUUID('all', { message: 'mediaId must be a media id' })
  mediaId?: string | null;

  @CaseKeysField('the link')
  caseKeys?: string[] | null;
}

@InputType({ description: 'One line of what the procedure costs' })
export class CostLineInput {
  @Field({ description: 'As written for residents: "Gratuit", "25 € (timbre fiscal)"' })
  @IsString()
  @IsNotEmpty({ message: 'label must not be empty' })
  @MaxLength(300)
  label!: string;

  @CaseKeysField('the cost')
  caseKeys?: string[] | null;
}

@InputType({ description: 'One situation of a sheet; cases sharing a question are its exclusive answers' })
export class ProcedureCaseInput {
  @Field({ description: 'Unique in the sheet, e.g. "mineur"; what the kiosk sends back as an answer. The same answer has the same key on every sheet; a narrower answer adds a qualifier to the broader key ("mineur-15-17")' })
  @IsString()
  @Matches(CASE_KEY_PATTERN, { message: `key ${CASE_KEY_MESSAGE}` })
  @MaxLength(KEY_MAX_LENGTH)
  key!: string;

  @Field({ description: 'e.g. "Mineur"; unique within its question' })
  @IsString()
  @IsNotEmpty({ message: 'label must not be empty' })
  @MaxLength(120)
  label!: string;

  @Field({ description: 'The question this case answers, e.g. "Âge"' })
  @IsString()
  @IsNotEmpty({ message: 'question must not be empty' })
  @MaxLength(120)
  question!: string;
}

@InputType({ description: 'A document to bring; its place in the list is its position' })
export class RequiredDocumentInput {
  @Field()
  @IsString()
  @IsNotEmpty({ message: 'label must not be empty' })
  @MaxLength(300)
  label!: string;

  @Field(() => String, { nullable: true, description: 'Printed after the label, e.g. "de moins de 3 mois"' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  note?: string | null;

  @Field(() => DocumentForm, { defaultValue: DocumentForm.ORIGINAL })
  @IsEnum(DocumentForm)
  form!: DocumentForm;

  @Field(() => Int, { defaultValue: 1, description: '1 to 10' })
  @IsInt()
  @Min(1)
  @Max(10)
  quantity!: number;

  @Field(() => DocumentRequirement, { defaultValue: DocumentRequirement.MANDATORY })
  @IsEnum(DocumentRequirement)
  requirement!: DocumentRequirement;

  @Field(() => String, { nullable: true, description: 'Required for a CONDITIONAL document, e.g. "si vous êtes hébergé"' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  condition?: string | null;

  @Field(() => String, { nullable: true, description: 'Documents sharing this key are "one of:" alternatives' })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: `oneOfGroup ${KEY_MESSAGE}` })
  @MaxLength(KEY_MAX_LENGTH)
  oneOfGroup?: string | null;

  @CaseKeysField('the document')
  caseKeys?: string[] | null;
}

@InputType({ description: 'Fields of a procedure sheet that staff edit' })
export class ProcedureFieldsInput {
  @TitleField()
  title?: string;

  @SlugField('carte-identite', 'Derived from the title when left out on creation')
  slug?: string;

  @Field(() => [ProcedureAudience], { nullable: true, description: 'Defaults to individuals on creation' })
  @OptionalNotNull()
  @IsEnum(ProcedureAudience, { each: true })
  @ArrayMinSize(1, { message: 'audiences must contain at least one audience' })
  @ArrayMaxSize(3)
  @ArrayUnique()
  audiences?: ProcedureAudience[];

  @Field(() => ID, { nullable: true, description: 'A term of the PROCEDURE_THEME list' })
  @IsOptional()
  @IsUUID('all', { message: 'themeId must be a theme id' })
  themeId?: string | null;

  @SummaryField(500, { description: 'Shown in lists and on the kiosk; required to publish' })
  summary?: string | null;

  @MarkdownField('The explanatory note, in Markdown')
  explanation?: string;

  @Field(() => WhereToGoInput, { nullable: true, description: 'Defaults to the town hall desk on creation' })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => WhereToGoInput)
  whereToGo?: WhereToGoInput;

  @Field(() => [CostLineInput], { nullable: true, description: 'Replaces the cost lines, in this order, e.g. [{ label: "Gratuit", caseKeys: ["premiere-demande", "renouvellement"] }, { label: "25 € (timbre fiscal)", caseKeys: ["perte-vol"] }]' })
  @OptionalNotNull()
  @ValidateNested({ each: true })
  @Type(() => CostLineInput)
  @ArrayMaxSize(10)
  costs?: CostLineInput[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  processingTime?: string | null;

  @Field(() => [OnlineServiceInput], { nullable: true })
  @OptionalNotNull()
  @ValidateNested({ each: true })
  @Type(() => OnlineServiceInput)
  @ArrayMaxSize(10)
  onlineServices?: OnlineServiceInput[];

  @Field(() => [ProcedureCaseInput], { nullable: true, description: 'Replaces all the cases; send the documents with them' })
  @OptionalNotNull()
  @ValidateNested({ each: true })
  @Type(() => ProcedureCaseInput)
  @ArrayMaxSize(30)
  cases?: ProcedureCaseInput[];

  @Field(() => [RequiredDocumentInput], { nullable: true, description: 'Replaces all the documents, in this order' })
  @OptionalNotNull()
  @ValidateNested({ each: true })
  @Type(() => RequiredDocumentInput)
  @ArrayMaxSize(60)
  documents?: RequiredDocumentInput[];

  @Field(() => [ID], { nullable: true, description: 'Related sheets ("voir aussi"), in this order' })
  @OptionalNotNull()
  @IsUUID('all', { each: true, message: 'relatedProcedureIds must be procedure ids' })
  @ArrayMaxSize(20)
  @ArrayUnique({ message: 'relatedProcedureIds must not repeat a sheet' })
  relatedProcedureIds?: string[];

  @Field(() => [String], { nullable: true, description: 'e.g. "Code civil : article 47"' })
  @OptionalNotNull()
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: 'legalReferences must not contain an empty reference' })
  @MaxLength(500, { each: true })
  @ArrayMaxSize(20)
  legalReferences?: string[];

  @Field(() => String, { nullable: true, description: 'Date of the last check against the official sources, YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'lastReviewedOn must be a date written YYYY-MM-DD' })
  lastReviewedOn?: string | null;

  @ChannelsField()
  channels?: Channel[];
}

@InputType()
export class CreateProcedureInput extends ProcedureFieldsInput {
  @RequiredTitleField()
  declare title: string;
}

@InputType()
export class UpdateProcedureInput extends ProcedureFieldsInput {}
