import { randomBytes } from 'node:crypto';
import { PDFDict, PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';

/**
 * PDFs that the media library must refuse or must survive: scripts in their usual places, and files
 * that cost pdf-lib a lot of time or memory. Each call gives new bytes (hence a new media).
 */

/** How a script is attached to a document. */
export type ScriptPlace = 'open-action' | 'names-tree' | 'page-additional-actions' | 'link-annotation' | 'launch';

/** A one-page PDF made with pdf-lib whose script sits at `place` (in an object stream unless `plain`). */
export async function pdfWithScript(place: ScriptPlace, options: { plain?: boolean } = {}): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const page = document.addPage([595, 842]);
  page.drawText(`Délibération ${randomBytes(4).toString('hex')}`, { x: 50, y: 780, size: 12, font });
  const { context, catalog } = document;
  const script = (): PDFDict => context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("bonjour")') });
  switch (place) {
    case 'open-action':
      catalog.set(PDFName.of('OpenAction'), context.register(script()));
      break;
    case 'names-tree':
      catalog.set(PDFName.of('Names'), context.obj({ JavaScript: context.obj({ Names: [PDFString.of('init'), context.register(script())] }) }));
      break;
    case 'page-additional-actions':
      page.node.set(PDFName.of('AA'), context.obj({ O: script() }));
      break;
    case 'link-annotation': {
      const link = context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [50, 700, 200, 720], A: script() });
      page.node.set(PDFName.of('Annots'), context.obj([context.register(link)]));
      break;
    }
    case 'launch':
      catalog.set(PDFName.of('OpenAction'), context.obj({ S: 'Launch', F: PDFString.of('calc.exe') }));
      break;
  }
  return Buffer.from(await document.save({ useObjectStreams: !options.plain }));
}

/**
 * A PDF written by hand, objects in order with a correct cross-reference table. `extra` objects are
 * numbered from 4 on; the catalog gets `catalogEntries` (e.g. `/OpenAction 4 0 R`).
 */
export function handmadePdf(catalogEntries = '', extra: string[] = []): Buffer {
  const bodies = [
    `<< /Type /Catalog /Pages 2 0 R ${catalogEntries}>>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Nonce (${randomBytes(6).toString('hex')}) >>`,
    ...extra,
  ];
  let text = '%PDF-1.7\n';
  const offsets: number[] = [];
  bodies.forEach((body, index) => {
    offsets.push(Buffer.byteLength(text, 'latin1'));
    text += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(text, 'latin1');
  text += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

/**
 * A PDF whose body is `megabytes` of noise between its objects: pdf-lib reads it byte by byte
 * looking for objects (about 1.5 to 3 s per MB on one core), the cost of a damaged or hostile file.
 */
export function slowPdf(megabytes: number): Buffer {
  const noise = randomBytes(Math.round(megabytes * 1024 * 1024)).toString('latin1').replace(/obj|stream|trailer|xref|%%EOF/g, 'xx');
  const page = handmadePdf();
  const head = page.subarray(0, page.indexOf('xref\n'));
  return Buffer.concat([head, Buffer.from(noise, 'latin1'), Buffer.from('\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1')]);
}

/** A PDF holding one array of `megabytes` of numbers: pdf-lib keeps an object per number (about 45 MB of heap per MB). */
export function memoryHungryPdf(megabytes: number): Buffer {
  const numbers = '1 2.5 3 '.repeat(Math.round((megabytes * 1024 * 1024) / 8));
  return handmadePdf('', [`[${numbers}]`]);
}
