import { ArgsType, Field } from '@nestjs/graphql';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../password';
import { EmailField } from './field.decorators';

/** `login(email, password)`; also the body of POST /api/v1/auth/login. */
@ArgsType()
export class LoginArgs {
  @EmailField()
  email!: string;

  /** No minimum here: the length rule is for new passwords, a login just fails. */
  @Field()
  @IsString()
  @IsNotEmpty({ message: 'Enter your password' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

/** `refreshSession(refreshToken)`; also the body of POST /api/v1/auth/refresh. */
@ArgsType()
export class RefreshSessionArgs {
  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken!: string;
}

/** `logout(refreshToken)`; also the body of POST /api/v1/auth/logout. */
@ArgsType()
export class LogoutArgs {
  @Field({ nullable: true, description: 'The session to end; the caller\'s own session when omitted' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken?: string;
}
