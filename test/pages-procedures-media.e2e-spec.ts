import { MINIMAL_DOCX_ENTRIES, storedZip } from './fixtures/media/stored-zip';
import { loginAs } from './support/auth-helpers';
import { PAGE, PROCEDURE, publishItem, tryChange, tryCreate, tryUpdate } from './support/content-factories';
import { GqlBody, refusalOf } from './support/gql-helpers';
import { pdf, png, uploadMedia } from './support/media-helpers';
import { countQueries } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const UNKNOWN_MEDIA = '6f1c2a1e-0000-4000-8000-00000000abcd';

const MEDIA_FIELDS = 'id url kind mimeType alt srcset';
const PAGE_FIELDS = `id path version status imageMediaId image { ${MEDIA_FIELDS} } attachments { title mediaId media { ${MEDIA_FIELDS} } }`;
const SHEET_FIELDS = `id slug version status onlineServices { name url kind cerfaNumber mediaId media { ${MEDIA_FIELDS} } }`;

interface MediaShape { id: string; url: string; kind: string; mimeType: string; alt: string | null; srcset: string | null; version: number }
interface Attachment { title: string; mediaId: string; media: MediaShape | null }
interface PageShape { id: string; path: string; version: number; status: string; imageMediaId: string | null; image: MediaShape | null; attachments: Attachment[] }
interface OnlineServiceShape { name: string; url: string; kind: string; cerfaNumber: string | null; mediaId: string | null; media: MediaShape | null }
interface SheetShape { id: string; slug: string; version: number; status: string; onlineServices: OnlineServiceShape[] }

/** A one-page PDF showing its title. */
const titledPdf = (title: string): Promise<Buffer> => pdf({ title, text: title });

