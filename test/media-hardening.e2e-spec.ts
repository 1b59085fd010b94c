import request from 'supertest';
import { PdfInspector } from '../src/media/pdf-inspector';
import { loginAs, RELAXED_RATE_LIMITS } from './support/auth-helpers';
import { firstGqlError, GqlBody, refusalOf } from './support/gql-helpers';
import { memoryHungryPdf, pdfWithScript, slowPdf } from './support/hostile-pdfs';
import { countMedia, pdf, png, postMedia } from './support/media-helpers';
import { createTestApp, TestApp } from './support/test-app';

interface MediaShape { id: string; url: string; sha256: string; version: number; size: number; alt: string | null }
interface Versioned { id: string; version: number }

const UPDATE_MEDIA = `mutation($id: ID!, $v: Int!, $alt: String, $focal: FocalPointInput) {
  updateMedia(id: $id, version: $v, alt: $alt, focalPoint: $focal) { id version alt focalPoint { x y } } }`;
const MEDIA = 'query($id: ID!) { media(id: $id) { version alt focalPoint { x y } } }';

/** What an upload refusal says on `file` (REST problem+json). */
function fileRefusal(res: request.Response): { status: number; code: string; message: string } {
  const body = res.body as { code: string; errors?: { path: string; message: string }[] };
  const error = body.errors?.find((entry) => entry.path === 'file');
  return { status: res.status, code: body.code, message: error?.message ?? JSON.stringify(body) };
}

