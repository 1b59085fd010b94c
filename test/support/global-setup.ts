import { loadConfig } from '../../src/config/config';
import { toolEnvironment } from '../../src/config/process-env';
import { runMigrations } from '../../src/database/database-runtime';
import { ScratchCluster } from '../../src/database/scratch-cluster';

/**
 * Once per `npm test`: start a real PostgreSQL (embedded, or DATABASE_URL's server), build a
 * template database with every migration applied, and tell the test files where it is. Each e2e
 * file then clones the template (CREATE DATABASE … TEMPLATE …) and never shares state.
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig(toolEnvironment());
  const cluster = await ScratchCluster.start(config.databaseUrl);
  const template = `parvis_template_${process.pid}`;
  await cluster.dropDatabase(template);
  const url = await cluster.createDatabase(template);
  await runMigrations(url);
  (globalThis as { parvisCluster?: ScratchCluster }).parvisCluster = cluster;
  process.env.PARVIS_TEST_ADMIN_URL = cluster.adminUrl;
  process.env.PARVIS_TEST_TEMPLATE = template;
}
