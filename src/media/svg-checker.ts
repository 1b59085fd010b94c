import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SvgCheck } from './svg-safety';

type Pending = { resolve: (check: SvgCheck) => void; reject: (error: Error) => void };
type WorkerAnswer = { id: number; result?: SvgCheck; failure?: string };

/** A worker that checked nothing for this long is stopped, returning jsdom's memory (about 65 MB). */
const IDLE_MS = 5 * 60 * 1000;

/**
 * Runs `sanitiseSvg` (svg-safety.ts) in one worker thread, started on the first SVG: a check takes
 * 15–35 ms for a logo but up to 1–2 s at the size limits, which must not stall every other request.
 * Checks queue in the worker one after the other. A crashed worker fails its pending checks and is
 * started again on the next one.
 */
@Injectable()
export class SvgChecker implements OnModuleDestroy {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  check(bytes: Buffer): Promise<SvgCheck> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    return new Promise<SvgCheck>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, bytes });
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // Built code runs the .js worker; under ts-node or ts-jest the .ts one, compiled as it loads.
    const extension = extname(__filename);
    const worker = new Worker(join(__dirname, `svg-check.worker${extension}`), {
      execArgv: extension === '.ts' ? ['--require', 'ts-node/register/transpile-only'] : [],
    });
    worker.on('message', (answer: WorkerAnswer) => this.settle(answer));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error('The SVG checker stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private settle({ id, result, failure }: WorkerAnswer): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (result) pending.resolve(result);
    else pending.reject(new Error(`SVG check failed: ${failure ?? 'no answer'}`));
    if (this.pending.size === 0) {
      this.idleTimer = setTimeout(() => void this.stop(), IDLE_MS);
      this.idleTimer.unref();
    }
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  private async stop(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
