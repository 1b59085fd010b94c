import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { invalidField, notFound } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { FILE_TYPES } from './file-detection';
import { ByteRange, etagMatches, ifRangeAllows, parseRange } from './http-ranges';
import { MEDIA_STORAGE, MediaStorage } from './storage/media-storage';
import { MediaKind } from './media-kind';
import { dispositionOf } from './media.model';
import { MediaService } from './media.service';
import { MediaPreviewLinks } from './preview-links';
import { MAX_INPUT_PIXELS } from './media-upload.service';
import { parseRendition, Rendition, RENDITION_MIME_TYPES, renditionKey } from './renditions';

/** What the controller writes: a status, headers, and maybe a body. */
export interface Delivery {
  status: 200 | 206 | 304 | 416;
  headers: Record<string, string>;
  body?: Readable;
}

export interface DeliveryRequest {
  query: Record<string, unknown>;
  ifNoneMatch?: string;
  range?: string;
  ifRange?: string;
}

/** Content is addressed by its hash: a given URL never changes meaning, so caches may keep it forever. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A file no published content uses is for staff only: no shared cache may keep it. */
const PRIVATE = 'private, no-store';
/** An SVG opened directly must not run anything even if one slipped past the upload checks. */
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

@Injectable()
export class MediaDelivery {
  constructor(
    private readonly media: MediaService,
    private readonly previews: MediaPreviewLinks,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
  ) {}

  /**
   * The file or one of its image renditions, with conditional (ETag) and partial (Range) GET. A file
   * that no published content uses is served to staff only (a bearer token, or a signed preview
   * link); anyone else gets 404, as for a file that does not exist.
   */
  async deliver(ctx: RequestContext, id: string, request: DeliveryRequest): Promise<Delivery> {
    const found = await this.media.findForDelivery(id);
    if (!found) throw notFound('Media');
    const { media, isPublic } = found;
    if (!isPublic && !ctx.isAuthenticated && !this.previews.verify(id, request.query)) throw notFound('Media');
    const rendition = parseRendition(request.query);
    if (rendition && (media.kind !== MediaKind.IMAGE || media.mimeType === FILE_TYPES.svg.mimeType)) {
      throw invalidField(request.query.w !== undefined ? 'w' : 'format', 'Resized versions exist for raster images only (not SVG or documents)');
    }
    const etag = rendition ? `"${media.sha256}-${rendition.width ?? 'full'}.${rendition.format}"` : `"${media.sha256}"`;
    const mimeType = rendition ? RENDITION_MIME_TYPES[rendition.format] : media.mimeType;
    const fileName = rendition ? media.fileName.replace(/\.[^.]+$/, '') + `.${rendition.format === 'jpeg' ? 'jpg' : rendition.format}` : media.fileName;
    const headers: Record<string, string> = {
      'Content-Type': mimeType,
      'Content-Disposition': dispositionOf({ kind: media.kind, mimeType: media.mimeType, fileName }),
      ETag: etag,
      'Cache-Control': isPublic ? IMMUTABLE : PRIVATE,
      'Accept-Ranges': 'bytes',
      'X-Content-Type-Options': 'nosniff',
    };
    if (mimeType === FILE_TYPES.svg.mimeType) headers['Content-Security-Policy'] = SVG_POLICY;
    if (etagMatches(request.ifNoneMatch, etag)) return { status: 304, headers };

    const key = rendition ? await this.ensureRendition(media.storageKey, media.sha256, rendition) : media.storageKey;
    const size = rendition ? (await this.storage.size(key)) ?? 0 : media.size;
    const range = ifRangeAllows(request.ifRange, etag) ? parseRange(request.range, size) : null;
    if (range === 'unsatisfiable') {
      return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Type': 'text/plain' } };
    }
    if (range) return this.partial(key, range, size, headers);
    return { status: 200, headers: { ...headers, 'Content-Length': String(size) }, body: await this.storage.get(key) };
  }

  private async partial(key: string, range: ByteRange, size: number, headers: Record<string, string>): Promise<Delivery> {
    return {
      status: 206,
      headers: { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(range.end - range.start + 1) },
      body: await this.storage.get(key, range),
    };
  }

  /**
   * Renditions are made on first request and kept: orientation applied, metadata (EXIF, GPS)
   * stripped, never enlarged. Two simultaneous first requests both render; the atomic put keeps one.
   */
  private async ensureRendition(originalKey: string, sha256: string, rendition: Rendition): Promise<string> {
    const key = renditionKey(sha256, rendition);
    if (await this.storage.exists(key)) return key;
    const transform = sharp({ limitInputPixels: MAX_INPUT_PIXELS }).autoOrient();
    if (rendition.width) transform.resize({ width: rendition.width, withoutEnlargement: true });
    transform.toFormat(rendition.format, rendition.format === 'avif' ? { quality: 55, effort: 2 } : { quality: 80 });
    const original = await this.storage.get(originalKey);
    original.once('error', (error) => transform.destroy(error));
    original.pipe(transform);
    const rendered = await transform.toBuffer();
    await this.storage.put(key, Readable.from(rendered), { size: rendered.length, contentType: RENDITION_MIME_TYPES[rendition.format] });
    return key;
  }
}
