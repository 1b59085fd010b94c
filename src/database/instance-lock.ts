import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Another Parvis process holds the data folder. */
export class InstanceLockedError extends Error {}

/**
 * One Parvis per data folder: a second `npm start` on the same folder must fail with a clear
 * message instead of starting a second PostgreSQL on the same cluster files.
 */
export class InstanceLock {
  private constructor(private readonly file: string) {}

  static acquire(dataDir: string): InstanceLock {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'parvis.pid');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o644);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new InstanceLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number(readFileSync(file, 'utf8').trim());
        if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
          throw new InstanceLockedError(`Parvis is already running with this data folder (${dataDir}, pid ${holder}). ` +
            'Stop it first, or use another PARVIS_DATA_DIR and PORT.');
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
