import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection';
import { Channel, ContentStatus } from '../../content/content.types';
import { CreateAssociationInput, UpdateAssociationInput } from './association.input';
import { ChangeMessageArgs, ContentChangeArgs } from '../../content/dto/versioned-id.args';
import { ChannelArgField, InputArgField, InputsArgField, SlugArgField, StatusArgField } from '../../content/dto/content.fields';
import { SlugLookupArgs } from '../../content/dto/lookup.args';

@ArgsType()
export class AssociationLookupArgs extends SlugLookupArgs('an association', 'harmonie-d-anor') {}

@ArgsType()
export class AssociationsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only associations of this category (a CATEGORY term id)' })
  @IsOptional()
  @IsUUID('all', { message: 'category must be a category id' })
  category?: string;

  @SlugArgField({ description: 'Only associations of this category, by its slug' })
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

  @ChannelArgField()
  channel?: Channel;

  @StatusArgField('published associations')
  status?: ContentStatus;
}

@ArgsType()
export class AssociationVersionArgs extends ContentChangeArgs('an association') {}

@ArgsType()
export class CreateAssociationArgs extends ChangeMessageArgs {
  @InputArgField(CreateAssociationInput)
  input!: CreateAssociationInput;
}

@ArgsType()
export class CreateAssociationsArgs extends ChangeMessageArgs {
  @InputsArgField(CreateAssociationInput)
  inputs!: CreateAssociationInput[];
}

@ArgsType()
export class UpdateAssociationArgs extends AssociationVersionArgs {
  @InputArgField(UpdateAssociationInput)
  input!: UpdateAssociationInput;
}
