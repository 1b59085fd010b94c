import { contentDisposition, MAX_FILE_NAME_LENGTH, sanitizeFileName } from './file-names';
import { etagMatches, ifRangeAllows, parseRange } from './http-ranges';
import { parseRendition, renditionKey } from './renditions';

describe('sanitizeFileName', () => {
  it('keeps only the last path segment, without control or bidi characters', () => {
    expect(sanitizeFileName('C:\\Users\\mairie\\Acte n°12.pdf', 'pdf')).toBe('Acte n°12.pdf');
    expect(sanitizeFileName('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
    expect(sanitizeFileName('fac\u0000ture\u202Efdp.png', 'png')).toBe('facturefdp.png');
    expect(sanitizeFileName('.htaccess', 'png')).toBe('htaccess.png');
  });

  it('gives a name to a nameless file and caps long names at 200 characters, keeping the extension', () => {
    expect(sanitizeFileName('', 'jpg')).toBe('fichier.jpg');
    const long = sanitizeFileName(`${'é'.repeat(300)}.pdf`, 'pdf');
    expect(long).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(long.endsWith('é.pdf')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('sends an ASCII fallback and the exact UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition('inline', 'Arrêté "voirie" (2026).pdf'))
      .toBe(`inline; filename="Arrete _voirie_ (2026).pdf"; filename*=UTF-8''Arr%C3%AAt%C3%A9%20%22voirie%22%20%282026%29.pdf`);
    expect(contentDisposition('attachment', 'formulaire.docx')).toBe(`attachment; filename="formulaire.docx"; filename*=UTF-8''formulaire.docx`);
  });
});

describe('parseRange', () => {
  it('reads one byte range, open-ended or suffix', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 });
  });

  it('sends the whole file for no header, malformed headers and several ranges', () => {
    expect(parseRange(undefined, 1000)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(parseRange('items=0-1', 1000)).toBeNull();
  });

  it('ignores invalid ranges (a last position before the first, or no position at all): the whole file is sent', () => {
    expect(parseRange('bytes=10-5', 1000)).toBeNull();
    expect(parseRange('bytes=5000-10', 1000)).toBeNull();
    expect(parseRange('bytes=-', 1000)).toBeNull();
  });

  it('answers 416 for ranges outside the file', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
  });
});

describe('etagMatches', () => {
  it('matches lists, weak forms and *', () => {
    expect(etagMatches('"a", "b"', '"b"')).toBe(true);
    expect(etagMatches('W/"b"', '"b"')).toBe(true);
    expect(etagMatches('*', '"b"')).toBe(true);
    expect(etagMatches('"c"', '"b"')).toBe(false);
    expect(etagMatches(undefined, '"b"')).toBe(false);
  });
});

describe('ifRangeAllows', () => {
  it('honours a range only under our exact strong ETag', () => {
    expect(ifRangeAllows(undefined, '"b"')).toBe(true);
    expect(ifRangeAllows(' "b" ', '"b"')).toBe(true);
    expect(ifRangeAllows('"c"', '"b"')).toBe(false);
    expect(ifRangeAllows('W/"b"', '"b"')).toBe(false);
    expect(ifRangeAllows('Wed, 21 Oct 2026 07:28:00 GMT', '"b"')).toBe(false);
  });
});

describe('parseRendition', () => {
  it('accepts whitelisted widths and formats, WebP by default', () => {
    expect(parseRendition({})).toBeNull();
    expect(parseRendition({ w: '640' })).toEqual({ width: 640, format: 'webp' });
    expect(parseRendition({ w: '160', format: 'avif' })).toEqual({ width: 160, format: 'avif' });
    expect(parseRendition({ format: 'jpeg' })).toEqual({ width: null, format: 'jpeg' });
    expect(renditionKey('ab'.repeat(32), { width: 320, format: 'jpeg' })).toBe(`renditions/ab/${'ab'.repeat(32)}/320.jpeg`);
  });

  it('refuses anything off the lists, naming the parameter', () => {
    expect(() => parseRendition({ w: '641' })).toThrow(expect.objectContaining({ details: { fields: [expect.objectContaining({ path: 'w' })] } }));
    expect(() => parseRendition({ w: ['640', '320'] })).toThrow(/w must be one of/);
    expect(() => parseRendition({ format: 'gif' })).toThrow(expect.objectContaining({ details: { fields: [expect.objectContaining({ path: 'format' })] } }));
  });
});
