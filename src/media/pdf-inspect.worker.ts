import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { inspectPdf } from './pdf-inspection';

/**
 * Worker thread of PdfInspector: reads and inspects one PDF per message (the file is read here, so
 * its bytes never pass through the main thread), and says it is ready once pdf-lib is loaded, so
 * that loading does not count in the first file's time budget.
 */
export interface PdfInspectRequest {
  id: number;
  path: string;
}

parentPort?.on('message', ({ id, path }: PdfInspectRequest) => {
  readFile(path)
    .then((bytes) => inspectPdf(bytes))
    .then((result) => parentPort?.postMessage({ id, result }))
    .catch((error: unknown) => parentPort?.postMessage({ id, failure: error instanceof Error ? error.message : String(error) }));
});
parentPort?.postMessage({ ready: true });
