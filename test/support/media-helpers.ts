import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { ClientRequest, IncomingMessage, OutgoingHttpHeaders, request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import request from 'supertest';
import type { TestApp } from './test-app';

const UPLOAD_PATH = '/api/v1/media';

export const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

// ---------------------------------------------------------------------------------------------------
// Files to upload

/** A PNG of one colour ('#rrggbb'); another colour or size gives other bytes, hence a new media. */
export function png(width: number, height: number, colour: string, options: { compressionLevel?: number } = {}): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png(options).toBuffer();
}

/** A JPEG of one colour, with an EXIF orientation when given (6: to be turned a quarter clockwise for display). */
export function jpeg(width: number, height: number, colour: string, options: { orientation?: number } = {}): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: colour } }).jpeg();
  return (options.orientation === undefined ? image : image.withMetadata({ orientation: options.orientation })).toBuffer();
}

export interface PdfOptions {
  /** The title in the document's metadata; none when omitted. */
  title?: string;
  /** How many A4 pages; one when omitted. */
  pages?: number;
  /** The line written on every page; `Page n` when omitted. */
  text?: string;
}

/** A PDF made with pdf-lib. Its creation date is in its bytes, so two calls rarely give the same file. */
export async function pdf({ title, pages = 1, text }: PdfOptions = {}): Promise<Buffer> {
  const document = await PDFDocument.create();
  if (title !== undefined) document.setTitle(title);
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let page = 1; page <= pages; page++) {
    document.addPage([595, 842]).drawText(text ?? `Page ${page}`, { x: 50, y: 780, size: 12, font });
  }
  return Buffer.from(await document.save());
}

// ---------------------------------------------------------------------------------------------------
// Uploading through the API

export interface UploadOptions {
  /** The caller's access token; null uploads anonymously. */
  token: string | null;
  /** The type the client declares for the file (the library detects the real one); application/octet-stream by default. */
  contentType?: string;
  /** Form fields sent with the file, e.g. `{ alt: '…' }` or `{ decorative: 'true' }`. */
  fields?: Record<string, string>;
}

/** POST /api/v1/media as a client does (multipart, the file in `file`); the test asserts on the answer. */
export function postMedia(t: TestApp, bytes: Buffer, filename: string, options: UploadOptions): request.Test {
  const req = t.http().post(UPLOAD_PATH);
  if (options.token) req.set('Authorization', `Bearer ${options.token}`);
  for (const [name, value] of Object.entries(options.fields ?? {})) req.field(name, value);
  return req.attach('file', bytes, { filename, contentType: options.contentType ?? 'application/octet-stream' });
}

/**
 * Uploads a file and returns the media the library answers with; fails the test unless the file
 * was accepted (201 stored, or 200 for bytes the library already holds).
 */
export async function uploadMedia<TMedia>(t: TestApp, bytes: Buffer, filename: string, options: UploadOptions): Promise<TMedia> {
  const res = await postMedia(t, bytes, filename, options);
  expect([200, 201]).toContain(res.status);
  return res.body as TMedia;
}

/** How many media rows there are; with `sha256`, how many hold those bytes. */
export async function countMedia(t: TestApp, sha256?: string): Promise<number> {
  const rows: { n: number }[] = sha256 === undefined
    ? await t.dataSource.query('SELECT count(*)::int AS n FROM media')
    : await t.dataSource.query('SELECT count(*)::int AS n FROM media WHERE sha256 = $1', [sha256]);
  return rows[0].n;
}

// ---------------------------------------------------------------------------------------------------
// Uploads supertest cannot send: cut off, or abandoned half-way (node:http on a real port)

/** Makes the app's HTTP server listen on a free loopback port, for the raw requests below. */
export function listenOnLoopback(t: TestApp): Promise<void> {
  return new Promise<void>((resolve) => t.app.getHttpServer().listen(0, '127.0.0.1', resolve));
}

/** The port the app listens on (after listenOnLoopback). */
export function serverPort(t: TestApp): number {
  const address = t.app.getHttpServer().address() as AddressInfo | null;
  if (!address) throw new Error('The test server is not listening: call listenOnLoopback(t) in beforeAll');
  return address.port;
}

const BOUNDARY = 'parvis-raw-upload-boundary';

/** Opens a multipart POST of one file and writes the part's headers; the caller writes the file's bytes. */
function openFilePart(t: TestApp, token: string, headers: OutgoingHttpHeaders, filename: string, contentType?: string): ClientRequest {
  const req = httpRequest({
    host: '127.0.0.1', port: serverPort(t), method: 'POST', path: UPLOAD_PATH,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers },
  });
  const typeLine = contentType === undefined ? '' : `Content-Type: ${contentType}\r\n`;
  req.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n${typeLine}\r\n`);
  return req;
}

/**
 * Streams a PDF of `size` bytes (chunked: the server cannot know the size in advance and must count
 * while receiving) and never ends the request: resolves with the answer the server gives while the
 * client is still sending, e.g. 413 once the upload passes MEDIA_MAX_BYTES.
 */
export function sendEndlessUpload(t: TestApp, token: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = openFilePart(t, token, { 'Transfer-Encoding': 'chunked' }, 'gros.pdf');
    req.on('response', (res: IncomingMessage) => {
      let body = '';
      res.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body }); req.destroy(); });
    });
    req.on('error', reject);
    req.write('%PDF-1.7\n');
    req.write(Buffer.alloc(size, 0x41));
  });
}

export interface AbandonedUpload {
  filename: string;
  contentType: string;
  /** The Content-Length announced, more than is sent. */
  announcedLength: number;
  /** What is sent of the body (the start of the file). */
  parts: Buffer[];
}

/**
 * Starts an upload that announces more bytes than it sends and stays open: the test destroys the
 * returned request to play a client that goes away mid-upload.
 */
export function startAbandonedUpload(t: TestApp, token: string, upload: AbandonedUpload): ClientRequest {
  const req = openFilePart(t, token, { 'Content-Length': String(upload.announcedLength) }, upload.filename, upload.contentType);
  req.on('error', () => undefined);
  for (const part of upload.parts) req.write(part);
  return req;
}

// ---------------------------------------------------------------------------------------------------
// Waiting for the server

/** Every file under a folder, as paths relative to it (none when the folder does not exist). */
export function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
  } catch {
    return [];
  }
}

/** Long enough for a heavily loaded machine: the deadline is only there to say what did not happen. */
const WAIT_FOR_MS = 2 * 60_000;

/** Polls `condition` every 50 ms, for at most two minutes; then fails, saying what did not happen. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_FOR_MS;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
