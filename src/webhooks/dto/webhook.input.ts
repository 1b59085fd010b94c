import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { ContentTypeName } from '../../content/content.types';
import { OptionalNotNull, Trim } from '../../common/validation.decorators';
import { WebhookEvent } from '../webhook.types';

@InputType()
export class CreateWebhookEndpointInput {
  @Field({ description: 'What the receiver is, for admins: "Agenda de la CCSA"' })
  @Trim()
  @IsString()
  @Length(1, 100)
  name!: string;

  @Field({ description: 'https:// address that receives the POSTs (plain http:// only outside production)' })
  @Trim()
  @IsString()
  @Length(1, 2000)
  url!: string;

  @Field(() => [ContentTypeName], { nullable: true, description: 'Only these content types; every type when empty or absent' })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(ContentTypeName, { each: true })
  contentTypes?: ContentTypeName[];

  @Field(() => [WebhookEvent], { nullable: true, description: 'Only these events; every event when empty or absent' })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(WebhookEvent, { each: true })
  events?: WebhookEvent[];
}

@InputType()
export class UpdateWebhookEndpointInput {
  @Field({ nullable: true })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;

  @Field({ nullable: true })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 2000)
  url?: string;

  @Field(() => [ContentTypeName], { nullable: true })
  @OptionalNotNull()
  @ArrayMaxSize(10)
  @IsEnum(ContentTypeName, { each: true })
  contentTypes?: ContentTypeName[];

  @Field(() => [WebhookEvent], { nullable: true })
  @OptionalNotNull()
  @ArrayMaxSize(10)
  @IsEnum(WebhookEvent, { each: true })
  events?: WebhookEvent[];

  @Field({ nullable: true, description: 'A paused endpoint receives nothing; what changed meanwhile is delivered when it is resumed' })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

@ArgsType()
export class CreateWebhookEndpointArgs {
  @Field(() => CreateWebhookEndpointInput)
  @ValidateNested()
  @Type(() => CreateWebhookEndpointInput)
  input!: CreateWebhookEndpointInput;
}

@ArgsType()
export class UpdateWebhookEndpointArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;

  @Field(() => UpdateWebhookEndpointInput)
  @ValidateNested()
  @Type(() => UpdateWebhookEndpointInput)
  input!: UpdateWebhookEndpointInput;
}

@ArgsType()
export class WebhookIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

@ArgsType()
export class RecentDeliveriesArgs {
  @Field(() => Int, { defaultValue: 20, description: 'The most recent deliveries first; at most 100' })
  @IsInt()
  @Min(1)
  @Max(100)
  first!: number;
}
