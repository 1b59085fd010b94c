import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { loadConfig } from '../src/config/config';
import { PdfInspector } from '../src/media/pdf-inspector';
import { slowPdf } from '../test/support/hostile-pdfs';

/**
 * `npm run bench -- --pdf` (or `npm run bench:pdf`): what inspecting an uploaded PDF costs, and how
 * long the main thread (which answers every other request) stalls meanwhile, for 1, 5 and 20 MB files
 * of three kinds: a scan (a few large image streams, the usual signed act), a long text (many small
 * objects) and a damaged file (noise pdf-lib reads byte by byte, the worst case). Each is inspected
 * by PdfInspector (a worker thread, with the configured budget) and, for comparison, the way it was
 * done before (pdf-lib on the main thread). The stall is the longest gap between ticks of a 5 ms
 * timer on the main thread. No database and no HTTP: this measures the inspection alone.
 *
 * Options (environment): MEDIA_PDF_CHECK_TIMEOUT_MS / MEDIA_PDF_CHECK_MEMORY_MB (the budget, as in
 * production: 20 s and 512 MB by default), BENCH_PDF_SIZES (default `1,5,20`), BENCH_PDF_MAIN_THREAD_MAX_MB
 * (largest damaged file also parsed on the main thread, default 1: at 1.5 to 6 s per MB, a 20 MB one
 * blocks for minutes).
 */

interface Measure {
  ms: number;
  /** Longest time the main thread could not run a timer, during the measure. */
  stallMs: number;
  outcome: string;
}

interface PdfBenchRow {
  kind: string;
  megabytes: number;
  bytes: number;
  worker: Measure;
  mainThread: Measure | null;
}

/** Runs `work` while a 5 ms timer measures how late the main thread gets to it. */
async function measure(work: () => Promise<string>): Promise<Measure> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  const outcome = await work().catch((error: unknown) => `failed: ${error instanceof Error ? error.message : String(error)}`);
  const ended = performance.now();
  clearInterval(ticker);
  stallMs = Math.max(stallMs, ended - last);
  return { ms: Math.round(ended - started), stallMs: Math.round(stallMs), outcome };
}

/** A scanned document: one page per ~200 kB stream of image-like bytes (pdf-lib does not decode streams). */
function scannedPdf(megabytes: number): Buffer {
  const pages = Math.max(1, Math.round((megabytes * 1024 * 1024) / (200 * 1024)));
  return handWritten(pages, () => randomBytes(Math.round((megabytes * 1024 * 1024) / pages)).toString('latin1'));
}

/** A long text: one page per ~2 kB uncompressed content stream, hence thousands of objects. */
function textPdf(megabytes: number): Buffer {
  const line = (n: number): string => `BT /F1 10 Tf 40 ${800 - (n % 40) * 18} Td (Ligne ${n} du registre des deliberations, texte integral) Tj ET\n`;
  const pages = Math.max(1, Math.round((megabytes * 1024 * 1024) / 2200));
  return handWritten(pages, (index) => Array.from({ length: 24 }, (_, n) => line(index * 24 + n)).join(''));
}

/** Catalog, page tree, then per page its dictionary and one stream; a correct cross-reference table. */
function handWritten(pages: number, streamOf: (index: number) => string): Buffer {
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let size = 0;
  const push = (text: string): void => {
    const bytes = Buffer.from(text, 'latin1');
    chunks.push(bytes);
    size += bytes.length;
  };
  const object = (number: number, body: string): void => {
    offsets[number] = size;
    push(`${number} 0 obj\n${body}\nendobj\n`);
  };
  push('%PDF-1.7\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, `<< /Type /Pages /Count ${pages} /Kids [${Array.from({ length: pages }, (_, index) => `${3 + index * 2} 0 R`).join(' ')}] >>`);
  for (let index = 0; index < pages; index++) {
    const stream = streamOf(index);
    object(3 + index * 2, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${4 + index * 2} 0 R >>`);
    object(4 + index * 2, `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
  }
  const count = 3 + pages * 2;
  const xref = size;
  push(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let number = 1; number < count; number++) push(`${String(offsets[number]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(chunks);
}

const KINDS: { kind: string; make: (megabytes: number) => Buffer }[] = [
  { kind: 'scan', make: scannedPdf },
  { kind: 'text', make: textPdf },
  { kind: 'damaged', make: slowPdf },
];

export async function runPdfInspectionBench(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const sizes = (process.env.BENCH_PDF_SIZES ?? '1,5,20').split(',').map(Number).filter((size) => size > 0);
  const mainThreadMax = Number(process.env.BENCH_PDF_MAIN_THREAD_MAX_MB ?? 1);
  // The inspector's warnings (refused files) would break the table.
  Logger.overrideLogger(false);
  const inspector = new PdfInspector(config);
  const folder = mkdtempSync(join(tmpdir(), 'parvis-bench-pdf-'));
  const rows: PdfBenchRow[] = [];
  const { timeoutMs, memoryMb } = config.media.pdfCheck;
  process.stdout.write(`PDF inspection, budget ${timeoutMs} ms and ${memoryMb} MB per file; stall = longest main-thread pause\n\n`);
  process.stdout.write('kind     MB   worker: ms  stall ms  outcome                         main thread: ms  stall ms\n');
  try {
    // Start the worker (and load pdf-lib in it) before measuring, as the first upload after start would.
    const warmUp = join(folder, 'warm-up.pdf');
    writeFileSync(warmUp, textPdf(0.01));
    await inspector.inspect(warmUp);
    for (const { kind, make } of KINDS) {
      for (const megabytes of sizes) {
        const bytes = make(megabytes);
        const file = join(folder, `${kind}-${megabytes}.pdf`);
        writeFileSync(file, bytes);
        const worker = await measure(async () => {
          const result = await inspector.inspect(file);
          return 'refused' in result ? `refused: ${result.refused.slice(0, 40)}…` : `${result.pageCount} pages`;
        });
        const onMainThread = kind !== 'damaged' || megabytes <= mainThreadMax;
        const mainThread = onMainThread ? await measure(async () => {
          const pdf = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
          return `${pdf.getPageCount()} pages`;
        }) : null;
        rows.push({ kind, megabytes, bytes: bytes.length, worker, mainThread });
        process.stdout.write(`${kind.padEnd(8)} ${String(megabytes).padStart(3)}  ${String(worker.ms).padStart(10)}  ${String(worker.stallMs).padStart(8)}  `
          + `${worker.outcome.slice(0, 30).padEnd(30)}  ${mainThread ? `${String(mainThread.ms).padStart(15)}  ${String(mainThread.stallMs).padStart(8)}` : '        skipped'}\n`);
      }
    }
  } finally {
    await inspector.onModuleDestroy();
    rmSync(folder, { recursive: true, force: true });
  }
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: cpus().length, totalMemoryMb: Math.round(totalmem() / 1048576) },
    budget: { timeoutMs, memoryMb },
    pdfInspection: rows,
  };
  const results = join(__dirname, 'results');
  mkdirSync(results, { recursive: true });
  const out = join(results, `pdf-inspection-${report.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(`\nWritten to ${out}\n`);
}

if (require.main === module) {
  runPdfInspectionBench().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
