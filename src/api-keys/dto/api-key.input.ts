import { ArgsType, Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { Trim } from '../../auth/dto/field.decorators';
import { RoleEnum } from '../../auth/user.model';
import type { Role } from '../../common/request-context';

@InputType()
export class CreateApiKeyInput {
  @Field({ description: 'Who uses it, e.g. "Office de tourisme — agenda"' })
  @Trim()
  @IsString()
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  name!: string;

  @Field(() => RoleEnum, { nullable: true, description: 'Leave out for a read-only key; a staff role for an import script' })
  @IsOptional()
  @IsEnum(RoleEnum, { message: 'role must be ADMIN, EDITOR or CONTRIBUTOR, or left out for a read-only key' })
  role?: Role | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'After this instant the key is refused; leave out for no expiry' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'expiresAt must be a date-time such as 2027-06-30T00:00:00Z' })
  expiresAt?: Date | null;
}

@ArgsType()
export class CreateApiKeyArgs {
  @Field(() => CreateApiKeyInput)
  @ValidateNested()
  @Type(() => CreateApiKeyInput)
  input!: CreateApiKeyInput;
}

@ArgsType()
export class ApiKeyIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an API key id' })
  id!: string;
}
