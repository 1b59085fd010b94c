import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/pagination/connection';
import { contentDisposition } from './file-names';
import { MediaKind } from './media-kind';
import { MediaEntity } from './media.entity';
import { RenditionFormatName, renditionsOf } from './renditions';

@ObjectType('FocalPoint', { description: 'The point of an image to keep in view when a layout crops it, from the top left corner (0 to 1)' })
export class FocalPoint {
  @Field(() => Float, { description: '0 = left edge, 1 = right edge' })
  x!: number;

  @Field(() => Float, { description: '0 = top edge, 1 = bottom edge' })
  y!: number;
}

@ObjectType('MediaRendition', { description: 'A resized version of a raster image, made on first request and cached' })
export class MediaRendition {
  @Field(() => Int)
  width!: number;

  @Field(() => Int)
  height!: number;

  @Field(() => RenditionFormatName)
  format!: RenditionFormatName;

  @Field()
  url!: string;
}

@ObjectType('Media', { description: 'A file of the media library: an image or a document' })
export class Media {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Address of the file, relative to the API origin. Images accept ?w=160|320|640|1024|1600&format=webp|jpeg|avif' })
  url!: string;

  @Field({ description: 'Original file name, cleaned' })
  fileName!: string;

  @Field({ description: 'Detected from the content' })
  mimeType!: string;

  @Field(() => MediaKind)
  kind!: MediaKind;

  @Field(() => Int, { description: 'Size in bytes' })
  size!: number;

  @Field({ description: 'SHA-256 of the content, hexadecimal (also the ETag)' })
  sha256!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Raster images: a ready-made srcset of WebP renditions up to the original width (null for SVG and documents)',
  })
  srcset!: string | null;

  @Field(() => Int, { nullable: true })
  width!: number | null;

  @Field(() => Int, { nullable: true })
  height!: number | null;

  @Field(() => Int, { nullable: true, description: 'PDF: number of pages' })
  pageCount!: number | null;

  @Field(() => String, { nullable: true, description: 'PDF: title from the document metadata' })
  title!: string | null;

  @Field(() => FocalPoint, { nullable: true, description: 'Images: where to keep the subject when cropping (CSS object-position: x*100% y*100%)' })
  focalPoint!: FocalPoint | null;

  /** REST: the WebP renditions; GraphQL resolves `renditions(format:)` instead (media.resolver.ts). */
  renditions!: MediaRendition[];

  @Field(() => String, { nullable: true, description: 'Text alternative of an image' })
  alt!: string | null;

  @Field({ description: 'A decorative image is rendered with an empty alt' })
  decorative!: boolean;

  @Field(() => Int, { description: 'Send it back with updateMedia: a stale version is refused with CONFLICT' })
  version!: number;

  @Field()
  createdAt!: Date;
}

export const MediaConnection = Connection(Media, 'Media');

@ObjectType('MediaUsage', { description: 'One use of a file by a content item' })
export class MediaUsage {
  @Field({ description: 'page, association, event, legal_notice or procedure' })
  contentType!: string;

  @Field(() => ID)
  contentId!: string;

  @Field({ description: 'Where the item holds the file, e.g. imageMediaId or documents.0.mediaId' })
  field!: string;

  @Field({ description: 'The item is published: the file is public' })
  published!: boolean;
}

export function mediaUrl(media: Pick<MediaEntity, 'id' | 'fileName'>): string {
  return `/media/${media.id}/${encodeURIComponent(media.fileName)}`;
}

/** `url?w=160&format=webp 160w, …` for the whitelisted widths the image can fill without enlarging. */
export function srcsetOf(media: Pick<MediaEntity, 'id' | 'fileName' | 'kind' | 'mimeType' | 'width' | 'height'>): string | null {
  const renditions = mediaRenditions(media, RenditionFormatName.WEBP);
  return renditions.length === 0 ? null : renditions.map((rendition) => `${rendition.url} ${rendition.width}w`).join(', ');
}

/** The renditions of a raster image in one format; none for SVG and documents. */
export function mediaRenditions(media: Pick<MediaEntity, 'id' | 'fileName' | 'kind' | 'mimeType' | 'width' | 'height'>,
  format: RenditionFormatName): MediaRendition[] {
  if (media.kind !== MediaKind.IMAGE || media.mimeType === 'image/svg+xml') return [];
  return renditionsOf(mediaUrl(media), media, format).map((rendition) => ({ ...rendition, format }));
}

/** Whether browsers show the file (images, PDF) or download it (office documents). */
export function dispositionOf(media: Pick<MediaEntity, 'kind' | 'mimeType' | 'fileName'>): string {
  const inline = media.kind === MediaKind.IMAGE || media.mimeType === 'application/pdf';
  return contentDisposition(inline ? 'inline' : 'attachment', media.fileName);
}

/** Entity → API shape: the one mapping used by GraphQL and REST (the storage key stays private). */
export function toMedia(entity: MediaEntity): Media {
  return {
    id: entity.id,
    url: mediaUrl(entity),
    fileName: entity.fileName,
    mimeType: entity.mimeType,
    kind: entity.kind,
    size: entity.size,
    sha256: entity.sha256,
    srcset: srcsetOf(entity),
    renditions: mediaRenditions(entity, RenditionFormatName.WEBP),
    focalPoint: entity.focalX === null || entity.focalY === null ? null : { x: entity.focalX, y: entity.focalY },
    width: entity.width,
    height: entity.height,
    pageCount: entity.pageCount,
    title: entity.title,
    alt: entity.alt,
    decorative: entity.decorative,
    version: entity.version,
    createdAt: entity.createdAt,
  };
}
