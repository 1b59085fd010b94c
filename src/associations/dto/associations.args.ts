import { ArgsType, Field, ID } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection';
import { Channel, ContentStatus } from '../../content/content.types';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../content/slug';
import { CreateAssociationInput, UpdateAssociationInput } from './association.input';
import { VersionedIdArgs } from '../../content/dto/versioned-id.args';

const SLUG_MESSAGE = 'slug must be lower-case letters, digits and single hyphens';

@ArgsType()
export class AssociationLookupArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'id must be an association id' })
  id?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @MaxLength(SLUG_MAX_LENGTH)
  slug?: string;

  @Field(() => Channel, { nullable: true, description: 'Only if published to this channel' })
  @IsOptional()
  @IsEnum(Channel)
  channel?: Channel;
}

@ArgsType()
export class AssociationsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only associations of this category (a CATEGORY term id)' })
  @IsOptional()
  @IsUUID('all', { message: 'category must be a category id' })
  category?: string;

  @Field({ nullable: true, description: 'Only associations of this category, by its slug' })
  @IsOptional()
  @IsString()
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  @MaxLength(SLUG_MAX_LENGTH)
  categorySlug?: string;

  @Field({ nullable: true, description: 'One letter A–Z of the alphabetical index; accents fold ("É" is E); leading articles are skipped ("L\'Harmonie" is under H)' })
  @IsOptional()
  @IsString()
  @MaxLength(4)
  letter?: string;

  @Field({ nullable: true, description: 'Name contains this text, ignoring case and accents' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  search?: string;

  @Field(() => Channel, { nullable: true })
  @IsOptional()
  @IsEnum(Channel)
  channel?: Channel;

  @Field(() => ContentStatus, { nullable: true, description: 'Staff only; anonymous callers always get published associations' })
  @IsOptional()
  @IsEnum(ContentStatus)
  status?: ContentStatus;
}

@ArgsType()
export class AssociationVersionArgs extends VersionedIdArgs('an association') {}

@ArgsType()
export class CreateAssociationArgs {
  @Field(() => CreateAssociationInput)
  @ValidateNested()
  @Type(() => CreateAssociationInput)
  input!: CreateAssociationInput;
}

@ArgsType()
export class UpdateAssociationArgs extends AssociationVersionArgs {
  @Field(() => UpdateAssociationInput)
  @ValidateNested()
  @Type(() => UpdateAssociationInput)
  input!: UpdateAssociationInput;
}
