import {
  GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client,
} from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, IncomingMessage, Server } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import request from 'supertest';
import { S3StorageConfig } from '../src/config/config';
import { renditionKey } from '../src/media/renditions';
import { S3MediaStorage } from '../src/media/storage/s3-media-storage';
import { loginAs } from './support/auth-helpers';
import {
  countMedia, filesUnder, listenOnLoopback, pdf, png, postMedia, sendEndlessUpload, serverPort, sha256, startAbandonedUpload, waitFor,
} from './support/media-helpers';
import { cleanEnv, PROJECT_ROOT } from './support/processes';
import { createTestApp, TestApp } from './support/test-app';

/** The part of s3rver's API used here (the package ships no type declarations). */
interface FakeS3Server {
  httpServer: Server;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type FakeS3ServerClass = new (options: {
  address: string; port: number; silent: boolean; directory: string; configureBuckets: { name: string }[];
}) => FakeS3Server;

/** s3rver's built-in account. It does not check V4 signatures, so a wrong secret goes unnoticed here. */
const FAKE_KEY = 'S3RVER';
const APP_BUCKET = 'parvis-media';
const UNIT_BUCKET = 'parvis-unit';

/**
 * Why s3rver cannot run on this machine, or null when it can. Jest needs the answer before
 * declaring the tests, synchronously, so a child process starts it on a free loopback port and exits.
 */
function whyS3rverCannotRun(): string | null {
  const script = `
    const S3rver = require('s3rver');
    const dir = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'parvis-s3rver-probe-'));
    new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir }).run()
      .then(() => { require('fs').rmSync(dir, { recursive: true, force: true }); process.exit(0); });`;
  const probe = spawnSync(process.execPath, ['-e', script], { cwd: PROJECT_ROOT, env: cleanEnv(), encoding: 'utf8', timeout: 300_000 });
  if (probe.error) return probe.error.message;
  if (probe.status === 0) return null;
  const lines = probe.stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => /Error/.test(line)) ?? lines[0] ?? `the probe exited with ${probe.status ?? probe.signal}`;
}

const unavailable = whyS3rverCannotRun();
if (unavailable) console.warn(`SKIPPED test/media-s3.e2e-spec.ts: the fake S3 server (s3rver) cannot run here: ${unavailable}`);
const describeWithFakeS3 = unavailable ? describe.skip : describe;

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** supertest reads any response body as raw bytes with this parser, whatever its type. */
function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  // superagent types the parser's argument as its Response, but hands it the Node response stream.
  const stream = res as unknown as Readable;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
  stream.on('error', (error: Error) => done(error, Buffer.alloc(0)));
}

