import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cleanEnv, PROJECT_ROOT } from './support/processes';

/**
 * The real service as `npm start` runs it (embedded PostgreSQL included), started and stopped the way
 * an operator would: one instance per data folder, a clean stop on SIGTERM, and a restart that copes
 * with a run that was killed.
 */
/** Only there to name the step that hangs: generous, since a loaded machine is slow, not broken. */
const STEP_TIMEOUT_MS = 5 * 60_000;

interface Service {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: ChildProcess[] = [];

/**
 * A free port for the service, below Linux's ephemeral range (32768+): the service's embedded
 * PostgreSQL asks the system for a free port, which could otherwise be this very one.
 */
async function freeServicePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolvePromise) => {
      const server = createServer();
      server.once('error', () => resolvePromise(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
    });
    if (free) return port;
  }
}

async function startService(dataDir: string): Promise<Service> {
  const port = await freeServicePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: cleanEnv({
      PORT: String(port),
      HOST: '127.0.0.1',
      PARVIS_DATA_DIR: dataDir,
      NODE_ENV: 'development',
      SEED_DEMO_CONTENT: 'false',
      LOG_PRETTY: 'false',
      LOG_LEVEL: 'warn',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolvePromise) =>
    child.once('exit', (code, signal) => resolvePromise({ code, signal })));
  return { child, port, output: () => output, exited };
}

async function waitForOutput(service: Service, text: string): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (!service.output().includes(text)) {
    const ended = service.child.exitCode !== null || service.child.signalCode !== null;
    if (ended || Date.now() > deadline) throw new Error(`No "${text}" in the output:\n${service.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitUntilReady(service: Service): Promise<void> {
  // Listening first (printed after listen succeeded), so the probe below cannot reach another
  // process that took the same free port in the meantime.
  await waitForOutput(service, '[parvis] Health:');
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let hasExited = false;
  void service.exited.then(() => (hasExited = true));
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`The service exited before it was ready:\n${service.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${service.port}/health/ready`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The service was not ready within ${STEP_TIMEOUT_MS / 1000} s:\n${service.output()}`);
}

async function waitForExit(service: Service): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The service did not exit within ${STEP_TIMEOUT_MS / 1000} s:\n${service.output()}`)), STEP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([service.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function readProc(pid: string, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return ''; // gone meanwhile
  }
}

/**
 * Live PostgreSQL processes of this data folder: the postmaster (its command line names the folder)
 * and its children (whose command lines PostgreSQL rewrites to "postgres: checkpointer" etc.).
 * Zombies are not counted: they hold nothing.
 */
function postgresProcessesOf(dataDir: string): number[] {
  const entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  const alive = (pid: string): boolean => !/^State:\s+Z/m.test(readProc(pid, 'status'));
  const postmasters = entries.filter((pid) => {
    const argv = readProc(pid, 'cmdline').split('\0');
    return argv.some((arg) => arg.includes('postgres')) && argv.some((arg) => arg.startsWith(dataDir)) && alive(pid);
  });
  const children = entries.filter((pid) => {
    const parent = /^PPid:\s+(\d+)/m.exec(readProc(pid, 'status'))?.[1];
    return parent !== undefined && postmasters.includes(parent) && alive(pid);
  });
  return [...postmasters, ...children].map(Number);
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

describe('the service as a process', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'parvis-process-'));
    // As root, PostgreSQL runs as the "postgres" user, which must be able to enter this folder.
    chmodSync(dataDir, 0o755);
  });

  afterAll(() => {
    // Only if a test failed half-way: stop what this file started, then remove its folder.
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const pid of postgresProcessesOf(dataDir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
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
