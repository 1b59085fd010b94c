import { PDFDocument, PDFName } from 'pdf-lib';
import { handmadePdf, pdfWithScript, ScriptPlace } from '../../test/support/hostile-pdfs';
import { inspectPdf } from './pdf-inspection';

const refusalOf = async (bytes: Uint8Array): Promise<string> => {
  const inspection = await inspectPdf(bytes);
  if (!('refused' in inspection)) throw new Error(`accepted: ${JSON.stringify(inspection)}`);
  return inspection.refused;
};

describe('inspectPdf', () => {
  it('reads the page count and title of an ordinary document', async () => {
    const document = await PDFDocument.create();
    document.setTitle('  Délibération 2026-003  ');
    document.addPage();
    document.addPage();
    expect(await inspectPdf(await document.save())).toEqual({ pageCount: 2, title: 'Délibération 2026-003' });
  });

  it('accepts an /OpenAction that only opens the first page at a zoom, as word processors write it', async () => {
    const document = await PDFDocument.create();
    const page = document.addPage();
    document.catalog.set(PDFName.of('OpenAction'), document.context.obj([page.ref, 'Fit']));
    expect(await inspectPdf(await document.save())).toEqual({ pageCount: 1, title: null });
  });

  it.each<[ScriptPlace, RegExp]>([
    ['open-action', /an \/OpenAction running a JavaScript action \(\/S \/JavaScript\) when the document opens/],
    ['names-tree', /document-level JavaScript \(\/Names \/JavaScript\)|JavaScript action/],
    ['page-additional-actions', /additional actions \(\/AA\)/],
    ['link-annotation', /JavaScript action \(\/S \/JavaScript\)/],
    ['launch', /an \/OpenAction running a Launch action/],
  ])('refuses a PDF with a script attached as %s, naming it', async (place, finding) => {
    for (const plain of [false, true]) {
      const refused = await refusalOf(await pdfWithScript(place, { plain }));
      expect(refused).toMatch(finding);
      expect(refused).toMatch(/^This PDF contains .* which is not accepted/);
    }
  });

  it('finds a script whose names are written with #xx escapes, in lower or upper case', async () => {
    expect(await refusalOf(handmadePdf('/OpenAction 4 0 R', ['<< /S /J#61vaScript /J#53 (app.alert(1)) >>']))).toMatch(/\/OpenAction running a JavaScript/);
    expect(await refusalOf(handmadePdf('', ['<< /Type /Annot /#4aS (app.alert(1)) >>']))).toMatch(/JavaScript \(\/JS\)/);
  });

  it('refuses a file that is not a PDF past its first bytes', async () => {
    expect(await refusalOf(Buffer.from('%PDF-1.7\nnothing here'))).toMatch(/could not be read/);
  });
});
