import { createHash } from 'node:crypto';

/**
 * The integrity fingerprint of a published legal notice, so that anyone can check that what they
 * read (or downloaded) is what the commune published.
 *
 * Algorithm "sha256 of canonical JSON v1":
 * 1. Build the object
 *    `{ kind, reference, title, text, actDate, signatory: { name, role }, publishedAt, documents }`
 *    where `kind` is the lower-case kind (`arrete`), `text` the Markdown text as stored, `actDate`
 *    `YYYY-MM-DD`, `publishedAt` ISO 8601 in UTC with milliseconds (`2026-11-23T10:15:00.000Z`) and
 *    `documents` the attached documents' SHA-256 in order (lower-case hex; for a file of the media
 *    library, the library's SHA-256 of the bytes it serves; publication requires one for every
 *    document, so `null` only appears in notices published before that rule).
 * 2. Serialise it as canonical JSON: object keys sorted by code point at every level, no whitespace,
 *    strings escaped as JSON.stringify does (the RFC 8785 form for data without numbers).
 * 3. Hash the UTF-8 bytes with SHA-256; the fingerprint is the lower-case hex digest.
 */
export const FINGERPRINT_ALGORITHM = 'sha256 of canonical JSON v1';

export interface FingerprintSubstance {
  kind: string;
  reference: string;
  title: string;
  text: string;
  actDate: string;
  signatory: { name: string; role: string };
  publishedAt: Date;
  documentSha256: (string | null)[];
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with sorted keys and no whitespace: one text for one value. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The exact text that is hashed; exposed by the API so anyone can recompute the fingerprint. */
export function fingerprintPayload(substance: FingerprintSubstance): string {
  return canonicalJson({
    kind: substance.kind,
    reference: substance.reference,
    title: substance.title,
    text: substance.text,
    actDate: substance.actDate,
    signatory: { name: substance.signatory.name, role: substance.signatory.role },
    publishedAt: substance.publishedAt.toISOString(),
    documents: substance.documentSha256.map((sha) => sha?.toLowerCase() ?? null),
  });
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function computeFingerprint(substance: FingerprintSubstance): string {
  return sha256Hex(fingerprintPayload(substance));
}
