import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cleanEnv, PROJECT_ROOT, transpiledProject } from './processes';

/**
 * The real service as `npm start` runs it (embedded PostgreSQL in its own data folder), as a child
 * process, from the test run's transpiled copy of src/ (the same code, without ts-node's start-up).
 */
export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Only there to name the step that hangs: generous, since a loaded machine is slow, not broken. */
export const STEP_TIMEOUT_MS = 5 * 60_000;

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

export async function startService(dataDir: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const port = await freeServicePort();
  const child = spawn(process.execPath, [join(transpiledProject(), 'src', 'main.js')], {
    cwd: PROJECT_ROOT,
    env: cleanEnv({
      PORT: String(port),
      HOST: '127.0.0.1',
      PARVIS_DATA_DIR: dataDir,
      NODE_ENV: 'development',
      SEED_DEMO_CONTENT: 'false',
      LOG_PRETTY: 'false',
      LOG_LEVEL: 'warn',
      ...env,
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

/** Until the service printed `text`; throws if it ended first or the step timed out. */
export async function waitForOutput(service: ServiceProcess, text: string): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (!service.output().includes(text)) {
    const ended = service.child.exitCode !== null || service.child.signalCode !== null;
    if (ended || Date.now() > deadline) throw new Error(`No "${text}" in the output:\n${service.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Until `/health/ready` answers 200; throws if the service exited first or the step timed out. */
export async function waitUntilReady(service: ServiceProcess): Promise<void> {
  // Listening first (printed after listen succeeded), so the probe below cannot reach another
  // process that took the same free port in the meantime.
  await waitForOutput(service, '[parvis] Health:');
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let hasExited = false;
  void service.exited.then(() => (hasExited = true));
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`The service exited before it was ready:\n${service.output()}`);
    const status = await fetch(`http://127.0.0.1:${service.port}/health/ready`).then((res) => res.status, () => 0); // 0: not listening yet
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The service was not ready within ${STEP_TIMEOUT_MS / 1000} s:\n${service.output()}`);
}

export async function waitForExit(service: ServiceProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
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
 * Live PostgreSQL processes of a data folder: the postmaster (its command line names the folder)
 * and its children (whose command lines PostgreSQL rewrites to "postgres: checkpointer" etc.).
 * Zombies are not counted: they hold nothing.
 */
export function postgresProcessesOf(dataDir: string): number[] {
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

/** The pid of the embedded PostgreSQL's postmaster, from its postmaster.pid. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** afterAll: whatever a failed test left running (services, then their PostgreSQL). */
export function killLeftovers(dataDir: string): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of postgresProcessesOf(dataDir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
