import type { ScratchCluster } from '../../src/database/scratch-cluster';

export default async function globalTeardown(): Promise<void> {
  const cluster = (globalThis as { parvisCluster?: ScratchCluster }).parvisCluster;
  if (!cluster) return;
  const template = process.env.PARVIS_TEST_TEMPLATE;
  if (template) await cluster.dropDatabase(template);
  await cluster.stop();
}
