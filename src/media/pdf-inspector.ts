import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG, AppConfig } from '../config/config';
import { PdfInspection } from './pdf-inspection';

type WorkerAnswer = { ready: true } | { id: number; result?: PdfInspection; failure?: string };

/** A worker that inspected nothing for this long is stopped (pdf-lib and the last file's garbage go with it). */
const IDLE_MS = 60 * 1000;

/**
 * Runs `inspectPdf` (pdf-inspection.ts) in a worker thread with a time and memory budget
 * (`MEDIA_PDF_CHECK_TIMEOUT_MS`, `MEDIA_PDF_CHECK_MEMORY_MB`): pdf-lib parses a whole file
 * synchronously, at up to 3 s per MB for a hostile one, and on the main thread one upload stalled
 * every request for seconds. A file that takes longer is refused and its worker terminated (which
 * interrupts the parse); one that needs more memory is refused when the worker hits its heap limit
 * (`resourceLimits`). Files are inspected one after the other (the budget runs from the moment a
 * file's inspection starts, not while it waits), so at most one core is ever busy with PDFs.
 */
@Injectable()
export class PdfInspector implements OnModuleDestroy {
  private readonly logger = new Logger('Media');
  private readonly budget: AppConfig['media']['pdfCheck'];
  private worker: { thread: Worker; ready: Promise<void> } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.budget = config.media.pdfCheck;
  }

  /** Inspects the PDF at `path` (a received upload): its page count and title, or why it is refused. */
  inspect(path: string): Promise<PdfInspection> {
    const run = this.queue.then(() => this.runOne(path));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.stop();
  }

  private async runOne(path: string): Promise<PdfInspection> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    let thread: Worker | undefined;
    try {
      thread = await this.ensureWorker();
      // Only a running inspection keeps the process alive, not an idle worker (a script, a test run).
      thread.ref();
      return await this.ask(thread, path);
    } finally {
      thread?.unref();
      this.idleTimer = setTimeout(() => void this.stop(), IDLE_MS);
      this.idleTimer.unref();
    }
  }

  private ask(thread: Worker, path: string): Promise<PdfInspection> {
    const id = this.nextId++;
    return new Promise<PdfInspection>((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        thread.off('message', onMessage);
        thread.off('error', onError);
        thread.off('exit', onExit);
        outcome();
      };
      const onMessage = (answer: WorkerAnswer): void => {
        if (!('id' in answer) || answer.id !== id) return;
        settle(() => (answer.result ? resolve(answer.result) : reject(new Error(`PDF inspection failed: ${answer.failure ?? 'no answer'}`))));
      };
      const onError = (error: Error & { code?: string }): void => settle(() => {
        if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(error);
          return;
        }
        this.logger.warn(`Refused a PDF that needed more than ${this.budget.memoryMb} MB to read`);
        resolve({
          refused: `This PDF needs more than ${this.budget.memoryMb} MB of memory to be read, the limit for checking one file: it is damaged `
            + 'or built in an unusual way. Print it to PDF, or export it again from the original document, and upload it again.',
        });
      });
      const onExit = (): void => settle(() => reject(new Error('The PDF checker stopped')));
      const timer = setTimeout(() => settle(() => {
        // terminate() interrupts the parse; the next file gets a new worker.
        void this.stop(thread);
        this.logger.warn(`Refused a PDF that could not be read within ${duration(this.budget.timeoutMs)}`);
        resolve({
          refused: `This PDF could not be read within ${duration(this.budget.timeoutMs)}, the time allowed to check one file: it is damaged `
            + 'or built in an unusual way. Print it to PDF, or export it again from the original document, and upload it again.',
        });
      }), this.budget.timeoutMs);
      thread.on('message', onMessage);
      thread.on('error', onError);
      thread.on('exit', onExit);
      thread.postMessage({ id, path });
    });
  }

  /** The worker, started (and pdf-lib loaded) before any budget starts counting. */
  private async ensureWorker(): Promise<Worker> {
    if (!this.worker) {
      // Built code runs the .js worker; under ts-node or ts-jest the .ts one, compiled as it loads.
      const extension = extname(__filename);
      const thread = new Worker(join(__dirname, `pdf-inspect.worker${extension}`), {
        execArgv: extension === '.ts' ? ['--require', 'ts-node/register/transpile-only'] : [],
        resourceLimits: { maxOldGenerationSizeMb: this.budget.memoryMb },
      });
      const ready = new Promise<void>((resolve, reject) => {
        thread.once('message', () => resolve());
        thread.once('error', reject);
        thread.once('exit', () => reject(new Error('The PDF checker stopped while starting')));
      });
      // A worker dying between files (or after a refusal) is started again on the next file.
      thread.on('error', () => undefined);
      thread.on('exit', () => {
        if (this.worker?.thread === thread) this.worker = undefined;
      });
      this.worker = { thread, ready };
    }
    const { thread, ready } = this.worker;
    await ready;
    return thread;
  }

  private async stop(thread = this.worker?.thread): Promise<void> {
    if (!thread) return;
    if (this.worker?.thread === thread) this.worker = undefined;
    await thread.terminate();
  }
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
