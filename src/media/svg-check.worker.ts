import { parentPort } from 'node:worker_threads';
import { sanitiseSvg } from './svg-safety';

/** Worker thread of SvgChecker: checks one SVG per message, so the event loop never waits for jsdom. */
export interface SvgCheckRequest {
  id: number;
  bytes: Uint8Array;
}

parentPort?.on('message', ({ id, bytes }: SvgCheckRequest) => {
  try {
    parentPort?.postMessage({ id, result: sanitiseSvg(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) });
  } catch (error) {
    parentPort?.postMessage({ id, failure: error instanceof Error ? error.message : String(error) });
  }
});
