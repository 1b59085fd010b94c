import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '../../common/validation.decorators';
import { Channel } from '../../content/content.types';
import { ChannelsField, MarkdownField, RequiredTitleField, SlugField, SummaryField, TitleField } from '../../content/dto/content.fields';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true };
export const MAX_ATTACHMENTS = 20;

@InputType({ description: 'A document to download from a page: a document of the media library (PDF, ODT, DOCX…) with its title' })
export class PageAttachmentInput {
  @Field({ description: 'What the link says, e.g. "Règlement du cimetière (PDF)"' })
  @IsString()
  @Matches(/\S/, { message: 'title must not be empty' })
  @MaxLength(200)
  title!: string;

  @Field(() => ID, { description: 'A document of the media library, uploaded with POST /api/v1/media' })
  @IsUUID('all', { message: 'mediaId must be a media id' })
  mediaId!: string;
}

@InputType({ description: 'Fields of a page that staff edit' })
export class PageFieldsInput {
  @TitleField()
  title?: string;

  @SlugField('etat-civil', 'Derived from the title when left out on creation')
  slug?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  kioskTitle?: string | null;

  @SummaryField(500)
  summary?: string | null;

  @MarkdownField()
  body?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'externalUrl must be a full http(s) address' })
  @MaxLength(2000)
  externalUrl?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  seoDescription?: string | null;

  @Field(() => ID, { nullable: true, description: 'Banner or illustration: an image of the media library; null removes it' })
  @IsOptional()
  @IsUUID('all', { message: 'imageMediaId must be a media id' })
  imageMediaId?: string | null;

  @Field(() => [PageAttachmentInput], { nullable: true, description: `Documents to download; replaces the whole list, in order (at most ${MAX_ATTACHMENTS})` })
  @OptionalNotNull()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @ValidateNested({ each: true })
  @Type(() => PageAttachmentInput)
  attachments?: PageAttachmentInput[];

  @ChannelsField()
  channels?: Channel[];
}

@InputType()
export class CreatePageInput extends PageFieldsInput {
  @RequiredTitleField()
  declare title: string;

  @Field(() => ID, { nullable: true, description: 'Parent page; top level when left out' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be a page id' })
  parentId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Position among the siblings from 0; last when left out' })
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number;
}

@InputType()
export class UpdatePageInput extends PageFieldsInput {}
