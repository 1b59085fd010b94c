import { DynamicModule, Global, Module } from '@nestjs/common';
import { usePasswordHashing } from '../auth/password';
import { APP_CONFIG, AppConfig, assertPasswordHashingAllowed } from './config';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    assertPasswordHashingAllowed(config);
    // password.ts is plain functions (no injection): it gets its cost here, before any provider exists.
    usePasswordHashing(config.passwordHashing);
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
