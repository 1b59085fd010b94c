import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The project folder: where `src/main.ts` and `src/cli/main.ts` are run from. */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');

/**
 * The environment of a child process started by a test: PATH and HOME, plus what the test gives.
 * Nothing else leaks in from the shell running the tests (DATABASE_URL, PARVIS_PASSWORD, a data dir…).
 */
export function cleanEnv(env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env };
}

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript entry point as `npx ts-node --transpile-only <entry> …args` would (without npm's own
 * output), to its end, in a clean environment plus `env`.
 */
export function runTypeScript(entry: string, args: string[] = [], env: Record<string, string> = {}): Promise<ScriptResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', entry, ...args], {
      cwd: PROJECT_ROOT,
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
