import { DataSource } from 'typeorm';

/**
 * The SQL that would bring the database to what the entities describe: empty when migrations and
 * entities agree. Same computation as `typeorm migration:generate --check`.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((query) => query.query),
    down: sql.downQueries.map((query) => query.query).reverse(),
  };
}
