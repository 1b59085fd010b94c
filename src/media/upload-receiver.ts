import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, ErrorCode, invalid, invalidField } from '../common/errors';
import { HEAD_BYTES } from './file-detection';

export interface ReceivedUpload {
  /** The bytes, in a temporary file the caller must remove (see `discard`). */
  temporaryFile: string;
  size: number;
  sha256: string;
  /** The first HEAD_BYTES bytes, for detection. */
  head: Buffer;
  fileName: string;
  declaredType: string;
  fields: Record<string, string>;
}

export const ACCEPTED_FIELDS = ['alt', 'decorative'];
/** Room for the multipart framing and the small text fields around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

export const payloadTooLarge = (maxBytes: number): DomainError =>
  new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The file is larger than the limit of ${maxBytes} bytes`);

/** Hashes and counts what flows through, and keeps the first bytes. */
class Fingerprint extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.headLength < HEAD_BYTES) {
      this.headChunks.push(chunk.subarray(0, HEAD_BYTES - this.headLength));
      this.headLength += Math.min(chunk.length, HEAD_BYTES - this.headLength);
    }
    callback(null, chunk);
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks);
  }
}

/**
 * Streams the `file` part of a multipart/form-data request to a temporary file while hashing it,
 * never holding the whole file in memory. Past `maxBytes` it stops at once with PAYLOAD_TOO_LARGE;
 * on any failure, including the client going away mid-upload, the temporary file is removed.
 */
export async function receiveUpload(req: IncomingMessage, temporaryDir: string, maxBytes: number): Promise<ReceivedUpload> {
  if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
    throw invalidField('file', 'Send the file as multipart/form-data, in a field named "file"');
  }
  const declaredLength = Number(req.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes + MULTIPART_OVERHEAD) throw payloadTooLarge(maxBytes);

  await mkdir(temporaryDir, { recursive: true });
  const temporaryFile = join(temporaryDir, `${randomUUID()}.upload`);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 4096, parts: 20 },
    });
  } catch {
    throw invalidField('file', 'The multipart/form-data body has no boundary');
  }

  return new Promise<ReceivedUpload>((resolvePromise, reject) => {
    const fields: Record<string, string> = {};
    let output: WriteStream | undefined;
    let fileStream: Readable | undefined;
    let received: Promise<Omit<ReceivedUpload, 'fields'>> | undefined;
    let settled = false;

    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      fileStream?.destroy();
      const written = output;
      const removed = written && !written.closed
        ? new Promise<void>((done) => { written.once('close', () => done()); written.destroy(); })
        : Promise.resolve();
      void removed.then(() => rm(temporaryFile, { force: true })).then(() => reject(error), () => reject(error));
    };

    parser.on('field', (name, value, info) => {
      if (!ACCEPTED_FIELDS.includes(name)) return fail(invalidField(name, `Unknown field: send only file, ${ACCEPTED_FIELDS.join(', ')}`));
      if (info.valueTruncated) return fail(invalidField(name, `${name} is too long`));
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return fail(invalidField(name, 'Send the file in a field named "file"'));
      }
      fileStream = stream;
      const fingerprint = new Fingerprint();
      output = createWriteStream(temporaryFile, { flags: 'wx' });
      stream.once('limit', () => fail(payloadTooLarge(maxBytes)));
      received = pipeline(stream, fingerprint, output).then(() => ({
        temporaryFile,
        size: fingerprint.size,
        sha256: fingerprint.hash.digest('hex'),
        head: fingerprint.head,
        fileName: info.filename ?? '',
        declaredType: info.mimeType ?? '',
      }));
      received.catch(fail);
    });
    parser.on('filesLimit', () => fail(invalidField('file', 'Send one file per request')));
    parser.on('partsLimit', () => fail(invalid('Too many parts in the form')));
    parser.on('fieldsLimit', () => fail(invalid('Too many fields in the form')));
    parser.on('error', () => fail(invalidField('file', 'The multipart/form-data body is malformed or incomplete')));
    parser.on('close', () => {
      if (settled) return;
      if (!received) return fail(invalidField('file', 'No file: send it in a field named "file"'));
      received.then((upload) => {
        if (settled) return;
        settled = true;
        resolvePromise({ ...upload, fields });
      }, fail);
    });
    req.on('close', () => {
      if (!req.complete) fail(invalidField('file', 'The upload was interrupted'));
    });
    req.pipe(parser);
  });
}
