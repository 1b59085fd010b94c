import { DataSource, DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { ALL_ENTITIES } from '../entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The one description of our database connection, used by the app, the CLI, the migration
 * generator and the tests. Entities and migrations are listed explicitly (no globs), so the same
 * code works from TypeScript sources and from the compiled build.
 */
export function dataSourceOptions(url: string, overrides: Partial<{ poolSize: number; applicationName: string }> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install, no superuser needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: overrides.poolSize ?? 10,
      application_name: overrides.applicationName ?? 'parvis',
      // A database host that drops packets would otherwise hold each request for the OS's TCP
      // timeout (about two minutes); after this the request gets 503 (database-unavailable.ts).
      // Also bounds the wait for a free pooled connection, which a healthy server never nears.
      connectionTimeoutMillis: 15_000,
    },
  };
}

export function createDataSource(url: string, overrides?: Parameters<typeof dataSourceOptions>[1]): DataSource {
  return new DataSource(dataSourceOptions(url, overrides));
}
