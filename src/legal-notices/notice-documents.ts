import { LegalNoticeDocumentValue } from './legal-notice.entity';
import { RuleViolation } from './legal-rules';

/** What a document needs from its media library file. */
export interface AttachedFile {
  sha256: string;
  /** The library's address of the file. */
  url: string;
}

export interface DocumentDraft {
  title: string;
  url?: string | null;
  sha256?: string | null;
  mediaId?: string | null;
}

/**
 * The stored documents of a notice from the input, `files` holding the media of each `mediaId`
 * (already checked to exist and be documents). A file of the library brings its own SHA-256, which
 * the fingerprint covers: a different one given by the client is refused rather than silently
 * replaced, since it means the client is not attaching the file it thinks.
 */
export function documentValues(drafts: readonly DocumentDraft[], files: ReadonlyMap<string, AttachedFile>):
  { values: LegalNoticeDocumentValue[]; violations: RuleViolation[] } {
  const violations: RuleViolation[] = [];
  const values = drafts.map((draft, index): LegalNoticeDocumentValue => {
    const given = draft.sha256?.toLowerCase() ?? null;
    const file = draft.mediaId ? files.get(draft.mediaId) : undefined;
    if (!file) {
      if (!draft.url) {
        violations.push({ field: `documents.${index}.url`, message: 'Give the https address of the file, or attach a document of the media library (mediaId)' });
      }
      return { title: draft.title.trim(), url: draft.url ?? '', sha256: given, mediaId: null };
    }
    if (given !== null && given !== file.sha256) {
      violations.push({
        field: `documents.${index}.sha256`,
        message: `This SHA-256 is not the one of the attached file (${file.sha256}): leave sha256 out to use the file's`,
      });
    }
    return { title: draft.title.trim(), url: draft.url ?? file.url, sha256: file.sha256, mediaId: draft.mediaId ?? null };
  });
  return { values, violations };
}

/**
 * Before publication every document must have its SHA-256, so that the fingerprint vouches for the
 * files as well as the text (DOMAIN: the published act must be verifiable). A file of the media
 * library always has one; a file kept elsewhere needs it given.
 */
export function unverifiableDocuments(documents: readonly Pick<LegalNoticeDocumentValue, 'sha256'>[]): RuleViolation[] {
  return documents.flatMap((document, index) => (document.sha256 ? [] : [{
    field: `documents.${index}.sha256`,
    message: 'A published document must be verifiable: attach it from the media library (mediaId), or give its SHA-256',
  }]));
}