describe('pages and procedure sheets with files of the media library', () => {
  let t: TestApp;
  let editor: string;
  let counter = 0;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer, filename: string, fields: Record<string, string> = {}): Promise<MediaShape> =>
    uploadMedia(t, bytes, filename, { token: editor, fields });

  const image = async (colour: string, alt = `Illustration ${colour}`): Promise<MediaShape> =>
    upload(await png(800, 300, colour), `bandeau-${colour.slice(1)}.png`, { alt });

  async function gql(query: string, variables: Record<string, unknown>, token: string | undefined = editor): Promise<GqlBody> {
    return (await t.gql(query, variables, token)).body as GqlBody;
  }

  const createPage = (input: Record<string, unknown>): Promise<GqlBody> => {
    counter += 1;
    return tryCreate(t, editor, PAGE, { title: `Page avec fichiers ${counter}`, ...input }, { fields: PAGE_FIELDS });
  };
  const updatePage = (page: { id: string; version: number }, input: Record<string, unknown>): Promise<GqlBody> =>
    tryUpdate(t, editor, PAGE, page, input, { fields: PAGE_FIELDS });
  const publishPage = (page: { id: string; version: number }): Promise<GqlBody> => tryChange(t, editor, PAGE, 'publish', page, { fields: PAGE_FIELDS });

  function pageOf(body: GqlBody, mutation: string): PageShape {
    expect(body.errors).toBeUndefined();
    return body.data?.[mutation] as PageShape;
  }

  async function storedPage(id: string): Promise<{ version: number; image: string | null; attachments: unknown[] }> {
    const [row] = await t.dataSource.query('SELECT version, image_media_id AS image, attachments FROM pages WHERE id = $1', [id]);
    return row;
  }

  describe('pages', () => {
    it('gives a page an image and ordered attachments, read back through GraphQL and REST with url, alt and type', async () => {
      const banner = await image('#2a9d8f', 'Vue du cimetière communal');
      const regulations = await upload(await titledPdf('Règlement du cimetière'), 'reglement-cimetiere.pdf');
      const application = await upload(storedZip(MINIMAL_DOCX_ENTRIES), 'demande-concession.docx');
      const draft = pageOf(await createPage({
        slug: 'cimetiere',
        imageMediaId: banner.id,
        attachments: [{ title: '  Règlement du cimetière  ', mediaId: regulations.id }, { title: 'Demande de concession', mediaId: application.id }],
      }), 'createPage');

      expect(draft.image).toEqual({ id: banner.id, url: banner.url, kind: 'IMAGE', mimeType: 'image/png', alt: 'Vue du cimetière communal', srcset: expect.stringContaining(`${banner.url}?w=320&format=webp 320w`) });
      expect(draft.attachments).toEqual([
        { title: 'Règlement du cimetière', mediaId: regulations.id, media: expect.objectContaining({ id: regulations.id, url: regulations.url, kind: 'DOCUMENT', mimeType: 'application/pdf' }) },
        { title: 'Demande de concession', mediaId: application.id, media: expect.objectContaining({ id: application.id, kind: 'DOCUMENT', mimeType: DOCX_MIME }) },
      ]);
      const usages = await t.dataSource.query("SELECT field, media_id AS \"mediaId\" FROM media_usages WHERE content_type = 'page' AND content_id = $1 ORDER BY field", [draft.id]);
      expect(usages).toEqual([
        { field: 'attachments.0.mediaId', mediaId: regulations.id },
        { field: 'attachments.1.mediaId', mediaId: application.id },
        { field: 'imageMediaId', mediaId: banner.id },
      ]);

      const published = pageOf(await publishPage(draft), 'publishPage');
      expect(published).toMatchObject({ status: 'PUBLISHED', image: { alt: 'Vue du cimetière communal' } });

      const anonymous = await gql(`query($path: String!) { page(path: $path) { ${PAGE_FIELDS} } }`, { path: draft.path }, undefined);
      expect(anonymous.errors).toBeUndefined();
      expect(anonymous.data?.page).toEqual({ ...published, status: 'PUBLISHED' });

      for (const path of [`/api/v1/pages/${draft.id}`, `/api/v1/pages/by-path?path=${encodeURIComponent(draft.path)}`]) {
        const rest = await t.http().get(path).expect(200);
        expect(rest.body).toMatchObject({
          imageMediaId: banner.id,
          image: { id: banner.id, url: banner.url, alt: 'Vue du cimetière communal', mimeType: 'image/png', kind: 'IMAGE' },
          attachments: [
            { title: 'Règlement du cimetière', mediaId: regulations.id, media: { url: regulations.url, mimeType: 'application/pdf', kind: 'DOCUMENT' } },
            { title: 'Demande de concession', mediaId: application.id, media: { url: application.url, mimeType: DOCX_MIME } },
          ],
        });
      }
      // The files of a published page are public: the rendition of the image and the PDF download.
      const rendition = await t.http().get(`${banner.url}?w=320`).expect(200);
      expect(rendition.headers['content-type']).toBe('image/webp');
      const download = await t.http().get(regulations.url).expect(200);
      expect(download.headers['content-type']).toBe('application/pdf');
    });

    it('replaces the attachments as a whole list in the new order, and removes the image with null', async () => {
      const first = await upload(await titledPdf('Horaires d\'été'), 'horaires-ete.pdf');
      const second = await upload(await titledPdf('Horaires d\'hiver'), 'horaires-hiver.pdf');
      const draft = pageOf(await createPage({ imageMediaId: (await image('#e9c46a')).id, attachments: [{ title: 'Été', mediaId: first.id }] }), 'createPage');
      const updated = pageOf(await updatePage(draft, {
        imageMediaId: null, attachments: [{ title: 'Hiver', mediaId: second.id }, { title: 'Été', mediaId: first.id }],
      }), 'updatePage');
      expect(updated).toMatchObject({ version: draft.version + 1, imageMediaId: null, image: null });
      expect(updated.attachments.map((attachment) => [attachment.title, attachment.media?.id])).toEqual([['Hiver', second.id], ['Été', first.id]]);
      const kept = pageOf(await updatePage(updated, { title: 'Horaires du cimetière' }), 'updatePage');
      expect(kept.attachments.map((attachment) => attachment.mediaId)).toEqual([second.id, first.id]);
      const emptied = pageOf(await updatePage(kept, { attachments: [] }), 'updatePage');
      expect(emptied.attachments).toEqual([]);
    });

    it('refuses a document as the page image and an image as an attachment, naming the field and writing nothing', async () => {
      const document = await upload(await titledPdf('Plan du cimetière'), 'plan.pdf');
      const picture = await image('#264653');
      const notImage = refusalOf(await createPage({ imageMediaId: document.id }));
      expect(notImage).toEqual({ code: 'BAD_USER_INPUT', paths: ['input.imageMediaId'], messages: ['This file is not an image'] });
      const notDocument = refusalOf(await createPage({ attachments: [{ title: 'Photo', mediaId: picture.id }] }));
      expect(notDocument).toEqual({ code: 'BAD_USER_INPUT', paths: ['input.attachments.0.mediaId'], messages: ['This file is not a document'] });

      const draft = pageOf(await createPage({ attachments: [{ title: 'Plan', mediaId: document.id }] }), 'createPage');
      const second = refusalOf(await updatePage(draft, { attachments: [{ title: 'Plan', mediaId: document.id }, { title: 'Photo', mediaId: picture.id }] }));
      expect(second).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.attachments.1.mediaId'] });
      expect(refusalOf(await updatePage(draft, { imageMediaId: document.id }))).toMatchObject({ paths: ['input.imageMediaId'] });
      expect(await storedPage(draft.id)).toEqual({ version: draft.version, image: null, attachments: [{ title: 'Plan', mediaId: document.id }] });
    });

    it('refuses an unknown media, the same document twice, an empty title and more than 20 attachments', async () => {
      const document = await upload(await titledPdf('Tarifs des concessions'), 'tarifs.pdf');
      expect(refusalOf(await createPage({ imageMediaId: UNKNOWN_MEDIA }))).toEqual({
        code: 'BAD_USER_INPUT', paths: ['input.imageMediaId'], messages: ['This file does not exist in the media library'],
      });
      expect(refusalOf(await createPage({ attachments: [{ title: 'Tarifs', mediaId: document.id }, { title: 'Inconnu', mediaId: UNKNOWN_MEDIA }] })))
        .toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.attachments.1.mediaId'] });
      expect(refusalOf(await createPage({ attachments: [{ title: 'Tarifs', mediaId: document.id }, { title: 'Tarifs encore', mediaId: document.id }] })))
        .toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.attachments.1.mediaId'] });
      expect(refusalOf(await createPage({ attachments: [{ title: '   ', mediaId: document.id }] })))
        .toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.attachments.0.title'] });
      const many = Array.from({ length: 21 }, (_, index) => ({ title: `Document ${index}`, mediaId: document.id }));
      expect(refusalOf(await createPage({ attachments: many }))).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.attachments'] });
      const [{ n }] = await t.dataSource.query("SELECT count(*)::int AS n FROM pages WHERE attachments @> $1::jsonb", [JSON.stringify([{ mediaId: document.id }])]);
      expect(n).toBe(0);
    });

    it('loads the images and attachments of a list of pages with a constant number of queries, in GraphQL and REST', async () => {
      const parent = pageOf(await createPage({ slug: 'lot-de-pages' }), 'createPage');
      for (let i = 0; i < 8; i++) {
        const picture = await image(`#10${i}0${i}0`, `Illustration ${i}`);
        const document = await upload(await titledPdf(`Document du lot ${i}`), `lot-${i}.pdf`);
        pageOf(await createPage({ parentId: parent.id, imageMediaId: picture.id, attachments: [{ title: `Document ${i}`, mediaId: document.id }] }), 'createPage');
      }
      const list = `query($parent: ID!, $n: Int) { pages(parentId: $parent, first: $n) { edges { node {
        image { id url alt } attachments { title media { id url mimeType } } } } } }`;
      const gqlRun = (n: number) => countQueries(() => t.gql(list, { parent: parent.id, n }, editor));
      const small = await gqlRun(2);
      const large = await gqlRun(8);
      expect(large.result.body.errors).toBeUndefined();
      const nodes = (large.result.body.data.pages.edges as { node: { image: MediaShape | null; attachments: Attachment[] } }[]).map((edge) => edge.node);
      expect(nodes).toHaveLength(8);
      expect(nodes.every((node) => node.image?.alt?.startsWith('Illustration') && node.attachments[0]?.media?.mimeType === 'application/pdf')).toBe(true);
      expect(large.count).toBe(small.count);

      const restRun = (n: number) => countQueries(() => t.http().get(`/api/v1/pages?parentId=${parent.id}&first=${n}`).set('Authorization', `Bearer ${editor}`));
      const restSmall = await restRun(2);
      const restLarge = await restRun(8);
      expect(restLarge.result.status).toBe(200);
      const restPages = restLarge.result.body.data as { image: MediaShape | null; attachments: Attachment[] }[];
      expect(restPages).toHaveLength(8);
      expect(restPages.every((page) => page.image?.url.startsWith('/media/') && page.attachments[0]?.media?.url.startsWith('/media/'))).toBe(true);
      expect(restLarge.count).toBe(restSmall.count);
    });
  });

  describe('procedure sheets', () => {
    const createSheet = (slug: string, onlineServices: Record<string, unknown>[]): Promise<GqlBody> =>
      tryCreate(t, editor, PROCEDURE,
        { title: `Inscription à la cantine ${slug}`, slug, summary: 'Inscrire un enfant au restaurant scolaire.', onlineServices }, { fields: SHEET_FIELDS });

    function sheetOf(body: GqlBody, mutation: string): SheetShape {
      expect(body.errors).toBeUndefined();
      return body.data?.[mutation] as SheetShape;
    }

    it('gives a form of the media library the media\'s address when no url is given, and shows its media in GraphQL and REST', async () => {
      const form = await upload(storedZip({ ...MINIMAL_DOCX_ENTRIES, 'docProps/app.xml': '<x/>' }), 'fiche-inscription-cantine.docx');
      const printed = await upload(await titledPdf('Fiche d\'inscription'), 'fiche-inscription-cantine.pdf');
      const draft = sheetOf(await createSheet('cantine-formulaire', [
        { name: 'Paiement en ligne', url: 'https://paiement.example.fr', kind: 'ONLINE_SERVICE' },
        { name: 'Fiche d\'inscription à remplir', kind: 'FORM', mediaId: form.id },
        { name: 'Fiche à imprimer', url: 'https://www.anor.fr/fiche.pdf', kind: 'FORM', mediaId: printed.id },
      ]), 'createProcedure');
      expect(draft.onlineServices).toEqual([
        { name: 'Paiement en ligne', url: 'https://paiement.example.fr', kind: 'ONLINE_SERVICE', cerfaNumber: null, mediaId: null, media: null },
        { name: 'Fiche d\'inscription à remplir', url: form.url, kind: 'FORM', cerfaNumber: null, mediaId: form.id, media: expect.objectContaining({ id: form.id, kind: 'DOCUMENT', mimeType: DOCX_MIME }) },
        { name: 'Fiche à imprimer', url: 'https://www.anor.fr/fiche.pdf', kind: 'FORM', cerfaNumber: null, mediaId: printed.id, media: expect.objectContaining({ id: printed.id, mimeType: 'application/pdf' }) },
      ]);
      const usages = await t.dataSource.query("SELECT field, media_id AS \"mediaId\" FROM media_usages WHERE content_type = 'procedure' AND content_id = $1 ORDER BY field", [draft.id]);
      expect(usages).toEqual([{ field: 'onlineServices.1.mediaId', mediaId: form.id }, { field: 'onlineServices.2.mediaId', mediaId: printed.id }]);

      await publishItem(t, editor, PROCEDURE, draft);
      const rest = await t.http().get('/api/v1/procedures/cantine-formulaire').expect(200);
      expect(rest.body.onlineServices[1]).toMatchObject({ url: form.url, mediaId: form.id, media: { id: form.id, url: form.url, mimeType: DOCX_MIME, kind: 'DOCUMENT' } });
      expect(rest.body.onlineServices[0]).toMatchObject({ mediaId: null, media: null });
      await t.http().get(form.url).expect(200);
      const checklist = await t.http().get('/api/v1/procedures/cantine-formulaire/checklist?format=text').expect(200);
      expect(checklist.text).toContain('- Fiche d\'inscription à remplir : sur le site de la commune\n');
    });

    it('refuses a link with neither url nor form, an image as the form, and an unknown media, naming the field', async () => {
      const picture = await image('#e76f51');
      expect(refusalOf(await createSheet('cantine-sans-adresse', [{ name: 'Formulaire', kind: 'FORM' }]))).toMatchObject({
        code: 'BAD_USER_INPUT', paths: ['input.onlineServices.0.url'],
      });
      expect(refusalOf(await createSheet('cantine-image', [{ name: 'Affiche', kind: 'FORM', mediaId: picture.id }]))).toEqual({
        code: 'BAD_USER_INPUT', paths: ['input.onlineServices.0.mediaId'], messages: ['This file is not a document'],
      });
      expect(refusalOf(await createSheet('cantine-inconnue', [{ name: 'Service', url: 'https://example.fr', kind: 'ONLINE_SERVICE' }, { name: 'Formulaire', kind: 'FORM', mediaId: UNKNOWN_MEDIA }])))
        .toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.onlineServices.1.mediaId'] });
      const [{ n }] = await t.dataSource.query("SELECT count(*)::int AS n FROM procedures WHERE slug LIKE 'cantine-%' AND slug <> 'cantine-formulaire'");
      expect(n).toBe(0);
    });

    it('loads the forms of a list of sheets with a constant number of queries', async () => {
      for (let i = 0; i < 6; i++) {
        const form = await upload(await titledPdf(`Formulaire du lot ${i}`), `formulaire-lot-${i}.pdf`);
        sheetOf(await createSheet(`formulaire-lot-${i}`, [{ name: `Formulaire ${i}`, kind: 'FORM', mediaId: form.id }]), 'createProcedure');
      }
      const run = (n: number) => countQueries(() => t.gql(
        'query($n: Int) { procedures(first: $n, search: "cantine formulaire-lot") { edges { node { onlineServices { media { id mimeType } } } } } }', { n }, editor));
      const small = await run(2);
      const large = await run(6);
      expect(large.result.body.errors).toBeUndefined();
      const services = (large.result.body.data.procedures.edges as { node: { onlineServices: { media: MediaShape | null }[] } }[])
        .flatMap((edge) => edge.node.onlineServices);
      expect(services).toHaveLength(6);
      expect(services.every((service) => service.media?.mimeType === 'application/pdf')).toBe(true);
      expect(large.count).toBe(small.count);
    });
  });
});

