import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  killLeftovers, postgresProcessesOf, postmasterPid, startService, STEP_TIMEOUT_MS, waitForExit, waitForOutput, waitUntilReady,
} from './support/service-process';

/**
 * The real service as `npm start` runs it (embedded PostgreSQL included), started and stopped the way
 * an operator would: one instance per data folder, a clean stop on SIGTERM, and a restart that copes
 * with a run that was killed.
 */
describe('the service as a process', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'parvis-process-'));
    // As root, PostgreSQL runs as the "postgres" user, which must be able to enter this folder.
    chmodSync(dataDir, 0o755);
  });

  afterAll(() => {
    // Only if a test failed half-way: stop what this file started, then remove its folder.
    killLeftovers(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second start on the same data folder, then stops cleanly on SIGTERM', async () => {
    const first = await startService(dataDir);
    await waitUntilReady(first);
    expect(postgresProcessesOf(dataDir).length).toBeGreaterThan(0);

    const second = await startService(dataDir);
    const secondExit = await waitForExit(second);
    expect(secondExit.code).not.toBe(0);
    expect(secondExit.code).not.toBeNull();
    expect(second.output()).toContain('already running');
    // The refused start left the running one alone.
    expect((await fetch(`http://127.0.0.1:${first.port}/health/ready`)).status).toBe(200);

    first.child.kill('SIGTERM');
    const firstExit = await waitForExit(first);
    expect(firstExit).toEqual({ code: 0, signal: null });
    expect(first.output()).toContain('Stopped cleanly');
    expect(postgresProcessesOf(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'parvis.pid'))).toBe(false);
  }, 4 * STEP_TIMEOUT_MS);

  it('starts again after a run was killed with SIGKILL, taking over from its orphan PostgreSQL', async () => {
    const killed = await startService(dataDir);
    await waitUntilReady(killed);
    const orphan = postmasterPid(dataDir);
    killed.child.kill('SIGKILL');
    expect(await waitForExit(killed)).toEqual({ code: null, signal: 'SIGKILL' });
    // PostgreSQL runs in its own process group: it outlives the killed service and keeps the folder.
    expect(postgresProcessesOf(dataDir)).toContain(orphan);
    expect(existsSync(join(dataDir, 'parvis.pid'))).toBe(true);

    const next = await startService(dataDir);
    await waitUntilReady(next);
    expect(next.output()).toMatch(/orphan PostgreSQL|stale/);
    expect(postgresProcessesOf(dataDir)).not.toContain(orphan);

    next.child.kill('SIGTERM');
    expect(await waitForExit(next)).toEqual({ code: 0, signal: null });
    expect(postgresProcessesOf(dataDir)).toEqual([]);
  }, 4 * STEP_TIMEOUT_MS);

  it('stops cleanly on SIGTERM while it is still starting, leaving no PostgreSQL behind', async () => {
    const starting = await startService(dataDir);
    await waitForOutput(starting, 'Starting the embedded PostgreSQL');
    starting.child.kill('SIGTERM');
    expect(await waitForExit(starting)).toEqual({ code: 0, signal: null });
    expect(postgresProcessesOf(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'parvis.pid'))).toBe(false);
  }, 4 * STEP_TIMEOUT_MS);
});
