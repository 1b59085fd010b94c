import { MINIMAL_DOCX_ENTRIES, MINIMAL_ODT_ENTRIES, storedZip } from '../../test/fixtures/media/stored-zip';
import {
  centralDirectoryNames, contradiction, detectFileType, Detection, FILE_TYPES, isZip, locateCentralDirectory,
} from './file-detection';

const bytes = (...values: number[]): Buffer => Buffer.from(values);
const mimeOf = (detection: Detection): string => (detection.ok ? detection.type.mimeType : `refused: ${detection.reason}`);

function zipEntries(zip: Buffer): string[] | null {
  const location = locateCentralDirectory(zip.subarray(Math.max(0, zip.length - 65557)));
  return location && centralDirectoryNames(zip.subarray(location.offset, location.offset + location.size), location.entries);
}

describe('detectFileType', () => {
  it('recognises raster images and PDF by their magic numbers', () => {
    expect(mimeOf(detectFileType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10)))).toBe('image/jpeg');
    expect(mimeOf(detectFileType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0)))).toBe('image/png');
    expect(mimeOf(detectFileType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1')))).toBe('image/webp');
    expect(mimeOf(detectFileType(Buffer.from('\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf', 'latin1')))).toBe('image/avif');
    expect(mimeOf(detectFileType(Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1')))).toBe('application/pdf');
  });

  it('refuses HEIC, which shares the ISO box layout with AVIF', () => {
    expect(detectFileType(Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic', 'latin1')).ok).toBe(false);
  });

  it('refuses executables and scripts whatever they are called', () => {
    for (const head of [Buffer.from('MZ\x90\x00', 'latin1'), bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1), bytes(0xcf, 0xfa, 0xed, 0xfe), Buffer.from('#!/bin/sh\n')]) {
      expect(mimeOf(detectFileType(head))).toMatch(/refused: Executable/);
    }
  });

  it('recognises SVG by its root element, after a declaration, comments and whitespace', () => {
    expect(mimeOf(detectFileType(Buffer.from('\uFEFF<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg"/>')))).toBe('image/svg+xml');
    expect(detectFileType(Buffer.from('<html><svg></svg></html>')).ok).toBe(false);
  });

  it('recognises an SVG behind a DOCTYPE, with an internal subset or one longer than the bytes it reads (the SVG check then refuses it)', () => {
    expect(mimeOf(detectFileType(Buffer.from('<!DOCTYPE svg [<!ENTITY a "x">]>\n<svg xmlns="http://www.w3.org/2000/svg"/>')))).toBe('image/svg+xml');
    expect(mimeOf(detectFileType(Buffer.from(`<!DOCTYPE svg [${'<!ENTITY a "x">'.repeat(400)}`)))).toBe('image/svg+xml');
    expect(detectFileType(Buffer.from('<!DOCTYPE html [<!ENTITY a "x">]><html></html>')).ok).toBe(false);
    expect(detectFileType(Buffer.from('just some text')).ok).toBe(false);
  });

  it('tells DOCX, ODT and a plain ZIP apart by their entries', () => {
    const docx = storedZip(MINIMAL_DOCX_ENTRIES);
    expect(isZip(docx)).toBe(true);
    expect(mimeOf(detectFileType(docx, zipEntries(docx)))).toBe(FILE_TYPES.docx.mimeType);
    const xlsx = storedZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' });
    expect(mimeOf(detectFileType(xlsx, zipEntries(xlsx)))).toBe(FILE_TYPES.xlsx.mimeType);
    const odt = storedZip(MINIMAL_ODT_ENTRIES);
    expect(mimeOf(detectFileType(odt, null))).toBe(FILE_TYPES.odt.mimeType);
    const plain = storedZip({ 'setup.exe': 'MZ' });
    expect(mimeOf(detectFileType(plain, zipEntries(plain)))).toMatch(/refused: ZIP archives are not accepted/);
  });

  it('refuses office documents carrying macros', () => {
    const docm = storedZip({ ...MINIMAL_DOCX_ENTRIES, 'word/vbaProject.bin': 'macro' });
    expect(mimeOf(detectFileType(docm, zipEntries(docm)))).toMatch(/macros/);
  });

  it('refuses an empty file', () => {
    expect(mimeOf(detectFileType(Buffer.alloc(0)))).toMatch(/empty/);
  });
});

describe('contradiction', () => {
  it('accepts a name and a declared type that agree with the content, or no claim at all', () => {
    expect(contradiction(FILE_TYPES.jpeg, 'photo.JPEG', 'image/jpeg')).toBeNull();
    expect(contradiction(FILE_TYPES.jpeg, 'photo.jpg', 'image/pjpeg')).toBeNull();
    expect(contradiction(FILE_TYPES.png, 'sans-extension', 'application/octet-stream')).toBeNull();
    expect(contradiction(FILE_TYPES.docx, 'arrete.docx', 'application/zip')).toBeNull();
  });

  it('refuses a file whose extension or declared type says something else', () => {
    expect(contradiction(FILE_TYPES.png, 'acte.pdf', 'application/pdf')).toMatch(/content is image\/png but its name ends in \.pdf/);
    expect(contradiction(FILE_TYPES.png, 'logo.png', 'image/jpeg')).toMatch(/sent as image\/jpeg/);
  });
});

