import { MediaKind } from './media-kind';

/**
 * What a file is, decided from its bytes (magic numbers), never from the name or the Content-Type a
 * client declares: those are only checked against it. Pure functions; the service reads the bytes.
 */
export interface FileType {
  mimeType: string;
  kind: MediaKind;
  /** Accepted extensions, the first one canonical. */
  extensions: readonly string[];
  /** Other Content-Types a client may honestly declare for it. */
  aliases?: readonly string[];
}

const ZIP_ALIASES = ['application/zip', 'application/x-zip-compressed'];

export const FILE_TYPES = {
  jpeg: { mimeType: 'image/jpeg', kind: MediaKind.IMAGE, extensions: ['jpg', 'jpeg'], aliases: ['image/jpg', 'image/pjpeg'] },
  png: { mimeType: 'image/png', kind: MediaKind.IMAGE, extensions: ['png'] },
  webp: { mimeType: 'image/webp', kind: MediaKind.IMAGE, extensions: ['webp'] },
  avif: { mimeType: 'image/avif', kind: MediaKind.IMAGE, extensions: ['avif'] },
  svg: { mimeType: 'image/svg+xml', kind: MediaKind.IMAGE, extensions: ['svg'], aliases: ['text/xml', 'application/xml'] },
  pdf: { mimeType: 'application/pdf', kind: MediaKind.DOCUMENT, extensions: ['pdf'], aliases: ['application/x-pdf'] },
  odt: { mimeType: 'application/vnd.oasis.opendocument.text', kind: MediaKind.DOCUMENT, extensions: ['odt'], aliases: ZIP_ALIASES },
  docx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', kind: MediaKind.DOCUMENT,
    extensions: ['docx'], aliases: ZIP_ALIASES,
  },
  xlsx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', kind: MediaKind.DOCUMENT,
    extensions: ['xlsx'], aliases: ZIP_ALIASES,
  },
} satisfies Record<string, FileType>;

export const ACCEPTED_EXTENSIONS = Object.values(FILE_TYPES).flatMap((type) => type.extensions);

/** How many leading bytes detection looks at. */
export const HEAD_BYTES = 4096;

export type Detection = { ok: true; type: FileType } | { ok: false; reason: string };

const refuse = (reason: string): Detection => ({ ok: false, reason });
const found = (type: FileType): Detection => ({ ok: true, type });

const startsWith = (head: Buffer, bytes: number[], offset = 0): boolean =>
  head.length >= offset + bytes.length && bytes.every((byte, index) => head[offset + index] === byte);
const ascii = (head: Buffer, start: number, end: number): string => head.subarray(start, end).toString('latin1');

export function isZip(head: Buffer): boolean {
  return startsWith(head, [0x50, 0x4b, 0x03, 0x04]);
}

function isExecutable(head: Buffer): boolean {
  return startsWith(head, [0x4d, 0x5a]) // MZ: Windows PE
    || startsWith(head, [0x7f, 0x45, 0x4c, 0x46]) // ELF
    || [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(head.length >= 4 ? head.readUInt32BE(0) : -1) // Mach-O
    || startsWith(head, [0x23, 0x21]); // #! script
}

function isAvif(head: Buffer): boolean {
  if (head.length < 16 || ascii(head, 4, 8) !== 'ftyp') return false;
  const boxSize = Math.min(head.readUInt32BE(0), head.length);
  const brands = [ascii(head, 8, 12)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(head, offset, offset + 4));
  return brands.includes('avif') || brands.includes('avis');
}

/** The name of the first element, skipping the XML declaration, comments and a doctype; null if not markup. */
function rootElement(text: string): string | null {
  let rest = text.replace(/^\uFEFF/, '');
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('<?')) rest = rest.slice(rest.indexOf('?>') + 2 || rest.length);
    else if (rest.startsWith('<!--')) rest = rest.slice(rest.indexOf('-->') + 3 || rest.length);
    else if (/^<!doctype/i.test(rest)) {
      // An internal subset (`<!DOCTYPE svg [<!ENTITY …>]>`) holds '>' of its own: skip to its ']>'.
      const doctype = /^<!doctype[^[>]*(?:\[[\s\S]*?\]\s*)?>/i.exec(rest);
      // Unfinished within the first bytes: the name it declares is the root element's.
      if (!doctype) return /^<!doctype\s+([A-Za-z_][\w.:-]*)/i.exec(rest)?.[1] ?? null;
      rest = rest.slice(doctype[0].length);
    }
    else break;
    if (rest.length === 0) return null;
  }
  const match = /^<([A-Za-z_][\w.:-]*)/.exec(rest);
  return match ? match[1] : null;
}

