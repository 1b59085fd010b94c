import { ParseSpeeds, PDFArray, PDFContext, PDFDict, PDFDocument, PDFName, PDFObject, PDFRef, PDFStream } from 'pdf-lib';

/**
 * What the library reads from an uploaded PDF, and why it refuses one. Pure apart from pdf-lib, and
 * CPU-bound: pdf-lib parses the whole file, about 0.1 s per MB for an ordinary document but up to
 * 3 s per MB for a hostile or broken one, so the app calls this through PdfInspector, in a worker
 * thread with a time and memory budget.
 */
export type PdfInspection = { pageCount: number; title: string | null } | { refused: string };

export async function inspectPdf(bytes: Uint8Array): Promise<PdfInspection> {
  let pdf: PDFDocument;
  try {
    // In a worker nothing else waits: parse in one go instead of yielding every 100 objects.
    pdf = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, parseSpeed: ParseSpeeds.Fastest });
  } catch {
    return { refused: 'The PDF could not be read: it is damaged or not really a PDF' };
  }
  const active = findActiveContent(pdf.context);
  if (active) {
    return {
      refused: `This PDF contains ${active}, which is not accepted: a PDF may run no scripts or programs when it is opened or used. `
        + 'Export the document again as a plain PDF (PDF/A suits acts), or print it to PDF; for an official fillable form (CERFA), '
        + 'link to it on service-public.fr rather than uploading a copy.',
    };
  }
  let pageCount: number;
  try {
    pageCount = pdf.getPageCount();
  } catch {
    return { refused: 'The PDF could not be read: its page tree is damaged' };
  }
  return { pageCount, title: readTitle(pdf) };
}

function readTitle(pdf: PDFDocument): string | null {
  try {
    return pdf.getTitle()?.trim().slice(0, 500) || null;
  } catch {
    // An unreadable title (bad encoding, encrypted string) is no reason to refuse the document.
    return null;
  }
}

/**
 * A name as a reader understands it. pdf-lib decodes `#xx` escapes written in upper case only, and
 * readers accept `/J#73` as well as `/J#53` for `/JS`.
 */
function nameOf(name: PDFName): string {
  return name.decodeText().replace(/#([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Action types that run code: a script, or a program of the reader's computer. */
const ACTIVE_ACTIONS = new Map([
  ['JavaScript', 'a JavaScript action (/S /JavaScript)'],
  ['Launch', 'a Launch action (/S /Launch), which starts a program'],
]);

/** Keys whose mere presence means code that runs without the reader asking for it. */
const ACTIVE_KEYS = new Map([
  ['JS', 'JavaScript (/JS)'],
  ['JavaScript', 'document-level JavaScript (/Names /JavaScript)'],
  ['AA', 'additional actions (/AA), which run when the document, a page or a form field is opened or used'],
]);

/**
 * What in the document runs code (JavaScript, a Launch action, additional actions), named for the
 * uploader, or null. Every object counts, used or not, including those of earlier revisions and
 * of object streams: a reader may follow a reference we did not. An `/OpenAction` that only opens
 * a page at a zoom (as word processors write) is fine; one running a script is named as such.
 * Encrypted files: names and dictionaries are in clear, so scripts are found except inside
 * encrypted object streams, which pdf-lib cannot read.
 */
export function findActiveContent(context: PDFContext): string | null {
  const catalog = context.trailerInfo.Root ? context.lookup(context.trailerInfo.Root) : undefined;
  if (catalog instanceof PDFDict) {
    const action = catalog.get(PDFName.of('OpenAction'));
    const resolved = action instanceof PDFRef ? context.lookup(action) : action;
    const found = resolved instanceof PDFDict ? activeAction(resolved) : null;
    if (found) return `an /OpenAction running ${found} when the document opens`;
  }
  for (const [, object] of context.enumerateIndirectObjects()) {
    const finding = findIn(object, 0);
    if (finding) return finding;
  }
  return null;
}

/** What the action dictionary runs, named, or null when it is not an active action. */
function activeAction(dict: PDFDict): string | null {
  const type = dict.get(PDFName.of('S'));
  return type instanceof PDFName ? ACTIVE_ACTIONS.get(nameOf(type)) ?? null : null;
}

/** Direct objects nest in arrays and dictionaries; indirect ones are each visited once, at the top. */
const MAX_NESTING = 64;

function findIn(object: PDFObject | undefined, depth: number): string | null {
  if (depth > MAX_NESTING) return null;
  if (object instanceof PDFStream) return findIn(object.dict, depth + 1);
  if (object instanceof PDFArray) {
    for (let index = 0; index < object.size(); index++) {
      const finding = findIn(object.get(index), depth + 1);
      if (finding) return finding;
    }
    return null;
  }
  if (!(object instanceof PDFDict)) return null;
  const action = activeAction(object);
  if (action) return action;
  for (const [key, value] of object.entries()) {
    const active = ACTIVE_KEYS.get(nameOf(key));
    if (active) return active;
    const finding = findIn(value, depth + 1);
    if (finding) return finding;
  }
  return null;
}
