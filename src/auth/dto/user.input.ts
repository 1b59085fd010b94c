import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { Role, ROLES } from '../../common/request-context';
import { OptionalNotNull } from '../../common/validation.decorators';
import { PASSWORD_LENGTH_MESSAGE, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password';
import { RoleEnum } from '../user.model';
import { EmailField, Trim } from './field.decorators';

@InputType()
export class CreateUserInput {
  @EmailField()
  email!: string;

  @Field()
  @Trim()
  @IsString()
  @Length(1, 200)
  displayName!: string;

  @Field(() => RoleEnum)
  @IsIn(ROLES)
  role!: Role;

  @Field({ description: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters` })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { message: PASSWORD_LENGTH_MESSAGE })
  password!: string;
}

@InputType()
export class UpdateUserInput {
  @Field({ nullable: true })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @Field(() => RoleEnum, { nullable: true })
  @OptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @Field({ nullable: true, description: 'Disabling an account ends its sessions at once' })
  @OptionalNotNull()
  @IsBoolean()
  disabled?: boolean;
}

@ArgsType()
export class CreateUserArgs {
  @Field(() => CreateUserInput)
  @ValidateNested()
  @Type(() => CreateUserInput)
  input!: CreateUserInput;
}

@ArgsType()
export class UpdateUserArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a user id' })
  id!: string;

  @Field(() => UpdateUserInput)
  @ValidateNested()
  @Type(() => UpdateUserInput)
  input!: UpdateUserInput;
}
