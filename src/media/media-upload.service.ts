import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import sharp from 'sharp';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, ErrorCode, invalidField } from '../common/errors';
import { Actor, RequestContext } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AuditEventKind } from '../audit/audit-event.entity';
import { AuditTrail } from '../audit/audit-trail.service';
import { requirePermission } from '../auth/permissions';
import { MAX_ALT_LENGTH } from './dto/media.args';
import {
  centralDirectoryNames, contradiction, detectFileType, FILE_TYPES, FileType, HEAD_BYTES, isZip, locateCentralDirectory, ZIP_TAIL_BYTES,
} from './file-detection';
import { sanitizeFileName } from './file-names';
import { MediaKind } from './media-kind';
import { MEDIA_STORAGE, MediaStorage } from './storage/media-storage';
import { MediaEntity } from './media.entity';
import { lockContent, normalizeAlt } from './media.service';
import { PdfInspector } from './pdf-inspector';
import { SvgChecker } from './svg-checker';
import { SVG_LIMITS } from './svg-safety';
import { payloadTooLarge, ReceivedUpload, receiveUpload } from './upload-receiver';

/** Refuses decompression bombs: 50 megapixels is far above any photo a town hall publishes. */
export const MAX_INPUT_PIXELS = 50_000_000;
/** A central directory larger than this is not an office document we accept. */
const MAX_CENTRAL_DIRECTORY_BYTES = 1024 * 1024;

type Inspection = Pick<MediaEntity, 'width' | 'height' | 'pageCount' | 'title'>;

export interface UploadResult {
  media: MediaEntity;
  /** False when identical bytes were already in the library: the existing media is returned. */
  created: boolean;
}

/** A temporary upload older than this was left by a crash: no request lasts that long. */
const STALE_UPLOAD_MS = 6 * 60 * 60 * 1000;

@Injectable()
export class MediaUploads implements OnApplicationBootstrap {
  private readonly logger = new Logger('Media');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    private readonly svgChecker: SvgChecker,
    private readonly pdfInspector: PdfInspector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Receives a multipart upload, checks what it really is, and adds it to the library. Permission
   * is checked before a byte is read; nothing is left on disk or in the table when anything fails.
   */
  async upload(ctx: RequestContext, req: IncomingMessage): Promise<UploadResult> {
    const actor = requirePermission(ctx, 'content:write');
    return this.ingest(actor, await receiveUpload(req, this.temporaryDir, this.config.media.maxBytes));
  }

  /** Adds a file held in memory (demo content, imports), with the same checks as an upload. */
  async importFile(ctx: RequestContext, bytes: Buffer, fileName: string, fields: { alt?: string; decorative?: boolean } = {}): Promise<UploadResult> {
    const actor = requirePermission(ctx, 'content:write');
    if (bytes.length > this.config.media.maxBytes) throw payloadTooLarge(this.config.media.maxBytes);
    await mkdir(this.temporaryDir, { recursive: true });
    const temporaryFile = join(this.temporaryDir, `${randomUUID()}.upload`);
    await writeFile(temporaryFile, bytes, { flag: 'wx' });
    return this.ingest(actor, {
      temporaryFile, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'),
      head: bytes.subarray(0, HEAD_BYTES), fileName, declaredType: '',
      fields: {
        ...(fields.alt !== undefined ? { alt: fields.alt } : {}),
        ...(fields.decorative !== undefined ? { decorative: String(fields.decorative) } : {}),
      },
    });
  }

  /** Removes uploads a crashed process left half-received (a live one never lasts hours). */
  async onApplicationBootstrap(): Promise<void> {
    const removed = await this.sweepTemporaryFiles(Date.now() - STALE_UPLOAD_MS);
    if (removed > 0) this.logger.warn(`Removed ${removed} abandoned upload(s) from ${this.temporaryDir}`);
  }