describe('demo pages and procedure sheets with files of the media library', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { demo: true });
  });
  afterAll(() => t.close());

  it('shows the public the cemetery page\'s banner with its alt text and its regulations PDF, and the school-meals form', async () => {
    const page = await t.gql('{ page(path: "/vie-pratique/cimetiere") { status image { url alt } attachments { title media { url mimeType } } } }');
    expect(page.body.errors).toBeUndefined();
    const cemetery = page.body.data.page as { status: string; image: { url: string; alt: string }; attachments: { title: string; media: { url: string; mimeType: string } }[] };
    expect(cemetery.status).toBe('PUBLISHED');
    expect(cemetery.image.alt).toMatch(/cimetière/);
    expect(cemetery.attachments).toEqual([{ title: expect.stringContaining('Règlement du cimetière'), media: { url: expect.stringMatching(/^\/media\//), mimeType: 'application/pdf' } }]);
    await t.http().get(cemetery.attachments[0].media.url).expect(200);

    const sheet = await t.gql('{ procedure(slug: "restauration-scolaire") { onlineServices { kind url media { mimeType } } } }');
    expect(sheet.body.data.procedure.onlineServices).toEqual([{ kind: 'FORM', url: expect.stringMatching(/^\/media\/.+\.pdf$/), media: { mimeType: 'application/pdf' } }]);
  });
});
