import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Ctx, RequestContext } from '../common/request-context';
import { ApiKeyModel, CreatedApiKey } from './api-key.model';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyIdArgs, CreateApiKeyInput } from './dto/api-key.input';

/** REST twin of the API key administration (admins only). */
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly service: ApiKeysService) {}

  @Get()
  async list(@Ctx() ctx: RequestContext): Promise<{ data: ApiKeyModel[] }> {
    return { data: await this.service.list(ctx) };
  }

  /** `{ name, role?, expiresAt? }` → `{ apiKey, secret }`; the secret is never shown again. */
  @Post()
  create(@Ctx() ctx: RequestContext, @Body() body: CreateApiKeyInput): Promise<CreatedApiKey> {
    return this.service.create(ctx, body);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@Ctx() ctx: RequestContext, @Param() { id }: ApiKeyIdArgs): Promise<ApiKeyModel> {
    return this.service.revoke(ctx, id);
  }
}
