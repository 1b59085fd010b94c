import type { DynamicModule, Type } from '@nestjs/common';
import type { AppConfig } from '../config/config';

/**
 * The Nest modules an admin command needs, without what only serves HTTP: no GraphQL schema built,
 * no request logger, health checks or rate limits. Loaded lazily, so a command loads only its part
 * of the application (the users commands do not load the content modules, media, S3 or Apollo).
 */
export type CliModules = 'users' | 'everything';

class CliModule {}

export async function cliModule(config: AppConfig, databaseUrl: string, modules: CliModules): Promise<DynamicModule> {
  if (modules === 'users') {
    const [{ TypeOrmModule }, { ConfigModule }, { dataSourceOptions }, { AuditModule }, { AuthModule }] = await Promise.all([
      import('@nestjs/typeorm'), import('../config/config.module'), import('../database/data-source'),
      import('../audit/audit.module'), import('../auth/auth.module'),
    ]);
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, { poolSize: 2, applicationName: 'parvis-cli' })),
        AuditModule,
        AuthModule,
      ],
    };
  }
  // Everything AppModule wires (whatever modules are added to it later), less the HTTP-only ones.
  const [{ AppModule }, { GraphQLModule }, { LoggerModule }, { HealthModule }, { RateLimitModule }] = await Promise.all([
    import('../app.module'), import('@nestjs/graphql'), import('nestjs-pino'), import('../health/health.module'),
    import('../common/throttle/throttle.module'),
  ]);
  const httpOnly = new Set<unknown>([GraphQLModule, LoggerModule, HealthModule, RateLimitModule]);
  const app = AppModule.forRoot(config, databaseUrl);
  const moduleOf = (entry: unknown): unknown => (typeof entry === 'object' && entry !== null && 'module' in entry
    ? (entry as DynamicModule).module : entry);
  return {
    module: CliModule as Type<unknown>,
    imports: (app.imports ?? []).filter((entry) => !httpOnly.has(moduleOf(entry))),
  };
}