describe('media hardening (issue 11): contributor rights, PDF inspection off the main thread, scripts, ranges, DOCTYPE', () => {
  let t: TestApp;
  let editor: string;
  let contributor: string;
  let colour = 0x203040;

  beforeAll(async () => {
    // A generous PDF budget: the slow file below must be read, however loaded the machine.
    t = await createTestApp({ ...RELAXED_RATE_LIMITS, MEDIA_PDF_CHECK_TIMEOUT_MS: '300000' });
    editor = await loginAs(t, 'editor');
    contributor = await loginAs(t, 'contributor');
  });
  afterAll(async () => {
    await t.close();
  });

  async function gql(query: string, variables: Record<string, unknown>, token: string): Promise<GqlBody> {
    return (await t.gql(query, variables, token)).body as GqlBody;
  }

  async function picture(): Promise<MediaShape> {
    colour += 0x030201;
    const res = await postMedia(t, await png(64, 48, `#${colour.toString(16).padStart(6, '0')}`), 'place.png', {
      token: editor, fields: { alt: 'La place de la mairie' },
    });
    expect(res.status).toBe(201);
    return res.body as MediaShape;
  }

  async function pageShowing(image: MediaShape, title: string, publish: boolean): Promise<Versioned> {
    const created = await gql('mutation($input: CreatePageInput!) { createPage(input: $input) { id version } }',
      { input: { title, imageMediaId: image.id } }, editor);
    const page = created.data?.createPage as Versioned;
    expect(page).toBeDefined();
    if (!publish) return page;
    const published = await gql('mutation($id: ID!, $v: Int!) { publishPage(id: $id, version: $v) { id version status } }',
      { id: page.id, v: page.version }, editor);
    expect(published.data?.publishPage).toMatchObject({ status: 'PUBLISHED' });
    return published.data?.publishPage as Versioned;
  }

  describe('point 7: a contributor changes only files that no published content shows', () => {
    it('refuses a contributor\'s updateMedia on an image a published page shows, with FORBIDDEN naming the page, and changes nothing', async () => {
      const image = await picture();
      const page = await pageShowing(image, 'Horaires de la mairie', true);
      for (const variables of [{ alt: 'Texte changé par un contributeur' }, { focal: { x: 0.2, y: 0.8 } }]) {
        const body = await gql(UPDATE_MEDIA, { id: image.id, v: image.version, ...variables }, contributor);
        expect(refusalOf(body).code).toBe('FORBIDDEN');
        const { message } = firstGqlError(body);
        expect(message).toContain('This file is shown by published content');
        expect(message).toContain(`page « Horaires de la mairie » (id ${page.id}, field imageMediaId)`);
        expect(message).toMatch(/only an editor or an administrator may change it/);
      }
      const now = await gql(MEDIA, { id: image.id }, editor);
      expect(now.data?.media).toEqual({ version: image.version, alt: 'La place de la mairie', focalPoint: null });
    });

    it('lets a contributor change an image that only drafts use, or nothing uses', async () => {
      const draftOnly = await picture();
      await pageShowing(draftOnly, 'Brouillon illustré', false);
      const unused = await picture();
      for (const image of [draftOnly, unused]) {
        const body = await gql(UPDATE_MEDIA, { id: image.id, v: image.version, alt: 'Description par un contributeur' }, contributor);
        expect(body.data?.updateMedia).toMatchObject({ alt: 'Description par un contributeur', version: image.version + 1 });
      }
    });

    it('lets an editor change an image a published page shows, and a contributor once the page is unpublished', async () => {
      const image = await picture();
      const page = await pageShowing(image, 'Salle des fêtes', true);
      const byEditor = await gql(UPDATE_MEDIA, { id: image.id, v: image.version, alt: 'La salle des fêtes rénovée' }, editor);
      expect(byEditor.data?.updateMedia).toMatchObject({ alt: 'La salle des fêtes rénovée', version: image.version + 1 });
      const unpublished = await gql('mutation($id: ID!, $v: Int!) { unpublishPage(id: $id, version: $v) { status } }',
        { id: page.id, v: page.version }, editor);
      expect(unpublished.data?.unpublishPage).toEqual({ status: 'DRAFT' });
      const byContributor = await gql(UPDATE_MEDIA, { id: image.id, v: image.version + 1, focal: { x: 0.5, y: 0.25 } }, contributor);
      expect(byContributor.data?.updateMedia).toMatchObject({ focalPoint: { x: 0.5, y: 0.25 } });
    });

    it('still refuses deleteMedia to a contributor (deleting is for editors and admins)', async () => {
      const image = await picture();
      const body = await gql('mutation($id: ID!, $v: Int!) { deleteMedia(id: $id, version: $v) { id } }', { id: image.id, v: image.version }, contributor);
      expect(refusalOf(body).code).toBe('FORBIDDEN');
    });
  });

  describe('point 8: PDFs are inspected off the main thread', () => {
    it('keeps answering /health/live while a slow PDF is being inspected', async () => {
      const inspector = t.app.get(PdfInspector);
      const inspect = inspector.inspect.bind(inspector);
      let inspecting = false;
      let inspections = 0;
      const spy = jest.spyOn(inspector, 'inspect').mockImplementation(async (path: string) => {
        inspecting = true;
        inspections++;
        try {
          return await inspect(path);
        } finally {
          inspecting = false;
        }
      });
      try {
        let finished = false;
        // The test's client shares the server's event loop: an answer read while the inspection
        // runs proves the loop was free. About 1.5 to 3 s of pdf-lib work for this file.
        const upload = postMedia(t, slowPdf(1), 'registre-abime.pdf', { token: editor })
          .then((res) => res)
          .finally(() => {
            finished = true;
          });
        let answeredDuringInspection = 0;
        while (!finished) {
          await t.http().get('/health/live').expect(200);
          if (inspecting) answeredDuringInspection++;
        }
        expect((await upload).status).toBe(201);
        expect(inspections).toBe(1);
        expect(answeredDuringInspection).toBeGreaterThanOrEqual(5);
      } finally {
        spy.mockRestore();
      }
    });

    it('still reads the page count and title of an ordinary PDF', async () => {
      const res = await postMedia(t, await pdf({ title: 'Compte rendu du conseil', pages: 3 }), 'compte-rendu.pdf', { token: editor }).expect(201);
      expect(res.body).toMatchObject({ pageCount: 3, title: 'Compte rendu du conseil' });
    });
  });

  describe('point 12: PDFs with scripts are refused', () => {
    it.each([
      ['a JavaScript /OpenAction', 'open-action' as const, /^This PDF contains an \/OpenAction running a JavaScript action \(\/S \/JavaScript\) when the document opens, which is not accepted/],
      ['document-level JavaScript', 'names-tree' as const, /^This PDF contains .*JavaScript/],
      ['additional actions (/AA) on a page', 'page-additional-actions' as const, /^This PDF contains additional actions \(\/AA\)/],
      ['a JavaScript link', 'link-annotation' as const, /^This PDF contains a JavaScript action \(\/S \/JavaScript\)/],
    ])('refuses %s with BAD_USER_INPUT on file, naming it, and keeps nothing', async (_name, place, message) => {
      const before = await countMedia(t);
      const res = await postMedia(t, await pdfWithScript(place), 'deliberation.pdf', { token: editor });
      expect(fileRefusal(res)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', message: expect.stringMatching(message) });
      expect(await countMedia(t)).toBe(before);
    });
  });

  describe('point 12: conditional and invalid ranges', () => {
    let file: MediaShape;
    let etag: string;
    beforeAll(async () => {
      file = await picture();
      etag = `"${file.sha256}"`;
    });
    const get = (): request.Test => t.http().get(file.url).set('Authorization', `Bearer ${editor}`).buffer(true);

    it('sends the whole file (200) when If-Range does not match the current ETag, or is a date', async () => {
      for (const ifRange of ['"an-old-etag"', `W/${etag}`, 'Wed, 21 Oct 2026 07:28:00 GMT']) {
        const res = await get().set('Range', 'bytes=0-7').set('If-Range', ifRange).expect(200);
        expect(res.headers['content-length']).toBe(String(file.size));
        expect(res.headers['content-range']).toBeUndefined();
      }
    });

    it('honours the range (206) when If-Range is the current ETag', async () => {
      const res = await get().set('Range', 'bytes=0-7').set('If-Range', etag).expect(206);
      expect(res.headers['content-range']).toBe(`bytes 0-7/${file.size}`);
    });

    it('ignores a reversed range (bytes=10-5) and sends the whole file', async () => {
      const res = await get().set('Range', 'bytes=10-5').expect(200);
      expect(res.headers['content-length']).toBe(String(file.size));
    });
  });

  describe('point 12: an SVG with a DOCTYPE is refused, naming it', () => {
    const drawing = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    it.each([
      ['an internal subset with entities', `<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${drawing}`,
        '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'],
      ['the SVG 1.1 public DOCTYPE', `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${drawing}`,
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'],
    ])('refuses %s with BAD_USER_INPUT on file, quoting the DOCTYPE', async (_name, svg, quoted) => {
      const res = await postMedia(t, Buffer.from(svg), 'blason.svg', { token: editor, contentType: 'image/svg+xml', fields: { alt: 'Blason' } });
      expect(fileRefusal(res)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
      expect(fileRefusal(res).message).toContain(`This SVG contains a DOCTYPE declaration (${quoted}), which is not accepted`);
    });
  });
});

describe('PDF inspection budget (MEDIA_PDF_CHECK_TIMEOUT_MS, MEDIA_PDF_CHECK_MEMORY_MB)', () => {
  it('refuses a PDF that cannot be read within the time budget, then reads the next one', async () => {
    const t = await createTestApp({ MEDIA_PDF_CHECK_TIMEOUT_MS: '1000' });
    try {
      const editor = await loginAs(t, 'editor');
      const before = await countMedia(t);
      const res = await postMedia(t, slowPdf(4), 'scan-abime.pdf', { token: editor });
      expect(fileRefusal(res)).toMatchObject({
        status: 400, code: 'BAD_USER_INPUT', message: expect.stringMatching(/^This PDF could not be read within 1 s, the time allowed to check one file/),
      });
      expect(await countMedia(t)).toBe(before);
      // The worker stopped in the middle of that file; a new one reads the next.
      await postMedia(t, await pdf({ title: 'Arrêté 2026-012' }), 'arrete.pdf', { token: editor }).expect(201);
    } finally {
      await t.close();
    }
  });

  it('refuses a PDF that needs more memory than the budget, then reads the next one', async () => {
    const t = await createTestApp({ MEDIA_PDF_CHECK_MEMORY_MB: '64', MEDIA_PDF_CHECK_TIMEOUT_MS: '300000' });
    try {
      const editor = await loginAs(t, 'editor');
      const res = await postMedia(t, memoryHungryPdf(6), 'tableau.pdf', { token: editor });
      expect(fileRefusal(res)).toMatchObject({
        status: 400, code: 'BAD_USER_INPUT', message: expect.stringMatching(/^This PDF needs more than 64 MB of memory to be read/),
      });
      await postMedia(t, await pdf({ title: 'Arrêté 2026-013' }), 'arrete.pdf', { token: editor }).expect(201);
    } finally {
      await t.close();
    }
  });
});
