import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOGIN } from './support/auth-helpers';
import { PROJECT_ROOT, runNode, runTypeScript, ScriptResult } from './support/processes';
import {
  killLeftovers, postgresProcessesOf, ServiceProcess, startService, STEP_TIMEOUT_MS, waitForExit, waitUntilReady,
} from './support/service-process';

/**
 * The admin CLI on the embedded database of a data folder, with and without the server running: it
 * uses the running server's PostgreSQL (no need to stop the server), or starts one for the command
 * when no server runs.
 */
describe('admin CLI beside the server', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'parvis-cli-'));
    chmodSync(dataDir, 0o755);
  });

  afterAll(() => {
    killLeftovers(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  function cli(args: string[], env: Record<string, string> = {}): Promise<ScriptResult> {
    return runTypeScript('src/cli/main.ts', args, { NODE_ENV: 'development', PARVIS_DATA_DIR: dataDir, ...env });
  }

  async function login(service: ServiceProcess, email: string, password: string): Promise<{ data?: { login?: { user: { email: string } } } }> {
    const res = await fetch(`http://127.0.0.1:${service.port}/graphql`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: LOGIN, variables: { email, password } }),
    });
    return (await res.json()) as { data?: { login?: { user: { email: string } } } };
  }

  it('users:create works while the server runs, on the server\'s own database, and the server keeps serving', async () => {
    const service = await startService(dataDir);
    await waitUntilReady(service);

    const created = await cli(['users:create', '--email', 'maire@anor.fr', '--name', 'La Maire', '--role', 'admin'],
      { PARVIS_PASSWORD: 'le mot de passe de la maire' });
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(/^Created admin maire@anor\.fr/);

    // The account is in the server's database: the running server logs it in at once.
    expect((await login(service, 'maire@anor.fr', 'le mot de passe de la maire')).data?.login?.user.email).toBe('maire@anor.fr');
    const list = await cli(['users:list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/maire@anor\.fr\s+admin\s+active\s+La Maire/);
    expect((await fetch(`http://127.0.0.1:${service.port}/health/ready`)).status).toBe(200);

    service.child.kill('SIGTERM');
    expect(await waitForExit(service)).toEqual({ code: 0, signal: null });
  }, 3 * STEP_TIMEOUT_MS);

  it('works when no server runs (starting the database for the command) and leaves nothing running', async () => {
    const list = await cli(['users:list']);
    expect(list).toMatchObject({ code: 0, stderr: '' });
    expect(list.stdout).toMatch(/maire@anor\.fr\s+admin/);
    expect(postgresProcessesOf(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'parvis.pid'))).toBe(false);
  }, STEP_TIMEOUT_MS);

  it('`npm run cli` runs the sources through a cache of transpiled files (no ts-node)', async () => {
    const cache = join(PROJECT_ROOT, 'node_modules', '.cache', 'parvis-cli');
    const result = await runNode(['src/cli/launch.cjs', 'help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Usage: npm run cli -- <command> [options]');
    expect(result.stdout).toContain('users:create --email');
    expect(readdirSync(cache).filter((name) => name.endsWith('.js')).length).toBeGreaterThan(0);
  }, STEP_TIMEOUT_MS);
});
