import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Who holds the data folder: the server (`npm start`) or an admin command (`npm run cli`). */
export type InstanceRole = 'server' | 'cli';

/** Another Parvis process holds the data folder. */
export class InstanceLockedError extends Error {
  constructor(message: string, readonly holderPid: number, readonly holderRole: InstanceRole) {
    super(message);
  }
}

/**
 * One embedded PostgreSQL per data folder: a second `npm start` on the same folder must fail with a
 * clear message instead of starting a second PostgreSQL on the same cluster files. The lock file
 * holds the owner's pid and role (`<pid>\n<role>\n`; a file with the pid alone is a server's). An
 * admin command that finds the server holding it uses the server's PostgreSQL instead of starting
 * its own (database-runtime.ts).
 */
export class InstanceLock {
  private constructor(private readonly file: string) {}

  static acquire(dataDir: string, role: InstanceRole = 'server'): InstanceLock {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'parvis.pid');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o644);
        writeSync(fd, `${process.pid}\n${role}\n`);
        closeSync(fd);
        return new InstanceLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readHolder(file);
        if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
          const message = holder.role === 'server'
            ? `Parvis is already running with this data folder (${dataDir}, pid ${holder.pid}). ` +
              'Stop it first, or use another PARVIS_DATA_DIR and PORT.'
            : `An admin command (npm run cli, pid ${holder.pid}) is using this data folder (${dataDir}); it ends in a few seconds.`;
          throw new InstanceLockedError(message, holder.pid, holder.role);
        }
        // Left by a run that was killed: take it over.
        rmSync(file, { force: true });
      }
    }
    throw new Error(`Could not take the instance lock ${file}`);
  }

  release(): void {
    rmSync(this.file, { force: true });
  }
}

function readHolder(file: string): { pid: number; role: InstanceRole } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined; // removed meanwhile
  }
  const [pidLine, roleLine] = text.split('\n');
  const pid = Number(pidLine.trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, role: roleLine?.trim() === 'cli' ? 'cli' : 'server' };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
