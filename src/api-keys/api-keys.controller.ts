import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAccess, ApiDoc, ApiJson } from '../openapi/openapi.decorators';
import { Ctx, RequestContext } from '../common/request-context';
import { ApiKeyModel, CreatedApiKey } from './api-key.model';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyIdArgs, CreateApiKeyInput } from './dto/api-key.input';

/** REST twin of the API key administration (admins only). */
@ApiTags('API keys')
@ApiAccess('admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly service: ApiKeysService) {}

  @Get()
  @ApiDoc('List the API keys (administrators)')
  @ApiJson('ApiKeyList')
  async list(@Ctx() ctx: RequestContext): Promise<{ data: ApiKeyModel[] }> {
    return { data: await this.service.list(ctx) };
  }

  /** `{ name, role?, expiresAt? }` → `{ apiKey, secret }`; the secret is never shown again. */
  @Post()
  @ApiDoc('Create an API key', 'The secret (`pvk_…`) is in this answer only: it is stored hashed and never shown again.')
  @ApiJson('CreatedApiKey', { status: 201, description: 'Created' })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateApiKeyInput): Promise<CreatedApiKey> {
    return this.service.create(ctx, body);
  }

  @Post(':id/revoke')
  @ApiDoc('Revoke an API key', 'Refused from the very next request.')
  @ApiJson('ApiKey')
  @HttpCode(200)
  revoke(@Ctx() ctx: RequestContext, @Param() { id }: ApiKeyIdArgs): Promise<ApiKeyModel> {
    return this.service.revoke(ctx, id);
  }
}
