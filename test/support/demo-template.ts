import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScratchCluster } from '../../src/database/scratch-cluster';
import { cleanEnv, PROJECT_ROOT, transpiledProject } from './processes';

export interface DemoTemplate {
  /** Database holding the migrated schema and the whole Anor demo content, to clone. */
  database: string;
  /** Media folder whose files the demo content refers to (originals of its pictures and PDF acts). */
  mediaDir: string;
}

/**
 * Once per `npm test`, in the global set-up: the migrated template cloned, and the demo commune loaded
 * into it the way `npm run seed` does (seed-demo-database.ts: same module, same seeder, local media
 * storage), so that a test file that only needs the demo content clones it (createTestApp(…, { demo:
 * true })) instead of seeding for itself. test/seed.e2e-spec.ts still seeds for real.
 *
 * The seed runs in a child process: loaded into Jest's own process, the application would stay there,
 * and a file run in band (`npx jest one.e2e-spec.ts`) would build its GraphQL schema against it and fail.
 */
export async function buildDemoTemplate(cluster: ScratchCluster, migratedTemplate: string, name: string): Promise<DemoTemplate> {
  await cluster.dropDatabase(name);
  const url = await cluster.createDatabase(name, migratedTemplate);
  const mediaDir = mkdtempSync(join(tmpdir(), 'parvis-demo-media-'));
  try {
    const script = join(transpiledProject(), 'test', 'support', 'seed-demo-database.js');
    const outcome = await new Promise<{ code: number | null; output: string }>((resolvePromise, reject) => {
      const child = spawn(process.execPath, [script], {
        cwd: PROJECT_ROOT,
        env: cleanEnv({ PARVIS_DEMO_DATABASE_URL: url, PARVIS_DEMO_MEDIA_DIR: mediaDir }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolvePromise({ code, output }));
    });
    if (outcome.code !== 0) throw new Error(`Loading the demo content into the template failed (exit ${outcome.code}):\n${outcome.output}`);
  } catch (error) {
    rmSync(mediaDir, { recursive: true, force: true });
    await cluster.dropDatabase(name);
    throw error;
  }
  return { database: name, mediaDir };
}
