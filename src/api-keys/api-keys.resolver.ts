import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/request-context';
import { ApiKeyModel, CreatedApiKey } from './api-key.model';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyIdArgs, CreateApiKeyArgs } from './dto/api-key.input';

/** API key administration: admins only (the service checks `api-keys:manage`). */
@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(private readonly service: ApiKeysService) {}

  @Query(() => [ApiKeyModel], { description: 'Every API key, revoked ones included, never their secret (admins only)' })
  apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKeyModel[]> {
    return this.service.list(ctx);
  }

  @Mutation(() => CreatedApiKey, { description: 'Create an API key; its secret is in this answer only (admins only)' })
  createApiKey(@Ctx() ctx: RequestContext, @Args() { input }: CreateApiKeyArgs): Promise<CreatedApiKey> {
    return this.service.create(ctx, input, 'input.');
  }

  @Mutation(() => ApiKeyModel, { description: 'Revoke an API key: the next request with it is refused (admins only)' })
  revokeApiKey(@Ctx() ctx: RequestContext, @Args() { id }: ApiKeyIdArgs): Promise<ApiKeyModel> {
    return this.service.revoke(ctx, id);
  }
}