  async sweepTemporaryFiles(olderThan: number): Promise<number> {
    const names = await readdir(this.temporaryDir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const path = join(this.temporaryDir, name);
      const info = await stat(path).catch(() => null);
      if (info?.isFile() && info.mtimeMs < olderThan) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private get temporaryDir(): string {
    return join(this.config.media.dir, '.tmp');
  }

  /** Detects, checks, inspects and stores a received file; always removes its temporary file. */
  private async ingest(actor: Actor, upload: ReceivedUpload): Promise<UploadResult> {
    try {
      const type = await this.detect(upload);
      const fileName = sanitizeFileName(upload.fileName, type.extensions[0]);
      const { alt, decorative } = this.describe(upload.fields, type);
      if (type === FILE_TYPES.svg) upload = await this.sanitiseSvg(upload);
      const existing = await this.dataSource.getRepository(MediaEntity).findOne({ where: { sha256: upload.sha256 } });
      if (existing) return { media: existing, created: false };
      const inspection = await this.inspect(upload, type);
      const received = upload;
      // Under the content lock a deleteMedia of the same bytes cannot remove the file between our
      // check and our insert (it holds the lock from its row delete to its file removal). Staff
      // uploads are rare, so holding a connection while the file is stored is affordable.
      return await this.dataSource.transaction(async (manager) => {
        await lockContent(manager, received.sha256);
        const raced = await manager.getRepository(MediaEntity).findOne({ where: { sha256: received.sha256 } });
        if (raced) return { media: raced, created: false };
        const storageKey = `originals/${received.sha256.slice(0, 2)}/${received.sha256}`;
        const alreadyStored = await this.storage.exists(storageKey);
        if (!alreadyStored) {
          await this.storage.put(storageKey, createReadStream(received.temporaryFile), { size: received.size, contentType: type.mimeType });
        }
        try {
          const result = await this.insert(manager, {
            storageKey, fileName, mimeType: type.mimeType, kind: type.kind, size: received.size, sha256: received.sha256,
            alt, decorative, uploadedById: actor.userId, ...inspection,
          });
          if (result.created) {
            await this.audit.record(manager, { kind: AuditEventKind.MEDIA_UPLOAD, actorId: actor.userId, apiKeyId: actor.apiKeyId ?? null, subjectType: 'media',
              subjectId: result.media.id, detail: { fileName, mimeType: type.mimeType, size: received.size, sha256: received.sha256 } });
          }
          return result;
        } catch (error) {
          if (!alreadyStored) await this.storage.delete(storageKey);
          throw error;
        }
      });
    } finally {
      await rm(upload.temporaryFile, { force: true });
    }
  }

  /** Inserts, or returns the row a concurrent upload of the same bytes inserted first. */
  private async insert(manager: EntityManager, values: Partial<MediaEntity>): Promise<UploadResult> {
    const repository = manager.getRepository(MediaEntity);
    const result = await repository.createQueryBuilder().insert().values(values).orIgnore().returning('id').execute();
    const insertedId = (result.raw as { id: string }[])[0]?.id;
    if (insertedId) return { media: await repository.findOneOrFail({ where: { id: insertedId } }), created: true };
    return { media: await repository.findOneOrFail({ where: { sha256: values.sha256 } }), created: false };
  }

  private async detect(upload: ReceivedUpload): Promise<FileType> {
    const entries = isZip(upload.head) ? await this.zipEntries(upload.temporaryFile, upload.size) : null;
    const detection = detectFileType(upload.head, entries);
    if (!detection.ok) throw invalidField('file', detection.reason);
    const problem = contradiction(detection.type, upload.fileName, upload.declaredType);
    if (problem) throw invalidField('file', problem);
    return detection.type;
  }

  private describe(fields: Record<string, string>, type: FileType): { alt: string | null; decorative: boolean } {
    const rawDecorative = fields.decorative;
    if (rawDecorative !== undefined && !['true', 'false'].includes(rawDecorative)) {
      throw invalidField('decorative', 'decorative must be true or false');
    }
    const decorative = rawDecorative === 'true';
    const alt = normalizeAlt(fields.alt);
    if (alt && alt.length > MAX_ALT_LENGTH) throw invalidField('alt', `alt must be at most ${MAX_ALT_LENGTH} characters`);
    if (type.kind !== MediaKind.IMAGE && (alt || decorative)) {
      throw invalidField(alt ? 'alt' : 'decorative', 'Only images have a text alternative; a document is described by its title');
    }
    if (decorative && alt) throw invalidField('alt', 'A decorative image has no text alternative: leave alt empty');
    return { alt, decorative };
  }

  /**
   * Replaces the received SVG by its sanitised version, which is what the library stores, hashes and
   * de-duplicates on; refuses an SVG holding anything active, with the reason.
   */
  private async sanitiseSvg(upload: ReceivedUpload): Promise<ReceivedUpload> {
    if (upload.size > SVG_LIMITS.bytes) {
      const message = `SVG files are checked in memory and limited to ${SVG_LIMITS.bytes / 1024 / 1024} MB (${SVG_LIMITS.bytes} bytes): `
        + 'upload a larger drawing as PNG or PDF';
      throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, message, { fields: [{ path: 'file', message }] });
    }
    const check = await this.svgChecker.check(await readFile(upload.temporaryFile));
    if ('refused' in check) throw invalidField('file', check.refused);
    const bytes = Buffer.from(check.sanitised, 'utf8');
    await writeFile(upload.temporaryFile, bytes);
    return { ...upload, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), head: bytes.subarray(0, HEAD_BYTES) };
  }

  /** Reads what each kind needs (and proves the file really is what its first bytes say). */
  private async inspect(upload: ReceivedUpload, type: FileType): Promise<Inspection> {
    const none: Inspection = { width: null, height: null, pageCount: null, title: null };
    if (type === FILE_TYPES.svg) {
      const size = await sharp(upload.temporaryFile, { limitInputPixels: MAX_INPUT_PIXELS }).metadata().catch(() => null);
      return { ...none, width: size?.autoOrient.width ?? null, height: size?.autoOrient.height ?? null };
    }
    if (type.kind === MediaKind.IMAGE) {
      try {
        const metadata = await sharp(upload.temporaryFile, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
        return { ...none, width: metadata.autoOrient.width, height: metadata.autoOrient.height };
      } catch {
        throw invalidField('file', 'The image could not be read: it is damaged, too large (over 50 megapixels) or not really an image');
      }
    }
    if (type === FILE_TYPES.pdf) {
      // Off the main thread, within a time and memory budget; refuses scripts (see pdf-inspection.ts).
      const pdf = await this.pdfInspector.inspect(upload.temporaryFile);
      if ('refused' in pdf) throw invalidField('file', pdf.refused);
      return { ...none, pageCount: pdf.pageCount, title: pdf.title };
    }
    return none;
  }

  /** Entry names of a ZIP from its central directory, or null when it cannot be read. */
  private async zipEntries(file: string, size: number): Promise<string[] | null> {
    const handle = await open(file, 'r');
    try {
      const tailLength = Math.min(size, ZIP_TAIL_BYTES);
      const tail = Buffer.alloc(tailLength);
      await handle.read(tail, 0, tailLength, size - tailLength);
      const location = locateCentralDirectory(tail);
      if (!location || location.size > MAX_CENTRAL_DIRECTORY_BYTES || location.offset + location.size > size) return null;
      const directory = Buffer.alloc(location.size);
      await handle.read(directory, 0, location.size, location.offset);
      return centralDirectoryNames(directory, location.entries);
    } finally {
      await handle.close();
    }
  }
}
