import {
  DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { S3StorageConfig } from '../../config/config';
import { MediaStorage, StoredObjectInfo } from './media-storage';

/** Refuses keys that are not plain relative paths (they would mean nothing, or something else, to some stores). */
function checkKey(key: string): void {
  if (key === '' || key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new Error(`Media key outside the store: ${key}`);
  }
}

const logger = new Logger('Media');
const ignore = (): void => undefined;

const isNotFound = (error: unknown): boolean => error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404;

/**
 * Media bytes in an S3-compatible bucket, under an optional key prefix. A PUT is atomic on S3: a
 * reader sees the whole object or none, so no temporary name is needed.
 */
export class S3MediaStorage implements MediaStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(config: S3StorageConfig) {
    this.bucket = config.bucket;
    this.prefix = config.prefix;
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials
        ? { accessKeyId: config.credentials.accessKeyId, secretAccessKey: config.credentials.secretAccessKey }
        : undefined,
      // Since early 2025 the SDK sends streamed bodies `aws-chunked` with a trailing CRC32 by default,
      // which several S3-compatible stores (versions of MinIO, Garage, Ceph) and fake servers refuse
      // or, worse, store framing and all. Checksums only where an operation demands them, as every
      // S3-compatible store understands.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Only the SDK's warnings, in the application log (without a logger it writes them to the console).
      // Its info and error entries would dump each command's input, streams included; errors are thrown anyway.
      logger: { debug: ignore, info: ignore, warn: (...content: unknown[]) => logger.warn(content.join(' ')), error: ignore },
      requestHandler: {
        connectionTimeout: 5_000,
        // Inactivity, not duration: frees the connection of a download whose reader went away.
        socketTimeout: 60_000,
      },
    });
  }

  /** `info.size` is required: S3 wants the length of a streamed body up front. */
  async put(key: string, source: Readable, info: StoredObjectInfo): Promise<void> {
    // The SDK pipes the source without listening for its errors: a failing read would be an uncaught
    // 'error' event (the process dies) and a request left waiting for the rest of its body.
    const abort = new AbortController();
    const onSourceError = (error: Error): void => abort.abort(error);
    source.on('error', onSourceError);
    try {
      await this.client.send(new PutObjectCommand({
        Bucket: this.bucket, Key: this.objectKey(key), Body: source, ContentLength: info.size, ContentType: info.contentType,
      }), { abortSignal: abort.signal });
    } catch (error) {
      throw abort.signal.aborted ? (abort.signal.reason as Error) : error;
    } finally {
      source.destroy();
    }
  }

  async get(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const output = await this.client.send(new GetObjectCommand({
      Bucket: this.bucket, Key: this.objectKey(key), Range: range && `bytes=${range.start}-${range.end}`,
    }));
    const body = output.Body;
    if (!(body instanceof Readable)) throw new Error(`S3 returned no readable body for ${key}`);
    // A store that ignores Range answers 200 with the whole object: never pass that off as the range.
    if (range && !output.ContentRange?.startsWith(`bytes ${range.start}-${range.end}/`)) {
      body.destroy();
      throw new Error(`S3 did not honour the range ${range.start}-${range.end} of ${key}`);
    }
    return body;
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    } catch (error) {
      // S3 answers 204 for a missing key; some compatible stores answer 404.
      if (!isNotFound(error)) throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.size(key)) !== null;
  }

  /**
   * HEAD answers 404 for a missing key only when the credentials may list the bucket (s3:ListBucket);
   * without that right S3 answers 403, which is rethrown like any other failure.
   */
  async size(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (head.ContentLength === undefined) throw new Error(`S3 gave no size for ${key}`);
      return head.ContentLength;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** The bucket exists and the credentials may use it (HEAD needs the s3:ListBucket right, which `size` needs too). */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      const reason = status === 404 ? 'does not exist' : status === 403 ? 'refuses these credentials' : `cannot be reached (${error instanceof Error ? error.name : 'error'})`;
      throw new Error(`The media bucket ${this.bucket} ${reason}`);
    }
  }

  /** Closes the pooled connections when the application stops. */
  onModuleDestroy(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    checkKey(key);
    return this.prefix + key;
  }
}
