import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection';
import { BooleanFromQuery } from '../../common/validation.decorators';
import { Channel, ContentStatus } from '../../content/content.types';
import { CreatePageInput, UpdatePageInput } from './page.input';
import { ChangeMessageArgs, ContentChangeArgs } from '../../content/dto/versioned-id.args';
import { ChannelArgField, InputArgField, StatusArgField } from '../../content/dto/content.fields';

@ArgsType()
export class PageLookupArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'id must be a page id' })
  id?: string;

  @Field({ nullable: true, description: 'Full path, e.g. /vie-pratique/dechets' })
  @IsOptional()
  @IsString()
  @Matches(/^(\/[a-z0-9]+(-[a-z0-9]+)*)+$/, { message: 'path must look like /vie-pratique/dechets' })
  @MaxLength(2000)
  path?: string;

  @ChannelArgField('Only if published to this channel')
  channel?: Channel;
}

@ArgsType()
export class PagesArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Children of this page, in their order; all pages by path when left out' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be a page id' })
  parentId?: string;

  @Field({ nullable: true, description: 'Only top-level pages' })
  @IsOptional()
  @BooleanFromQuery()
  @IsBoolean()
  topLevelOnly?: boolean;

  @ChannelArgField()
  channel?: Channel;

  @StatusArgField('published pages')
  status?: ContentStatus;
}

@ArgsType()
export class NavigationArgs {
  @Field(() => Channel)
  @IsEnum(Channel)
  channel!: Channel;
}

@ArgsType()
export class PageVersionArgs extends ContentChangeArgs('a page') {}

@ArgsType()
export class CreatePageArgs extends ChangeMessageArgs {
  @InputArgField(CreatePageInput)
  input!: CreatePageInput;
}

@ArgsType()
export class UpdatePageArgs extends PageVersionArgs {
  @InputArgField(UpdatePageInput)
  input!: UpdatePageInput;
}

@ArgsType()
export class MovePageArgs extends PageVersionArgs {
  @Field(() => ID, { nullable: true, description: 'New parent; null or left out for top level' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be a page id' })
  parentId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Position among the new siblings from 0; last when left out' })
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number;
}