describeWithFakeS3('media on S3-compatible object storage (the s3rver fake)', () => {
  let fake: FakeS3Server;
  let fakeDir: string;
  let endpoint: string;
  let s3: S3Client;

  beforeAll(async () => {
    fakeDir = mkdtempSync(join(tmpdir(), 'parvis-s3rver-'));
    // Loaded here rather than imported: on a machine where it cannot load, the file is skipped above.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
    const S3rver = require('s3rver') as FakeS3ServerClass;
    fake = new S3rver({
      address: '127.0.0.1', port: 0, silent: true, directory: fakeDir, configureBuckets: [{ name: APP_BUCKET }, { name: UNIT_BUCKET }],
    });
    const { port } = await fake.run();
    endpoint = `http://127.0.0.1:${port}`;
    s3 = new S3Client({
      region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: FAKE_KEY, secretAccessKey: FAKE_KEY },
      requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });
  afterAll(async () => {
    s3?.destroy();
    await fake?.close();
    rmSync(fakeDir, { recursive: true, force: true });
  });

  async function keysIn(bucket: string, prefix = ''): Promise<string[]> {
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    return (listing.Contents ?? []).map((object) => object.Key as string).sort();
  }

  async function objectBytes(bucket: string, key: string): Promise<Buffer> {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return bytesOf(object.Body as Readable);
  }

  describe('S3MediaStorage', () => {
    const storageConfig = (overrides: Partial<S3StorageConfig> = {}): S3StorageConfig => ({
      kind: 's3', bucket: UNIT_BUCKET, region: 'us-east-1', endpoint, forcePathStyle: true, prefix: 'unit/',
      credentials: { accessKeyId: FAKE_KEY, secretAccessKey: FAKE_KEY }, ...overrides,
    });
    let storage: S3MediaStorage;
    beforeAll(() => {
      storage = new S3MediaStorage(storageConfig());
    });
    afterAll(() => storage.onModuleDestroy());

    it('stores a streamed file of several megabytes under the prefix, with its type, and reads back the same bytes', async () => {
      const bytes = randomBytes(3 * 1024 * 1024 + 17);
      const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
      await storage.put('originals/ab/big', Readable.from(chunks), { size: bytes.length, contentType: 'application/pdf' });
      expect(await keysIn(UNIT_BUCKET, 'unit/originals/')).toEqual(['unit/originals/ab/big']);
      const head = await s3.send(new HeadObjectCommand({ Bucket: UNIT_BUCKET, Key: 'unit/originals/ab/big' }));
      expect(head).toMatchObject({ ContentType: 'application/pdf', ContentLength: bytes.length });
      expect(sha256(await bytesOf(await storage.get('originals/ab/big')))).toBe(sha256(bytes));
    });

    it('reads an inclusive byte range', async () => {
      const bytes = Buffer.from('0123456789abcdefghij');
      await storage.put('ranges/letters', Readable.from([bytes]), { size: bytes.length, contentType: 'text/plain' });
      expect((await bytesOf(await storage.get('ranges/letters', { start: 10, end: 14 }))).toString()).toBe('abcde');
      expect((await bytesOf(await storage.get('ranges/letters', { start: 19, end: 19 }))).toString()).toBe('j');
    });

    it('answers size and existence, null and false for a missing key', async () => {
      await storage.put('sizes/seven', Readable.from([Buffer.from('7 bytes')]), { size: 7, contentType: 'text/plain' });
      expect(await storage.size('sizes/seven')).toBe(7);
      expect(await storage.exists('sizes/seven')).toBe(true);
      expect(await storage.size('sizes/missing')).toBeNull();
      expect(await storage.exists('sizes/missing')).toBe(false);
    });

    it('deletes an object, and deleting a missing one is not an error', async () => {
      await storage.put('deletions/one', Readable.from([Buffer.from('x')]), { size: 1, contentType: 'text/plain' });
      await storage.delete('deletions/one');
      expect(await storage.exists('deletions/one')).toBe(false);
      expect(await keysIn(UNIT_BUCKET, 'unit/deletions/')).toEqual([]);
      await expect(storage.delete('deletions/never-there')).resolves.toBeUndefined();
    });

    it('rejects reading a missing key', async () => {
      await expect(storage.get('reads/missing')).rejects.toMatchObject({ name: 'NoSuchKey' });
    });

    it('rejects a write whose source fails with that failure, instead of crashing the process', async () => {
      // An asynchronous source, as a network stream is; it needs no `await` to fail.
      // eslint-disable-next-line @typescript-eslint/require-await -- see above
      async function* failing(): AsyncGenerator<Buffer> {
        yield Buffer.alloc(1000, 1);
        throw new Error('disk read failed');
      }
      await expect(storage.put('failures/broken', Readable.from(failing()), { size: 5000, contentType: 'application/pdf' }))
        .rejects.toThrow('disk read failed');
      // (Real S3 keeps nothing of an incomplete PUT; s3rver keeps what it received, so that is not checked here.)
    });

    it('rethrows failures other than a missing object, rather than reporting "absent"', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise((resolve) => closed.close(resolve));
      const unreachable = new S3MediaStorage(storageConfig({ endpoint: `http://127.0.0.1:${port}` }));
      try {
        await expect(unreachable.exists('originals/ab/x')).rejects.toThrow(/ECONNREFUSED/);
        await expect(unreachable.size('originals/ab/x')).rejects.toThrow();
      } finally {
        unreachable.onModuleDestroy();
      }
    });

    it('refuses keys that are not plain relative paths', async () => {
      await expect(storage.get('../elsewhere/x')).rejects.toThrow('Media key outside the store: ../elsewhere/x');
      await expect(storage.exists('/originals/ab/x')).rejects.toThrow(/outside the store/);
    });
  });

  describe('the media library configured with MEDIA_STORAGE=s3', () => {
    const PREFIX = 'anor/';
    let t: TestApp;
    let editor: string;

    beforeAll(async () => {
      t = await createTestApp({
        MEDIA_STORAGE: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: APP_BUCKET, S3_ACCESS_KEY_ID: FAKE_KEY, S3_SECRET_ACCESS_KEY: FAKE_KEY,
        S3_FORCE_PATH_STYLE: 'true', S3_PREFIX: 'anor', MEDIA_MAX_BYTES: '8000000',
      });
      editor = await loginAs(t, 'editor');
      await listenOnLoopback(t);
    });
    afterAll(async () => {
      await t?.close();
    });

    const upload = (bytes: Buffer, filename: string): request.Test => postMedia(t, bytes, filename, { token: editor });
    /** Downloads as staff: files no published content uses are not public. */
    const download = (url: string): request.Test => t.http().get(url).set('Authorization', `Bearer ${editor}`).buffer(true).parse(binary);
    const originalKey = (hash: string): string => `${PREFIX}originals/${hash.slice(0, 2)}/${hash}`;
    const mediaRows = (): Promise<number> => countMedia(t);
    const temporaryFiles = (): string[] => filesUnder(join(t.config.media.dir, '.tmp'));

    it('reports the bucket ready on /health/ready', async () => {
      const res = await t.http().get('/health/ready').expect(200);
      expect(res.body.info.mediaStorage).toEqual({ status: 'up' });
    });

    it('stores an uploaded PNG as an object in the bucket, with its type, and nothing in the local folder', async () => {
      const bytes = await png(400, 300, '#2a6f97');
      const res = await upload(bytes, 'plan.png').expect(201);
      expect(res.body).toMatchObject({ mimeType: 'image/png', size: bytes.length, sha256: sha256(bytes) });
      expect(await keysIn(APP_BUCKET, `${PREFIX}originals/`)).toContain(originalKey(sha256(bytes)));
      const head = await s3.send(new HeadObjectCommand({ Bucket: APP_BUCKET, Key: originalKey(sha256(bytes)) }));
      expect(head).toMatchObject({ ContentType: 'image/png', ContentLength: bytes.length });
      expect(sha256(await objectBytes(APP_BUCKET, originalKey(sha256(bytes))))).toBe(sha256(bytes));
      expect(filesUnder(t.config.media.dir)).toEqual([]);
    });

    it('serves an uploaded PDF back byte for byte, and a byte range of it with 206', async () => {
      const bytes = await pdf({ title: 'Arrêté municipal n° 2026-031', pages: 3 });
      const media = (await upload(bytes, 'arrete-2026-031.pdf').expect(201)).body;
      expect(await keysIn(APP_BUCKET, `${PREFIX}originals/`)).toContain(originalKey(media.sha256));

      const whole = await download(media.url).expect(200);
      expect(whole.headers).toMatchObject({ 'content-type': 'application/pdf', 'content-length': String(bytes.length), etag: `"${media.sha256}"` });
      expect(Buffer.compare(whole.body as Buffer, bytes)).toBe(0);

      const part = await download(media.url).set('Range', 'bytes=100-1123').expect(206);
      expect(part.headers).toMatchObject({ 'content-range': `bytes 100-1123/${bytes.length}`, 'content-length': '1024' });
      expect(Buffer.compare(part.body as Buffer, bytes.subarray(100, 1124))).toBe(0);
      const tail = await download(media.url).set('Range', 'bytes=-10').expect(206);
      expect(Buffer.compare(tail.body as Buffer, bytes.subarray(bytes.length - 10))).toBe(0);
    });

    it('makes a WebP rendition once, keeps it in the bucket and serves it from there', async () => {
      const media = (await upload(await png(800, 600, '#3a86ff'), 'eglise.png').expect(201)).body;
      const key = PREFIX + renditionKey(media.sha256, { width: 160, format: 'webp' });
      const first = await download(`${media.url}?w=160&format=webp`).expect(200);
      expect(first.headers['content-type']).toBe('image/webp');
      expect(await sharp(first.body as Buffer).metadata()).toMatchObject({ format: 'webp', width: 160, height: 120 });
      expect(await keysIn(APP_BUCKET, `${PREFIX}renditions/`)).toContain(key);
      expect(Buffer.compare(await objectBytes(APP_BUCKET, key), first.body as Buffer)).toBe(0);
      const renditionsBefore = await keysIn(APP_BUCKET, `${PREFIX}renditions/`);
      const second = await download(`${media.url}?w=160&format=webp`).expect(200);
      expect(Buffer.compare(second.body as Buffer, first.body as Buffer)).toBe(0);
      expect(await keysIn(APP_BUCKET, `${PREFIX}renditions/`)).toEqual(renditionsBefore);
      expect(filesUnder(t.config.media.dir)).toEqual([]);
    });

    it('releases the connection to the bucket when a client abandons a download', async () => {
      // Uncompressed, so that the object is far larger than what socket buffers hold.
      const bytes = await png(1500, 1500, '#808080', { compressionLevel: 0 });
      const media = (await upload(bytes, 'grand-plan.png').expect(201)).body;
      let fakeAnswer: Promise<void> | undefined;
      const watch = (req: IncomingMessage, res: NodeJS.WritableStream): void => {
        if (req.method === 'GET' && req.url?.includes(media.sha256)) fakeAnswer = new Promise((resolve) => res.once('close', () => resolve()));
      };
      fake.httpServer.on('request', watch);
      try {
        await new Promise<void>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port: serverPort(t), path: media.url, headers: { Authorization: `Bearer ${editor}` } }, (res) => {
            res.once('data', () => { req.destroy(); resolve(); });
          });
          req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
          req.end();
        });
        await waitFor(() => fakeAnswer !== undefined, 'the download from the bucket to start');
        // Without the release, the bucket's answer would stay open until the client's 60 s inactivity timeout.
        await expect(fakeAnswer).resolves.toBeUndefined();
      } finally {
        fake.httpServer.off('request', watch);
      }
    });

    it('stores identical bytes once: the same media and a single object', async () => {
      const bytes = await png(33, 33, '#abcdef');
      const first = await upload(bytes, 'a.png').expect(201);
      const objectsAfterFirst = await keysIn(APP_BUCKET, PREFIX);
      const second = await upload(bytes, 'copie.png').expect(200);
      expect(second.body.id).toBe(first.body.id);
      expect(await keysIn(APP_BUCKET, PREFIX)).toEqual(objectsAfterFirst);
      expect(await countMedia(t, first.body.sha256)).toBe(1);
    });

    it('cuts an upload over MEDIA_MAX_BYTES off with 413 and puts nothing in the bucket', async () => {
      const objectsBefore = await keysIn(APP_BUCKET, PREFIX);
      const rowsBefore = await mediaRows();
      const response = await sendEndlessUpload(t, editor, 8_100_000);
      expect(response.status).toBe(413);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      await waitFor(() => temporaryFiles().length === 0, 'the temporary file to be removed');
      expect(await keysIn(APP_BUCKET, PREFIX)).toEqual(objectsBefore);
      expect(await mediaRows()).toBe(rowsBefore);
    });

    it('keeps no object, row or temporary file when an upload is refused or abandoned', async () => {
      const objectsBefore = await keysIn(APP_BUCKET, PREFIX);
      const rowsBefore = await mediaRows();
      const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(2000)]);
      const refused = await upload(elf, 'arrete.pdf').expect(400);
      expect(refused.body).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ path: 'file' }] });

      const req = startAbandonedUpload(t, editor, {
        filename: 'coupe.png', contentType: 'image/png', announcedLength: 150_000, parts: [await png(100, 100, '#010203'), Buffer.alloc(50_000)],
      });
      await waitFor(() => temporaryFiles().length === 1, 'the upload to start');
      req.destroy();
      await waitFor(() => temporaryFiles().length === 0, 'the temporary file to be removed');

      expect(await keysIn(APP_BUCKET, PREFIX)).toEqual(objectsBefore);
      expect(await mediaRows()).toBe(rowsBefore);
    });
  });

  describe('a bucket that refuses writes', () => {
    let t: TestApp;
    let editor: string;

    beforeAll(async () => {
      t = await createTestApp({
        MEDIA_STORAGE: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: 'no-such-bucket', S3_ACCESS_KEY_ID: FAKE_KEY, S3_SECRET_ACCESS_KEY: FAKE_KEY,
        S3_FORCE_PATH_STYLE: 'true',
      });
      editor = await loginAs(t, 'editor');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('fails the upload with a server error and keeps no row and no temporary file', async () => {
      const res = await postMedia(t, await png(20, 20, '#445566'), 'perdu.png', { token: editor, contentType: 'image/png' }).expect(500);
      expect(res.body).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
      expect(JSON.stringify(res.body)).not.toMatch(/no-such-bucket|NoSuchBucket/);
      expect(await countMedia(t)).toBe(0);
      expect(filesUnder(join(t.config.media.dir, '.tmp'))).toEqual([]);
    });

    it('answers not ready (503) on /health/ready, saying the bucket does not exist', async () => {
      const res = await t.http().get('/health/ready').expect(503);
      expect(res.body.error.mediaStorage).toEqual({ status: 'down', message: 'The media bucket no-such-bucket does not exist' });
    });
  });
});
