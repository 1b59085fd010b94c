import { registerEnumType } from '@nestjs/graphql';
import { invalidField } from '../common/errors';

/** A small fixed set, so that renditions can be cached forever and nobody can fill the disk with sizes. */
export const RENDITION_WIDTHS = [160, 320, 640, 1024, 1600] as const;
export const RENDITION_FORMATS = ['webp', 'jpeg', 'avif'] as const;
export type RenditionFormat = (typeof RENDITION_FORMATS)[number];

export interface Rendition {
  /** Null: the original width (only the format changes). */
  width: number | null;
  format: RenditionFormat;
}

export const RENDITION_MIME_TYPES: Record<RenditionFormat, string> = { webp: 'image/webp', jpeg: 'image/jpeg', avif: 'image/avif' };

/**
 * The rendition asked for by `?w=&format=`, or null for the original file. Anything off the lists
 * is the client's mistake (BAD_USER_INPUT on the parameter). Without a format, WebP.
 */
export function parseRendition(query: Record<string, unknown>): Rendition | null {
  const { w, format } = query;
  if (w === undefined && format === undefined) return null;
  let width: number | null = null;
  if (w !== undefined) {
    width = typeof w === 'string' && /^\d{1,5}$/.test(w) ? Number(w) : NaN;
    if (!(RENDITION_WIDTHS as readonly number[]).includes(width)) {
      throw invalidField('w', `w must be one of ${RENDITION_WIDTHS.join(', ')}`);
    }
  }
  if (format !== undefined && !(RENDITION_FORMATS as readonly unknown[]).includes(format)) {
    throw invalidField('format', `format must be one of ${RENDITION_FORMATS.join(', ')}`);
  }
  return { width, format: (format as RenditionFormat | undefined) ?? 'webp' };
}

export function renditionKey(sha256: string, rendition: Rendition): string {
  return `renditions/${sha256.slice(0, 2)}/${sha256}/${rendition.width ?? 'full'}.${rendition.format}`;
}

/** The formats as a GraphQL enum (the query string keeps the lower-case names). */
export enum RenditionFormatName {
  WEBP = 'webp',
  JPEG = 'jpeg',
  AVIF = 'avif',
}

registerEnumType(RenditionFormatName, { name: 'RenditionFormat', description: 'Format of a resized image' });

export interface RenditionLink {
  width: number;
  height: number;
  format: RenditionFormat;
  url: string;
}

/**
 * The whitelisted widths a raster image can fill without enlarging, with the height each keeps
 * (aspect ratio of the original) and its address. Empty for SVG, documents and tiny images.
 */
export function renditionsOf(url: string, original: { width: number | null; height: number | null }, format: RenditionFormat): RenditionLink[] {
  const { width, height } = original;
  if (!width || !height) return [];
  return RENDITION_WIDTHS.filter((candidate) => candidate <= width).map((candidate) => ({
    width: candidate,
    height: Math.max(1, Math.round((candidate * height) / width)),
    format,
    url: `${url}?w=${candidate}&format=${format}`,
  }));
}
