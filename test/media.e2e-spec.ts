import { mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { RequestContext } from '../src/common/request-context';
import { MediaUploads } from '../src/media/media-upload.service';
import { seedDemoMedia } from '../src/media/media.demo';
import { MediaKind } from '../src/media/media-kind';
import { SYSTEM_USER_ID } from '../src/seed/demo-content';
import { assertAccessible } from '../src/media/accessibility';
import { MediaService } from '../src/media/media.service';
import { MINIMAL_DOCX_ENTRIES, storedZip } from './fixtures/media/stored-zip';
import { loginAs } from './support/auth-helpers';
import {
  countMedia, filesUnder, jpeg, listenOnLoopback, pdf, png, postMedia, sendEndlessUpload, sha256, startAbandonedUpload, UploadOptions, waitFor,
} from './support/media-helpers';
import { countQueries } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';

const MEDIA_FIELDS = 'id url fileName mimeType kind size sha256 width height pageCount title alt decorative version';

const CLEAN_SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60"><rect width="120" height="60" fill="#e63946"/></svg>';

describe('media library', () => {
  let t: TestApp;
  let mediaDir: string;
  let editor: string;
  let contributor: string;

  beforeAll(async () => {
    t = await createTestApp();
    mediaDir = t.config.media.dir;
    editor = await loginAs(t, 'editor');
    contributor = await loginAs(t, 'contributor');
    await listenOnLoopback(t);
  });
  afterAll(() => t.close());

  /**
   * Records the files as shown by published content, which makes them public (what publishing an
   * event with this image does; test/media-usage.e2e-spec.ts covers that flow through the API).
   */
  async function showPublicly(...mediaIds: string[]): Promise<void> {
    for (const mediaId of mediaIds) {
      await t.dataSource.query(
        "INSERT INTO media_usages (content_type, content_id, field, media_id, published) VALUES ('page', gen_random_uuid(), 'imageMediaId', $1, true)",
        [mediaId]);
    }
  }

  /** As the editor unless another token (or null, anonymous) is given. */
  const upload = (bytes: Buffer, filename: string, options: Partial<UploadOptions> = {}): request.Test =>
    postMedia(t, bytes, filename, { ...options, token: options.token === undefined ? editor : options.token });

  const mediaRows = (): Promise<number> => countMedia(t);
  const storedFiles = (): string[] => filesUnder(mediaDir).filter((file) => !file.startsWith('renditions/'));

  describe('uploading', () => {
    it('refuses an anonymous upload with 401 and keeps nothing', async () => {
      const before = await mediaRows();
      const res = await upload(await png(10, 10, '#000001'), 'anonyme.png', { token: null }).expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(await mediaRows()).toBe(before);
      expect(filesUnder(join(mediaDir, '.tmp'))).toEqual([]);
    });

    it('stores a PNG with its dimensions, detected from the content whatever type was declared', async () => {
      const bytes = await png(400, 300, '#2a6f97');
      const res = await upload(bytes, 'Plan du centre-ville.png', { contentType: 'application/octet-stream', fields: { alt: '  Plan   du centre ' } })
        .expect(201);
      expect(res.body).toMatchObject({
        mimeType: 'image/png', kind: 'IMAGE', width: 400, height: 300, size: bytes.length, alt: 'Plan du centre', decorative: false,
        sha256: sha256(bytes), fileName: 'Plan du centre-ville.png', version: 1,
        url: `/media/${res.body.id}/Plan%20du%20centre-ville.png`,
      });
      expect(storedFiles()).toContain(`originals/${res.body.sha256.slice(0, 2)}/${res.body.sha256}`);
    });

    it('gives a JPEG its displayed dimensions (EXIF orientation applied)', async () => {
      const rotated = await jpeg(200, 100, '#ffb703', { orientation: 6 });
      const res = await upload(rotated, 'photo.jpg', { contentType: 'image/jpeg', fields: { decorative: 'true' } }).expect(201);
      expect(res.body).toMatchObject({ mimeType: 'image/jpeg', width: 100, height: 200, decorative: true, alt: null });
    });

    it('reads the page count and title of a PDF', async () => {
      const res = await upload(await pdf({ title: 'Arrêté municipal n° 2026-014', pages: 3 }), 'arrete-2026-014.pdf', { contentType: 'application/pdf' }).expect(201);
      expect(res.body).toMatchObject({ mimeType: 'application/pdf', kind: 'DOCUMENT', pageCount: 3, title: 'Arrêté municipal n° 2026-014', width: null });
    });

    it('accepts a DOCX, recognised by its entries', async () => {
      const res = await upload(storedZip(MINIMAL_DOCX_ENTRIES), 'formulaire.docx').expect(201);
      expect(res.body).toMatchObject({ kind: 'DOCUMENT', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    });

    it('accepts a clean SVG', async () => {
      const res = await upload(Buffer.from(CLEAN_SVG), 'logo.svg', { contentType: 'image/svg+xml', fields: { alt: 'Logo du club' } }).expect(201);
      expect(res.body).toMatchObject({ mimeType: 'image/svg+xml', kind: 'IMAGE', width: 120, height: 60 });
    });

    it('refuses an executable renamed .pdf, and a PNG renamed .pdf, keeping nothing', async () => {
      const before = await mediaRows();
      const filesBefore = storedFiles().length;
      const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(2000)]);
      const mz = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000)]);
      for (const bytes of [elf, mz]) {
        const res = await upload(bytes, 'arrete.pdf', { contentType: 'application/pdf' }).expect(400);
        expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ path: 'file', message: expect.stringMatching(/Executable/) }] });
      }
      const renamed = await upload(await png(5, 5, '#123456'), 'arrete.pdf').expect(400);
      expect(renamed.body.errors[0].message).toMatch(/content is image\/png but its name ends in \.pdf/);
      expect(await mediaRows()).toBe(before);
      expect(storedFiles()).toHaveLength(filesBefore);
    });

    it('refuses an SVG carrying a script', async () => {
      const evil = CLEAN_SVG.replace('</svg>', '<script>fetch("/graphql")</script></svg>');
      const res = await upload(Buffer.from(evil), 'logo.svg').expect(400);
      expect(res.body.errors[0]).toEqual({ path: 'file', message: expect.stringMatching(/<script>/) });
      const handler = await upload(Buffer.from(CLEAN_SVG.replace('<rect ', '<rect onclick="alert(1)" ')), 'logo.svg').expect(400);
      expect(handler.body.errors[0].message).toMatch(/event handler/);
    });

    it('refuses alt text on a document and alt on a decorative image', async () => {
      const doc = await upload(await pdf({ title: 'Doc' }), 'doc.pdf', { fields: { alt: 'Un PDF' } }).expect(400);
      expect(doc.body.errors[0].path).toBe('alt');
      const deco = await upload(await png(7, 7, '#777777'), 'deco.png', { fields: { alt: 'x', decorative: 'true' } }).expect(400);
      expect(deco.body).toMatchObject({ errors: [{ path: 'alt' }] });
      const bad = await upload(await png(7, 7, '#777778'), 'deco.png', { fields: { decorative: 'oui' } }).expect(400);
      expect(bad.body.errors[0].path).toBe('decorative');
    });

    it('refuses a request without a file', async () => {
      const res = await t.http().post('/api/v1/media').set('Authorization', `Bearer ${editor}`).field('alt', 'rien').expect(400);
      expect(res.body.errors[0].path).toBe('file');
    });

    it('stores identical bytes once and returns the existing media', async () => {
      const bytes = await png(33, 33, '#abcdef');
      const first = await upload(bytes, 'a.png').expect(201);
      const filesAfterFirst = storedFiles().length;
      const second = await upload(bytes, 'copie.png', { token: contributor }).expect(200);
      expect(second.body.id).toBe(first.body.id);
      expect(second.body.fileName).toBe('a.png');
      expect(storedFiles()).toHaveLength(filesAfterFirst);
      expect(await countMedia(t, first.body.sha256)).toBe(1);
    });

    it('leaves no file and no row when the client goes away mid-upload', async () => {
      const before = await mediaRows();
      const filesBefore = storedFiles();
      const req = startAbandonedUpload(t, editor, {
        filename: 'gros.png', contentType: 'image/png', announcedLength: 5_000_000, parts: [await png(300, 300, '#010203'), Buffer.alloc(200_000)],
      });
      await waitFor(() => filesUnder(join(mediaDir, '.tmp')).length === 1, 'the upload to start');
      req.destroy();
      await waitFor(() => filesUnder(join(mediaDir, '.tmp')).length === 0, 'the temporary file to be removed');
      expect(storedFiles()).toEqual(filesBefore);
      expect(await mediaRows()).toBe(before);
    });

    it('keeps one row when the same file is uploaded twice at the same moment', async () => {
      const bytes = await png(41, 41, '#414141');
      const [a, b] = await Promise.all([upload(bytes, 'a.png'), upload(bytes, 'b.png')]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(a.body.id).toBe(b.body.id);
      expect(await countMedia(t, a.body.sha256)).toBe(1);
    });

    it('sweeps temporary files a crashed process left behind, and only old ones', async () => {
      const temporaryDir = join(mediaDir, '.tmp');
      mkdirSync(temporaryDir, { recursive: true });
      const old = join(temporaryDir, 'crashed.upload');
      const fresh = join(temporaryDir, 'in-progress.upload');
      writeFileSync(old, 'x');
      writeFileSync(fresh, 'y');
      const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
      utimesSync(old, yesterday, yesterday);
      expect(await t.app.get(MediaUploads).sweepTemporaryFiles(Date.now() - 3600 * 1000)).toBe(1);
      expect(filesUnder(temporaryDir)).toEqual(['in-progress.upload']);
      rmSync(fresh);
    });
  });

  describe('serving', () => {
    let image: { id: string; url: string; sha256: string; size: number };
    let docx: { id: string; url: string };
    let svg: { url: string };

    beforeAll(async () => {
      image = (await upload(await png(800, 600, '#3a86ff'), 'Église Saint-Nicolas.png', { fields: { alt: 'Église' } }).expect(201)).body;
      docx = (await upload(storedZip({ ...MINIMAL_DOCX_ENTRIES, 'docProps/app.xml': '<x/>' }), 'Demande.docx').expect(201)).body;
      svg = (await upload(Buffer.from(CLEAN_SVG.replace('#e63946', '#2a9d8f')), 'blason.svg', { fields: { alt: 'Blason' } }).expect(201)).body;
      await showPublicly(image.id, docx.id, svg.url.split('/')[2]);
    });

    it('serves the file with its type, inline disposition, strong ETag and immutable caching', async () => {
      const res = await t.http().get(image.url).buffer(true).expect(200);
      expect(res.headers).toMatchObject({
        'content-type': 'image/png',
        'content-length': String(image.size),
        etag: `"${image.sha256}"`,
        'cache-control': 'public, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
        'content-disposition': `inline; filename="Eglise Saint-Nicolas.png"; filename*=UTF-8''%C3%89glise%20Saint-Nicolas.png`,
      });
      expect(sha256(res.body as Buffer)).toBe(image.sha256);
      const head = await t.http().head(image.url).expect(200);
      expect(head.headers).toMatchObject({ 'content-length': String(image.size), etag: `"${image.sha256}"` });
    });

    it('sends office documents as attachments and SVG with a script-free CSP', async () => {
      const doc = await t.http().get(docx.url).expect(200);
      expect(doc.headers['content-disposition']).toMatch(/^attachment; filename="Demande.docx"/);
      const drawing = await t.http().get(svg.url).expect(200);
      expect(drawing.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(drawing.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    });

    it('answers 304 to If-None-Match with the current ETag', async () => {
      const res = await t.http().get(image.url).set('If-None-Match', `W/"x", "${image.sha256}"`).expect(304);
      expect(res.headers.etag).toBe(`"${image.sha256}"`);
      expect(res.text ?? '').toBe('');
    });

    it('serves byte ranges with 206 and refuses ranges beyond the end with 416', async () => {
      const part = await t.http().get(image.url).set('Range', 'bytes=0-7').buffer(true).expect(206);
      expect(part.headers['content-range']).toBe(`bytes 0-7/${image.size}`);
      expect([...(part.body as Buffer)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const tail = await t.http().get(image.url).set('Range', 'bytes=-10').buffer(true).expect(206);
      expect((tail.body as Buffer).length).toBe(10);
      const beyond = await t.http().get(image.url).set('Range', `bytes=${image.size}-`).expect(416);
      expect(beyond.headers['content-range']).toBe(`bytes */${image.size}`);
    });

    it('answers 404 for an unknown media and 400 for an id that is not one', async () => {
      await t.http().get('/media/00000000-0000-4000-8000-000000000000/x.png').expect(404);
      await t.http().get('/media/not-an-id/x.png').expect(400);
    });

    it('makes resized renditions on demand, without EXIF, and serves them again from the cache', async () => {
      const url = `${image.url}?w=160&format=jpeg`;
      const first = await t.http().get(url).buffer(true).expect(200);
      expect(first.headers['content-type']).toBe('image/jpeg');
      expect(first.headers.etag).toBe(`"${image.sha256}-160.jpeg"`);
      const metadata = await sharp(first.body as Buffer).metadata();
      expect(metadata).toMatchObject({ format: 'jpeg', width: 160, height: 120 });
      expect(metadata.exif).toBeUndefined();
      const cached = join(mediaDir, `renditions/${image.sha256.slice(0, 2)}/${image.sha256}/160.jpeg`);
      const { mtimeMs, ino } = statSync(cached);
      const second = await t.http().get(url).buffer(true).expect(200);
      expect(Buffer.compare(second.body as Buffer, first.body as Buffer)).toBe(0);
      expect(statSync(cached)).toMatchObject({ mtimeMs, ino });
      const webp = await t.http().get(`${image.url}?w=640`).buffer(true).expect(200);
      expect(await sharp(webp.body as Buffer).metadata()).toMatchObject({ format: 'webp', width: 640, height: 480 });
    });

    it('applies the EXIF orientation and strips EXIF in renditions', async () => {
      const rotated = await jpeg(400, 200, '#fb8500', { orientation: 6 });
      const photo = (await upload(rotated, 'portrait.jpg', { fields: { alt: 'Portrait' } }).expect(201)).body;
      await showPublicly(photo.id);
      const res = await t.http().get(`${photo.url}?w=160&format=jpeg`).buffer(true).expect(200);
      const metadata = await sharp(res.body as Buffer).metadata();
      expect(metadata).toMatchObject({ width: 160, height: 320 });
      expect(metadata.orientation).toBeUndefined();
    });

    it('refuses renditions off the whitelist, and of documents or SVG', async () => {
      const width = await t.http().get(`${image.url}?w=800`).expect(400);
      expect(width.body.errors[0].path).toBe('w');
      const format = await t.http().get(`${image.url}?format=gif`).expect(400);
      expect(format.body.errors[0].path).toBe('format');
      await t.http().get(`${docx.url}?w=160`).expect(400);
      await t.http().get(`${svg.url}?format=webp`).expect(400);
    });

    it('returns the details over REST too', async () => {
      const res = await t.http().get(`/api/v1/media/${image.id}`).expect(200);
      expect(res.body).toMatchObject({ id: image.id, alt: 'Église', width: 800 });
      expect(res.body.srcset).toBe([160, 320, 640].map((w) => `${image.url}?w=${w}&format=webp ${w}w`).join(', '));
      const drawing = await t.http().get(`/api/v1/media/${svg.url.split('/')[2]}`).expect(200);
      expect(drawing.body.srcset).toBeNull();
    });
  });

  describe('GraphQL and the service other modules call', () => {
    let ids: string[];

    beforeAll(async () => {
      ids = [];
      for (let i = 0; i < 6; i++) {
        ids.push((await upload(await png(20 + i, 20, '#0000' + String(10 + i)), `vignette-${i}.png`, { fields: { alt: `Vignette ${i}` } }).expect(201)).body.id);
      }
      await showPublicly(...ids);
    });

    it('reads one media by id, and batches several into one query', async () => {
      const one = await t.gql(`query($id: ID!) { media(id: $id) { ${MEDIA_FIELDS} } }`, { id: ids[0] });
      expect(one.body.data.media).toMatchObject({ id: ids[0], fileName: 'vignette-0.png', kind: 'IMAGE', alt: 'Vignette 0' });
      const aliases = ids.map((id, i) => `m${i}: media(id: "${id}") { id width }`).join(' ');
      const { result, statements } = await countQueries(() => t.gql(`{ ${aliases} }`));
      expect(Object.keys(result.body.data)).toHaveLength(ids.length);
      expect(statements.filter((sql) => /FROM "media"/.test(sql))).toHaveLength(1);
    });

    it('lists the library for staff with a constant number of queries, and not for the public', async () => {
      const run = (first: number) => countQueries(() => t.gql(
        `query($n: Int) { mediaList(kind: IMAGE, first: $n) { totalCount pageInfo { hasNextPage endCursor } edges { node { id url alt } } } }`,
        { n: first }, editor));
      const small = await run(2);
      const large = await run(6);
      expect(small.result.body.data.mediaList.edges).toHaveLength(2);
      expect(large.result.body.data.mediaList.edges).toHaveLength(6);
      expect(large.count).toBe(small.count);
      const next = await t.gql(`query($after: String) { mediaList(kind: IMAGE, first: 2, after: $after) { edges { node { id } } } }`,
        { after: small.result.body.data.mediaList.pageInfo.endCursor }, editor);
      const firstIds = small.result.body.data.mediaList.edges.map((edge: { node: { id: string } }) => edge.node.id);
      expect(next.body.data.mediaList.edges.map((edge: { node: { id: string } }) => edge.node.id)).not.toContain(firstIds[0]);
      const anonymous = await t.gql('{ mediaList { totalCount } }');
      expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const docs = await t.gql('{ mediaList(kind: DOCUMENT, first: 100) { edges { node { kind } } } }', undefined, editor);
      expect(new Set(docs.body.data.mediaList.edges.map((edge: { node: { kind: string } }) => edge.node.kind))).toEqual(new Set(['DOCUMENT']));
    });

    it('edits the alt text with the version, refusing a stale version and alt on a decorative image', async () => {
      const update = `mutation($id: ID!, $v: Int!, $alt: String, $decorative: Boolean) {
        updateMedia(id: $id, version: $v, alt: $alt, decorative: $decorative) { id alt decorative version } }`;
      // These files are shown publicly: editors change them (a contributor may not, see media-hardening.e2e-spec.ts).
      const done = await t.gql(update, { id: ids[1], v: 1, alt: 'Nouvelle description' }, editor);
      expect(done.body.data.updateMedia).toEqual({ id: ids[1], alt: 'Nouvelle description', decorative: false, version: 2 });
      const stale = await t.gql(update, { id: ids[1], v: 1, alt: 'Trop tard' }, editor);
      expect(stale.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      const both = await t.gql(update, { id: ids[1], v: 2, decorative: true }, editor);
      expect(both.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'alt' }] });
      const decorative = await t.gql(update, { id: ids[1], v: 2, alt: null, decorative: true }, editor);
      expect(decorative.body.data.updateMedia).toMatchObject({ alt: null, decorative: true, version: 3 });
      const anonymous = await t.gql(update, { id: ids[1], v: 3, alt: 'x' });
      expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('lets modules check references and accessibility before publishing', async () => {
      const service = t.app.get(MediaService);
      const manager = t.dataSource.manager;
      const [image] = await service.requireMedia(manager, [ids[2]], 'input.logoMediaId', { kind: MediaKind.IMAGE });
      expect(image.id).toBe(ids[2]);
      await expect(service.requireMedia(manager, [ids[2], '00000000-0000-4000-8000-000000000000'], 'input.documents'))
        .rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { fields: [{ path: 'input.documents.1' }] } });
      await expect(service.requireMedia(manager, [ids[2]], 'input.mediaId', { kind: MediaKind.DOCUMENT }))
        .rejects.toMatchObject({ details: { fields: [{ path: 'input.mediaId', message: 'This file is not a document' }] } });
      expect(() => assertAccessible(image, 'mediaId')).not.toThrow();
      expect(() => assertAccessible({ ...image, alt: null }, 'input.imageMediaId'))
        .toThrow(expect.objectContaining({ details: { fields: [expect.objectContaining({ path: 'input.imageMediaId' })] } }));
      expect(() => assertAccessible({ ...image, alt: null, decorative: true }, 'mediaId')).not.toThrow();
    });
  });

  describe('demo content', () => {
    it('adds generated pictures and PDF acts once, however often it runs', async () => {
      const system = RequestContext.system({ userId: SYSTEM_USER_ID, role: 'admin', sessionId: SYSTEM_USER_ID });
      expect(await seedDemoMedia(system, t.app.get(MediaUploads))).toBe(5);
      expect(await seedDemoMedia(system, t.app.get(MediaUploads))).toBe(0);
      const acts: { title: string; page_count: number }[] = await t.dataSource.query(
        "SELECT title, page_count FROM media WHERE file_name LIKE 'arrete-2026-001%'");
      expect(acts).toEqual([{ title: expect.stringMatching(/^Arrêté municipal n° 2026-001/), page_count: 1 }]);
      const images: { alt: string | null; decorative: boolean }[] = await t.dataSource.query(
        "SELECT alt, decorative FROM media WHERE file_name IN ('logo-harmonie-municipale.png', 'bandeau-decoratif.png') ORDER BY file_name");
      expect(images).toEqual([{ alt: null, decorative: true }, { alt: expect.stringContaining('harmonie'), decorative: false }]);
    });
  });
});

describe('media upload size limit', () => {
  let t: TestApp;
  let mediaDir: string;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp({ MEDIA_MAX_BYTES: '2048' });
    mediaDir = t.config.media.dir;
    editor = await loginAs(t, 'editor');
    await listenOnLoopback(t);
  });
  afterAll(() => t.close());

  it('refuses a body announced larger than the limit with 413 problem+json before reading it', async () => {
    const res = await postMedia(t, Buffer.alloc(100_000, 0x41), 'gros.pdf', { token: editor, contentType: 'application/pdf' }).expect(413);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('cuts a streamed upload off with 413 as soon as it passes the limit, keeping nothing', async () => {
    const response = await sendEndlessUpload(t, editor, 10_000);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await waitFor(() => filesUnder(mediaDir).length === 0, 'the temporary file to be removed');
    expect(await countMedia(t)).toBe(0);
  });

  it('still accepts a file under the limit', async () => {
    await postMedia(t, await png(4, 4, '#2a6f97'), 'petit.png', { token: editor, contentType: 'image/png' }).expect(201);
  });
});
