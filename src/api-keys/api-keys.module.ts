import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysResolver } from './api-keys.resolver';
import { ApiKeysService } from './api-keys.service';

/**
 * API keys for machines. Exports the service for the global auth guard (declared in AppModule),
 * which authenticates `Authorization: Bearer pvk_…` with it.
 */
@Module({
  providers: [ApiKeysService, ApiKeysResolver],
  controllers: [ApiKeysController],
  exports: [ApiKeysService],
})
export class ApiKeysModule {}