/** ODF puts an uncompressed `mimetype` entry first, so the type is readable from the first bytes. */
function odfMimeType(head: Buffer): string | null {
  if (head.length < 30 || head.readUInt16LE(8) !== 0) return null;
  const nameLength = head.readUInt16LE(26);
  const extraLength = head.readUInt16LE(28);
  if (ascii(head, 30, 30 + nameLength) !== 'mimetype') return null;
  const start = 30 + nameLength + extraLength;
  return ascii(head, start, start + Math.min(head.readUInt32LE(18), 100));
}

function detectZip(head: Buffer, entries: readonly string[] | null): Detection {
  if (odfMimeType(head) === FILE_TYPES.odt.mimeType) return found(FILE_TYPES.odt);
  if (!entries) return refuse('This archive could not be read');
  const names = new Set(entries);
  if (names.has('[Content_Types].xml')) {
    if (entries.some((name) => /vbaProject\.bin$/i.test(name))) return refuse('Office files with macros are not accepted');
    if (names.has('word/document.xml')) return found(FILE_TYPES.docx);
    if (names.has('xl/workbook.xml')) return found(FILE_TYPES.xlsx);
  }
  return refuse('ZIP archives are not accepted: only ODT, DOCX and XLSX documents');
}

/**
 * The type of a file from its first bytes (`head`, up to HEAD_BYTES) and, for a ZIP, the names of
 * its entries (from the central directory; null when it could not be read).
 */
export function detectFileType(head: Buffer, zipEntries: readonly string[] | null = null): Detection {
  if (head.length === 0) return refuse('The file is empty');
  if (startsWith(head, [0xff, 0xd8, 0xff])) return found(FILE_TYPES.jpeg);
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return found(FILE_TYPES.png);
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return found(FILE_TYPES.webp);
  if (isAvif(head)) return found(FILE_TYPES.avif);
  if (ascii(head, 0, 5) === '%PDF-') return found(FILE_TYPES.pdf);
  if (isZip(head)) return detectZip(head, zipEntries);
  if (isExecutable(head)) return refuse('Executable files and scripts are not accepted');
  if (!head.includes(0) && rootElement(head.toString('utf8'))?.toLowerCase() === 'svg') return found(FILE_TYPES.svg);
  return refuse(`Unsupported file type: accepted are ${ACCEPTED_EXTENSIONS.join(', ')}`);
}

export function extensionOf(fileName: string): string | null {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(fileName);
  return match ? match[1].toLowerCase() : null;
}

const GENERIC_DECLARED_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/**
 * Why the name or declared type contradicts the detected content (a program renamed .pdf, a PNG
 * sent as image/jpeg), or null when they agree. A generic declared type is no claim at all.
 */
export function contradiction(type: FileType, fileName: string, declaredType: string | undefined): string | null {
  const extension = extensionOf(fileName);
  if (extension !== null && !type.extensions.includes(extension)) {
    return `The file's content is ${type.mimeType} but its name ends in .${extension}`;
  }
  const declared = (declaredType ?? '').split(';')[0].trim().toLowerCase();
  if (!GENERIC_DECLARED_TYPES.has(declared) && declared !== type.mimeType && !(type.aliases ?? []).includes(declared)) {
    return `The file's content is ${type.mimeType} but it was sent as ${declared}`;
  }
  return null;
}

// ---- ZIP central directory ------------------------------------------------------------------------

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;
/** End-of-central-directory record (22 bytes) plus the longest archive comment. */
export const ZIP_TAIL_BYTES = 22 + 0xffff;

export interface CentralDirectoryLocation {
  offset: number;
  size: number;
  entries: number;
}

/** Where the central directory is, from the last bytes of the archive (up to ZIP_TAIL_BYTES). */
export function locateCentralDirectory(tail: Buffer): CentralDirectoryLocation | null {
  for (let index = tail.length - 22; index >= 0; index--) {
    if (tail.readUInt32LE(index) === EOCD_SIGNATURE) {
      return { entries: tail.readUInt16LE(index + 10), size: tail.readUInt32LE(index + 12), offset: tail.readUInt32LE(index + 16) };
    }
  }
  return null;
}

/** Entry names listed in a central directory; stops at the first malformed record. */
export function centralDirectoryNames(directory: Buffer, entries: number): string[] {
  const names: string[] = [];
  let offset = 0;
  while (names.length < entries && offset + 46 <= directory.length && directory.readUInt32LE(offset) === CENTRAL_ENTRY_SIGNATURE) {
    const nameLength = directory.readUInt16LE(offset + 28);
    const extraLength = directory.readUInt16LE(offset + 30);
    const commentLength = directory.readUInt16LE(offset + 32);
    names.push(directory.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
