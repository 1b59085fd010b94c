import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AssociationsModule } from './associations/associations.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { AllErrorsFilter } from './common/error.filter';
import { graphqlOptions } from './common/graphql/graphql-options';
import { loggerOptions } from './common/logging';
import { RateLimitModule } from './common/throttle/throttle.module';
import { InputValidationPipe } from './common/validation.pipe';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './health/health.module';
import { AuditModule } from './audit/audit.module';
import { CommuneModule } from './commune/commune.module';
import { ContentModule } from './content/content.module';
import { EventsModule } from './events/events.module';
import { FeedsModule } from './feeds/feeds.module';
import { LegalNoticesModule } from './legal-notices/legal-notices.module';
import { MediaModule } from './media/media.module';
import { MediaUsagesModule } from './media/media-usages';
import { PagesModule } from './pages/pages.module';
import { ProceduresModule } from './procedures/procedures.module';
import { SeedModule } from './seed/seed.module';
import { SyncModule } from './sync/sync.module';
import { TaxonomyModule } from './taxonomy/taxonomy.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { ResponseCacheModule } from './cache/response-cache.module';
import { OpenApiModule } from './openapi/openapi.module';

/** Wires the modules; no logic here. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl)),
        GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, ...graphqlOptions(config) }),
        HealthModule,
        AuditModule,
        AuthModule,
        ApiKeysModule,
        MediaUsagesModule,
        ContentModule,
        CommuneModule,
        PagesModule,
        TaxonomyModule,
        // Before the content modules: its `/api/v1/events/<id>.ics` and `.jsonld` routes must come before their `:idOrSlug` routes.
        FeedsModule,
        AssociationsModule,
        LegalNoticesModule,
        EventsModule,
        ProceduresModule,
        MediaModule,
        SeedModule,
        SyncModule,
        WebhooksModule,
        ResponseCacheModule,
        OpenApiModule,
        // Keep LAST: its global guard (rate limits) must run after the auth guard.
        RateLimitModule.forRoot(config),
      ],
      providers: [
        // First global guard (AppModule's providers come before the imported modules'): sets req.parvisContext.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllErrorsFilter },
        { provide: APP_PIPE, useClass: InputValidationPipe },
      ],
    };
  }
}
