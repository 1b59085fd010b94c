import { loadConfig } from '../../src/config/config';
import { toolEnvironment } from '../../src/config/process-env';
import { runMigrations } from '../../src/database/database-runtime';
import { ScratchCluster } from '../../src/database/scratch-cluster';
import { buildDemoTemplate } from './demo-template';
import { removeTranspiledProjects } from './processes';

/**
 * Once per `npm test`: start a real PostgreSQL (embedded, or DATABASE_URL's server), build a
 * template database with every migration applied, and a second one with the demo content loaded
 * too (its media files in a folder of their own), and tell the test files where they are. Each e2e
 * file then clones a template (CREATE DATABASE … TEMPLATE …) and never shares state.
 */
export default async function globalSetup(): Promise<void> {
  // Names what this run leaves in shared folders (processes.ts: the transpiled project), for the teardown.
  process.env.PARVIS_TEST_RUN_ID = String(process.pid);
  removeTranspiledProjects();
  const config = loadConfig(toolEnvironment());
  const cluster = await ScratchCluster.start(config.databaseUrl);
  const template = `parvis_template_${process.pid}`;
  try {
    await cluster.dropDatabase(template);
    const url = await cluster.createDatabase(template);
    await runMigrations(url);
    const demo = await buildDemoTemplate(cluster, template, `parvis_template_demo_${process.pid}`);
    process.env.PARVIS_TEST_ADMIN_URL = cluster.adminUrl;
    process.env.PARVIS_TEST_TEMPLATE = template;
    process.env.PARVIS_TEST_DEMO_TEMPLATE = demo.database;
    process.env.PARVIS_TEST_DEMO_MEDIA = demo.mediaDir;
  } catch (error) {
    // Jest skips the teardown when the set-up fails: clean up now (the demo builder removes its own).
    await cluster.dropDatabase(template).catch(() => undefined);
    await cluster.stop();
    throw error;
  }
  (globalThis as { parvisCluster?: ScratchCluster }).parvisCluster = cluster;
}
