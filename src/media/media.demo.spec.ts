import { PDFDocument } from 'pdf-lib';
import { demoAct } from './media.demo';

describe('demo acts', () => {
  it('are the same bytes every time (so seeding twice stores them once) and carry title and language', async () => {
    const act = { fileName: 'a.pdf', title: 'Arrêté municipal n° 2026-099', paragraphs: ['Article 1 : essai.'] };
    const [first, second] = [await demoAct(act), await demoAct(act)];
    expect(Buffer.compare(first, second)).toBe(0);
    const loaded = await PDFDocument.load(first, { updateMetadata: false });
    expect(loaded.getTitle()).toBe('Arrêté municipal n° 2026-099');
    expect(loaded.getPageCount()).toBe(1);
  });
});
