import type { ScratchCluster } from '../../src/database/scratch-cluster';
import { dropDemoTemplate } from './demo-template';
import { removeTranspiledProjects } from './processes';

export default async function globalTeardown(): Promise<void> {
  removeTranspiledProjects();
  const cluster = (globalThis as { parvisCluster?: ScratchCluster }).parvisCluster;
  if (!cluster) return;
  await dropDemoTemplate((name) => cluster.dropDatabase(name));
  const template = process.env.PARVIS_TEST_TEMPLATE;
  if (template) await cluster.dropDatabase(template);
  await cluster.stop();
}
