export const MAX_FILE_NAME_LENGTH = 200;

/**
 * The name kept for an upload: no folder parts (a client may send `C:\\Users\\x\\acte.pdf` or
 * `../../etc/passwd`), no control or bidi-override characters, at most 200 characters with the
 * extension kept, and the canonical extension added when there is none.
 */
export function sanitizeFileName(raw: string, canonicalExtension: string): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (!/\.[A-Za-z0-9]{1,10}$/.test(name)) name = `${name || 'fichier'}.${canonicalExtension}`;
  if (name.length > MAX_FILE_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const extension = name.slice(dot);
    name = Array.from(name.slice(0, dot)).slice(0, MAX_FILE_NAME_LENGTH - extension.length).join('') + extension;
  }
  return name;
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the exact name as RFC 5987 `filename*`. */
export function contentDisposition(type: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
