import { loadConfig } from '../../src/config/config';
import { toolEnvironment } from '../../src/config/process-env';
import { runMigrations } from '../../src/database/database-runtime';
import { ScratchCluster } from '../../src/database/scratch-cluster';
import { removeTranspiledProjects } from './processes';

/**
 * Once per `npm test`: start a real PostgreSQL (embedded, or DATABASE_URL's server), build a
 * template database with every migration applied, and tell the test files where it is. Each e2e
 * file then clones the template (CREATE DATABASE … TEMPLATE …) and never shares state. The template
 * with the demo content (demo-template.ts) and the transpiled project (processes.ts) are built once
 * too, by the first test file that needs them, and removed by the global teardown.
 *
 * A slow machine must make the run slow, never failing: package.json's "jest" section gives each test
 * and hook 10 minutes (testTimeout), far beyond what a loaded machine needs, and recycles a worker whose
 * heap passed 512 MB after a file (workerIdleMemoryLimit), since a worker still holding most of a gigabyte
 * at the end takes longer than Jest's fixed half-second to exit on a loaded machine ("A worker process
 * has failed to exit gracefully": no handle was left open, the heap was just being torn down).
 */
export default async function globalSetup(): Promise<void> {
  // Names what this run leaves in shared places (the transpiled project, the demo template), for the teardown.
  process.env.PARVIS_TEST_RUN_ID = String(process.pid);
  removeTranspiledProjects();
  const config = loadConfig(toolEnvironment());
  const cluster = await ScratchCluster.start(config.databaseUrl);
  const template = `parvis_template_${process.pid}`;
  try {
    await cluster.dropDatabase(template);
    const url = await cluster.createDatabase(template);
    await runMigrations(url);
  } catch (error) {
    // Jest skips the teardown when the set-up fails: clean up now.
    await cluster.dropDatabase(template).catch(() => undefined);
    await cluster.stop();
    throw error;
  }
  (globalThis as { parvisCluster?: ScratchCluster }).parvisCluster = cluster;
  process.env.PARVIS_TEST_ADMIN_URL = cluster.adminUrl;
  process.env.PARVIS_TEST_TEMPLATE = template;
}
