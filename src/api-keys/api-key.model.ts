import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import type { Role } from '../common/request-context';
import { RoleEnum } from '../auth/user.model';
import type { ApiKeyEntity } from './api-key.entity';

/** An API key as admins see it: never its secret, nor the secret's hash. */
@ObjectType('ApiKey')
export class ApiKeyModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The first characters of the key (`pvk_AbCd1234`), to recognise it' })
  prefix!: string;

  @Field(() => RoleEnum, { nullable: true, description: 'null: read-only (published content only); else the staff role the key acts with' })
  role!: Role | null;

  @Field({ description: 'True when the key only reads published content' })
  readOnly!: boolean;

  @Field(() => ID, { description: 'The admin who created it: writes made with the key are attributed to them and to the key' })
  createdById!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was last used, to the minute' })
  lastUsedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKey {
  @Field(() => ApiKeyModel)
  apiKey!: ApiKeyModel;

  @Field({ description: 'The key to send as `Authorization: Bearer <secret>`. Shown this once: only its hash is kept' })
  secret!: string;
}

/** Pure mapper from the persistence shape; the only way a key leaves the service. */
export function toApiKeyModel(entity: ApiKeyEntity): ApiKeyModel {
  const model = new ApiKeyModel();
  model.id = entity.id;
  model.name = entity.name;
  model.prefix = entity.prefix;
  model.role = entity.role;
  model.readOnly = entity.role === null;
  model.createdById = entity.createdById;
  model.createdAt = entity.createdAt;
  model.expiresAt = entity.expiresAt;
  model.lastUsedAt = entity.lastUsedAt;
  model.revokedAt = entity.revokedAt;
  return model;
}
