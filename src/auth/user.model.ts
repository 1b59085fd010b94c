import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Role } from '../common/request-context';
import type { User } from './user.entity';

/** GraphQL names the roles in capitals (ADMIN); everywhere else (REST, database, CLI) they are `admin`. */
export const RoleEnum = { ADMIN: 'admin', EDITOR: 'editor', CONTRIBUTOR: 'contributor' } as const satisfies Record<string, Role>;
registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'ADMIN manages users and everything; EDITOR creates, edits and publishes all content; ' +
    'CONTRIBUTOR creates and edits drafts but cannot publish, unpublish or delete',
});

/** A staff account as the API shows it: never its password hash. */
@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  displayName!: string;

  @Field(() => RoleEnum)
  role!: Role;

  @Field({ description: 'A disabled account cannot log in, and its sessions have ended' })
  disabled!: boolean;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}

/** Pure mapper from the persistence shape; the only way a user leaves the auth services. */
export function toUserModel(user: User): UserModel {
  const model = new UserModel();
  model.id = user.id;
  model.email = user.email;
  model.displayName = user.displayName;
  model.role = user.role;
  model.disabled = user.disabled;
  model.createdAt = user.createdAt;
  model.updatedAt = user.updatedAt;
  return model;
}

@ObjectType()
export class AuthPayload {
  @Field({ description: 'JWT to send as `Authorization: Bearer <token>`' })
  accessToken!: string;

  @Field(() => GraphQLISODateTime)
  accessTokenExpiresAt!: Date;

  @Field({ description: 'Opaque, single use: exchange it with refreshSession for a new pair' })
  refreshToken!: string;

  @Field(() => GraphQLISODateTime)
  refreshTokenExpiresAt!: Date;

  @Field(() => UserModel)
  user!: UserModel;
}
