import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/config';
import { createDataSource } from '../database/data-source';
import { pendingSchemaChanges } from '../database/schema-diff';
import { ScratchCluster } from '../database/scratch-cluster';
import { toolEnvironment } from '../config/process-env';

/**
 * `npm run migration:generate -- AddEvents`: applies the existing migrations to a scratch database,
 * compares with the entities, and writes the difference as a new migration listed in
 * migrations/index.ts. Always read and tidy the result (indexes, CHECKs, comments) before committing.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new Error('Usage: npm run migration:generate -- NameInPascalCase');
  }
  const config = loadConfig(toolEnvironment());
  const cluster = await ScratchCluster.start(config.databaseUrl);
  const database = `parvis_generate_${Date.now()}`;
  try {
    const url = await cluster.createDatabase(database);
    const dataSource = createDataSource(url, { poolSize: 1 });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const { up, down } = await pendingSchemaChanges(dataSource);
    await dataSource.destroy();
    if (up.length === 0) {
      process.stdout.write('No changes: entities and migrations agree.\n');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const file = `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`;
    // A template literal: escape backslashes first (CHECK regexes), then backticks and `${`.
    const quote = (sql: string): string => '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${up.map((sql) => `    await queryRunner.query(${quote(sql)});`).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${down.map((sql) => `    await queryRunner.query(${quote(sql)});`).join('\n')}
  }
}
`;
    const migrationsDir = join(process.cwd(), 'migrations');
    writeFileSync(join(migrationsDir, file), body);
    const indexFile = join(migrationsDir, 'index.ts');
    const index = readFileSync(indexFile, 'utf8')
      .replace('export const ALL_MIGRATIONS', `import { ${className} } from './${file.replace(/\.ts$/, '')}';\nexport const ALL_MIGRATIONS`)
      .replace(/\n\];\s*$/, `\n  ${className},\n];\n`);
    writeFileSync(indexFile, index);
    process.stdout.write(`Wrote migrations/${file} (${up.length} statements) and listed it in migrations/index.ts\n`);
  } finally {
    await cluster.dropDatabase(database).catch(() => undefined);
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
