import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { isAlive } from '../../src/database/scratch-cluster';

/** The project folder: where `src/main.ts` and `src/cli/main.ts` are run from. */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');

/**
 * The environment of a child process started by a test: PATH and HOME, plus what the test gives.
 * Nothing else leaks in from the shell running the tests (DATABASE_URL, PARVIS_PASSWORD, a data dir…).
 */
export function cleanEnv(env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env };
}

// ---------------------------------------------------------------------------------------------------
// The project transpiled once per test run

/**
 * Inside node_modules, so that the transpiled files find the project's packages as the sources do
 * (Node looks for node_modules in the folders above a file).
 */
const BUILD_ROOT = join(PROJECT_ROOT, 'node_modules', '.cache', 'parvis-test-build');
const COMPLETE = '.complete';

/** The test run (the global set-up's process): names what it leaves in shared places, for the teardown to remove. */
export function runId(): string {
  return process.env.PARVIS_TEST_RUN_ID ?? `p${process.pid}`;
}

/**
 * src/, migrations/ and test/support/ transpiled file by file with the project's tsconfig, exactly what
 * `ts-node --transpile-only` does as it loads each file, but once per test run instead of once per
 * child process (about 4 s of CPU each for the whole application). Returns the folder that mirrors the
 * project's: `<folder>/src/cli/main.js`. The first test file to ask builds it; one that asks at the
 * same time builds its own copy and keeps whichever was renamed into place first.
 */
export function transpiledProject(): string {
  const target = join(BUILD_ROOT, runId());
  if (existsSync(join(target, COMPLETE))) return target;
  const staging = `${target}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    transpileProject(staging);
    writeFileSync(join(staging, COMPLETE), '');
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another file renamed its build into place first: use that one.
    if (!existsSync(join(target, COMPLETE))) throw error;
  }
  return target;
}

function transpileProject(outDir: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a 9 MB compiler, loaded only by the file that builds
  const ts = require('typescript') as typeof import('typescript');
  const configFile = join(PROJECT_ROOT, 'tsconfig.json');
  const { config } = ts.readConfigFile(configFile, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, PROJECT_ROOT, undefined, configFile);
  const compilerOptions = { ...options, sourceMap: false, incremental: false, tsBuildInfoFile: undefined };
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.spec.ts')) {
        const output = ts.transpileModule(readFileSync(path, 'utf8'), { compilerOptions, fileName: path }).outputText;
        const target = join(outDir, relative(PROJECT_ROOT, path)).replace(/\.ts$/, '.js');
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, output);
      }
    }
  };
  // test/support: seed-demo-database.ts, which demo-template.ts runs.
  for (const folder of ['src', 'migrations', join('test', 'support')]) visit(join(PROJECT_ROOT, folder));
}

/** Global teardown: this run's build, and those of runs that were killed before their teardown. */
export function removeTranspiledProjects(): void {
  const current = runId();
  const entries = existsSync(BUILD_ROOT) ? readdirSync(BUILD_ROOT) : [];
  for (const name of entries) {
    const owner = Number(/^p?(\d+)/.exec(name)?.[1]);
    if (name === current || name.startsWith(`${current}.`) || !isAlive(owner)) rmSync(join(BUILD_ROOT, name), { recursive: true, force: true });
  }
}


// ---------------------------------------------------------------------------------------------------
// Running an entry point to its end

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node …args` to its end, in a clean environment plus `env`, from the project folder; what it
 * printed on each stream and its exit code.
 */
export function runNode(args: string[], env: Record<string, string> = {}): Promise<ScriptResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
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

/**
 * Runs a TypeScript entry point of src/ as `npx ts-node --transpile-only <entry> …args` would
 * (without npm's own output), to its end, in a clean environment plus `env`, from the project folder.
 * The entry runs from the test run's transpiled copy (transpiledProject), which is the same code.
 */
export function runTypeScript(entry: string, args: string[] = [], env: Record<string, string> = {}): Promise<ScriptResult> {
  return runNode([join(transpiledProject(), entry.replace(/\.ts$/, '.js')), ...args], env);
}
