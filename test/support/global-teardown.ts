import { rmSync } from 'node:fs';
import type { ScratchCluster } from '../../src/database/scratch-cluster';
import { removeTranspiledProjects } from './processes';

export default async function globalTeardown(): Promise<void> {
  const cluster = (globalThis as { parvisCluster?: ScratchCluster }).parvisCluster;
  removeTranspiledProjects();
  const demoMedia = process.env.PARVIS_TEST_DEMO_MEDIA;
  if (demoMedia) rmSync(demoMedia, { recursive: true, force: true });
  if (!cluster) return;
  for (const template of [process.env.PARVIS_TEST_DEMO_TEMPLATE, process.env.PARVIS_TEST_TEMPLATE]) {
    if (template) await cluster.dropDatabase(template);
  }
  await cluster.stop();
}
