import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaPreviewLinks } from '../src/media/preview-links';
import { loginAs } from './support/auth-helpers';
import { createItem, deleteItem, EVENT, publishItem, unpublishItem } from './support/content-factories';
import { firstGqlError, GqlBody, refusalOf } from './support/gql-helpers';
import { pdf, png, postMedia } from './support/media-helpers';
import { createTestApp, TestApp } from './support/test-app';

interface MediaShape { id: string; url: string; sha256: string; version: number }

const MEDIA_FIELDS = 'id version isPublic previewUrl usages { contentType contentId field published }';

/**
 * The content core records which content uses which file. That decides who may load a file (the
 * public only while published content shows it), whether it can be deleted, and whether its alt
 * text may be cleared.
 */
describe('media usage: visibility, deletion and alt text follow the content that uses a file', () => {
  let t: TestApp;
  let mediaDir: string;
  let editor: string;
  let contributor: string;
  let day = 0;

  beforeAll(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'parvis-media-usage-'));
    t = await createTestApp({ MEDIA_DIR: mediaDir });
    editor = await loginAs(t, 'editor');
    contributor = await loginAs(t, 'contributor');
  });
  afterAll(async () => {
    await t.close();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  /** Every upload here is new bytes: 201, never the 200 of an existing file. */
  async function upload(bytes: Buffer, filename: string, fields: Record<string, string> = {}): Promise<MediaShape> {
    const res = await postMedia(t, bytes, filename, { token: editor, fields });
    expect(res.status).toBe(201);
    return res.body as MediaShape;
  }

  let colour = 0x102030;
  async function picture(fields: Record<string, string> = { alt: 'Vue de la place de la mairie' }): Promise<MediaShape & { bytes: Buffer }> {
    colour += 0x010203;
    const bytes = await png(320, 200, `#${colour.toString(16).padStart(6, '0')}`);
    return { ...(await upload(bytes, `photo-${colour.toString(16)}.png`, fields)), bytes };
  }

  /** As the editor by default; `null` for an anonymous caller. */
  async function gql(query: string, variables: Record<string, unknown> = {}, token: string | null = editor): Promise<GqlBody> {
    return (await t.gql(query, variables, token ?? undefined)).body as GqlBody;
  }

  const errorOf = (body: GqlBody): { code: string; paths: string[]; message: string } =>
    ({ code: refusalOf(body).code, paths: refusalOf(body).paths, message: firstGqlError(body).message });

  interface Versioned { id: string; version: number }

  async function createEvent(imageMediaId: string): Promise<Versioned> {
    day += 1;
    const date = `2027-03-${String(day).padStart(2, '0')}`;
    return createItem(t, editor, EVENT,
      { title: `Concert de printemps ${day}`, startsAt: `${date}T18:00:00.000Z`, endsAt: `${date}T20:00:00.000Z`, imageMediaId });
  }

  const publishEvent = (event: Versioned): Promise<Versioned> => publishItem(t, editor, EVENT, event);
  const unpublishEvent = (event: Versioned): Promise<Versioned> => unpublishItem(t, editor, EVENT, event);

  const mediaAs = async (id: string, token: string | null = editor): Promise<Record<string, unknown> | null> =>
    (await gql(`query($id: ID!) { media(id: $id) { ${MEDIA_FIELDS} } }`, { id }, token)).data?.media as Record<string, unknown> | null;

  it('keeps a picture of a draft private, makes it public on publication and private again when unpublished', async () => {
    const image = await picture();
    const event = await createEvent(image.id);

    await t.http().get(image.url).expect(404);
    await t.http().get(`${image.url}?w=160`).expect(404);
    await t.http().get(`/api/v1/media/${image.id}`).expect(404);
    expect(await mediaAs(image.id, null)).toBeNull();
    const staffFile = await t.http().get(image.url).set('Authorization', `Bearer ${contributor}`).expect(200);
    expect(staffFile.headers['cache-control']).toBe('private, no-store');
    expect(await mediaAs(image.id)).toMatchObject({
      isPublic: false, usages: [{ contentType: 'event', contentId: event.id, field: 'imageMediaId', published: false }],
    });

    const published = await publishEvent(event);
    const publicFile = await t.http().get(image.url).expect(200);
    expect(publicFile.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await t.http().get(`/api/v1/media/${image.id}`).expect(200);
    expect(await mediaAs(image.id, null)).toMatchObject({ id: image.id, isPublic: true, usages: null, previewUrl: null });
    expect(await mediaAs(image.id)).toMatchObject({ isPublic: true, usages: [{ contentId: event.id, published: true }] });

    await unpublishEvent(published);
    await t.http().get(image.url).expect(404);
  });

  it('gives staff a signed preview link that works without a token, and refuses a tampered or foreign one', async () => {
    const image = await picture();
    await createEvent(image.id);
    const previewUrl = (await mediaAs(image.id))?.previewUrl as string;
    expect(previewUrl).toMatch(new RegExp(`^${image.url.replace(/[.?]/g, '\\$&')}\\?expires=\\d+&signature=[\\w-]{43}$`));
    await t.http().get(previewUrl).expect(200);
    await t.http().get(`${previewUrl}&w=160`).expect(200);
    // Flip the signature's first character (replacing it by a fixed one is a no-op one time in 64).
    const tampered = previewUrl.replace(/signature=(.)/, (_match, first: string) => `signature=${first === 'A' ? 'B' : 'A'}`);
    await t.http().get(tampered).expect(404);
    const other = await picture();
    await t.http().get(previewUrl.replace(image.id, other.id)).expect(404);
  });

  it('refuses preview links past their expiry (unit of the signer)', () => {
    const links = t.app.get(MediaPreviewLinks);
    const signedAt = new Date('2027-01-01T10:30:00Z');
    const url = links.sign('/media/abc/x.png', 'abc', signedAt);
    const query = Object.fromEntries(new URL(url, 'http://x').searchParams);
    expect(links.verify('abc', query, new Date('2027-01-01T11:59:00Z'))).toBe(true);
    expect(links.verify('abc', query, new Date('2027-01-01T12:00:01Z'))).toBe(false);
    expect(links.verify('abd', query, signedAt)).toBe(false);
    expect(links.verify('abc', { ...query, expires: '99999999999' }, signedAt)).toBe(false);
  });

  it('does not log the signature of a preview link', async () => {
    const { withoutSignature } = await import('../src/common/logging');
    expect(withoutSignature('/media/a/b.png?expires=1&signature=secret&w=160')).toBe('/media/a/b.png?expires=1&signature=[redacted]&w=160');
  });

  it('refuses to delete a used file, naming its use, and deletes it with its renditions once nothing uses it', async () => {
    const image = await picture();
    const event = await createEvent(image.id);
    const published = await publishEvent(event);
    await t.http().get(`${image.url}?w=160&format=jpeg`).expect(200);
    const rendition = join(mediaDir, `renditions/${image.sha256.slice(0, 2)}/${image.sha256}/160.jpeg`);
    const original = join(mediaDir, `originals/${image.sha256.slice(0, 2)}/${image.sha256}`);
    expect(existsSync(rendition) && existsSync(original)).toBe(true);

    const remove = 'mutation($id: ID!, $v: Int!) { deleteMedia(id: $id, version: $v) { id } }';
    const used = errorOf(await gql(remove, { id: image.id, v: image.version }));
    expect(used.code).toBe('CONFLICT');
    expect(used.message).toContain(`event ${event.id}, field imageMediaId, published`);
    expect(errorOf(await gql(remove, { id: image.id, v: image.version }, contributor)).code).toBe('FORBIDDEN');
    expect(errorOf(await gql(remove, { id: image.id, v: image.version + 1 })).code).toBe('CONFLICT');

    const unpublished = await unpublishEvent(published);
    expect(errorOf(await gql(remove, { id: image.id, v: image.version })).code).toBe('CONFLICT');
    await deleteItem(t, editor, EVENT, unpublished);
    const deleted = await gql(remove, { id: image.id, v: image.version });
    expect(deleted.errors).toBeUndefined();
    expect(existsSync(rendition) || existsSync(original)).toBe(false);
    await t.http().get(image.url).set('Authorization', `Bearer ${editor}`).expect(404);
    expect(await mediaAs(image.id)).toBeNull();

    // The same bytes can come back as a new file.
    const again = await upload(image.bytes, 'retour.png');
    expect(again.sha256).toBe(image.sha256);
    expect(again.id).not.toBe(image.id);
    expect(existsSync(original)).toBe(true);
  });

  it('keeps a document of a published legal notice: it cannot be deleted', async () => {
    const act = await upload(await pdf({ title: 'Arrêté de circulation' }), 'arrete-circulation.pdf');
    const created = await gql('mutation($input: CreateLegalNoticeInput!) { createLegalNotice(input: $input) { id version } }', {
      input: {
        kind: 'ARRETE', reference: 'U-001', title: 'Arrêté de circulation rue de la Gare', body: 'Article 1.', actDate: '2027-03-02',
        signatoryName: 'Jean Dupont', signatoryRole: 'Le Maire', displayFrom: '2027-03-02T08:00:00.000Z', displayUntil: '2027-05-03T08:00:00.000Z',
        documents: [{ title: 'Arrêté signé', mediaId: act.id }],
      },
    });
    expect(created.errors).toBeUndefined();
    const notice = created.data?.createLegalNotice as Versioned;
    const published = await gql('mutation($id: ID!, $v: Int!) { publishLegalNotice(id: $id, version: $v) { id } }', { id: notice.id, v: notice.version });
    expect(published.errors).toBeUndefined();
    const refused = errorOf(await gql('mutation($id: ID!, $v: Int!) { deleteMedia(id: $id, version: $v) { id } }', { id: act.id, v: act.version }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain(`legal notice ${notice.id}, field documents.0.mediaId, published`);
    await t.http().get(act.url).expect(200);
  });

  it('refuses to clear the alt text of an image that published content shows, and allows it on a draft', async () => {
    const update = 'mutation($id: ID!, $v: Int!, $alt: String, $decorative: Boolean) { updateMedia(id: $id, version: $v, alt: $alt, decorative: $decorative) { version alt decorative } }';
    const draftImage = await picture();
    await createEvent(draftImage.id);
    expect((await gql(update, { id: draftImage.id, v: draftImage.version, alt: null })).errors).toBeUndefined();

    const shown = await picture();
    await publishEvent(await createEvent(shown.id));
    const refused = errorOf(await gql(update, { id: shown.id, v: shown.version, alt: '  ' }));
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['alt'] });
    expect(refused.message).toMatch(/shown by published content \(event .*\): it needs a text alternative, or mark it decorative/);
    const decorative = await gql(update, { id: shown.id, v: shown.version, alt: null, decorative: true });
    expect(decorative.data?.updateMedia).toMatchObject({ alt: null, decorative: true });
  });

  it('refuses, in the content core, to publish a page whose image has no text alternative, writing nothing', async () => {
    const bare = await picture({});
    const created = await gql('mutation($input: CreatePageInput!) { createPage(input: $input) { id version } }', {
      input: { title: 'Page illustrée sans alternative', imageMediaId: bare.id },
    });
    expect(created.errors).toBeUndefined();
    const page = created.data?.createPage as Versioned;
    const publish = 'mutation($id: ID!, $v: Int!) { publishPage(id: $id, version: $v) { status } }';
    const refused = errorOf(await gql(publish, { id: page.id, v: page.version }));
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['imageMediaId'] });
    expect(refused.message).toMatch(/needs a text alternative/);
    const [row] = await t.dataSource.query('SELECT status, version FROM pages WHERE id = $1', [page.id]);
    expect(row).toEqual({ status: 'draft', version: page.version });
    await t.http().get(bare.url).expect(404);

    await gql('mutation($id: ID!, $v: Int!) { updateMedia(id: $id, version: $v, alt: "Le beffroi") { version } }', { id: bare.id, v: bare.version });
    expect((await gql(publish, { id: page.id, v: page.version })).data?.publishPage).toEqual({ status: 'PUBLISHED' });
    await t.http().get(bare.url).expect(200);
  });

  describe('files shown or linked in a Markdown text', () => {
    const createPage = async (title: string, body: string): Promise<GqlBody> =>
      gql('mutation($input: CreatePageInput!) { createPage(input: $input) { id version } }', { input: { title, body } });
    const publishPage = (page: Versioned): Promise<GqlBody> =>
      gql('mutation($id: ID!, $v: Int!) { publishPage(id: $id, version: $v) { status } }', { id: page.id, v: page.version });

    it('records them as uses of the body: private while a draft, public once published, described by the text', async () => {
      const plan = await picture({});
      const rules = await upload(await pdf({ title: 'Règlement' }), 'reglement.pdf');
      const body = `Le plan :\n\n![Plan des allées du cimetière](${plan.url})\n\nLire [le règlement](${rules.url}), et revoir ![Plan des allées du cimetière](${plan.url}).`;
      const created = await createPage('Plan du cimetière', body);
      expect(created.errors).toBeUndefined();
      const page = created.data?.createPage as Versioned;
      expect(await mediaAs(plan.id)).toMatchObject({ usages: [{ contentType: 'page', contentId: page.id, field: 'body', published: false }] });
      await t.http().get(plan.url).expect(404);
      await t.http().get(rules.url).expect(404);

      // The file itself has no alt: the page shows the description written in the text.
      expect((await publishPage(page)).data?.publishPage).toEqual({ status: 'PUBLISHED' });
      await t.http().get(plan.url).expect(200);
      await t.http().get(rules.url).expect(200);
      const refused = errorOf(await gql('mutation($id: ID!, $v: Int!) { deleteMedia(id: $id, version: $v) { id } }', { id: rules.id, v: rules.version }));
      expect(refused.message).toContain(`page ${page.id}, field body, published`);
    });

    it('refuses to publish a text showing an image without a description, and a link to a file not in the library', async () => {
      const bare = await picture({});
      const page = (await createPage('Photo sans description', `![](${bare.url})`)).data?.createPage as Versioned;
      const refused = errorOf(await publishPage(page));
      expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['body'] });
      expect(refused.message).toMatch(/needs a description between the brackets/);

      const missing = errorOf(await createPage('Lien cassé', '[acte](/media/6f1c2a1e-0000-4000-8000-000000000009/acte.pdf)'));
      expect(missing).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.body'] });
      expect((await t.dataSource.query("SELECT count(*)::int AS n FROM pages WHERE title = 'Lien cassé'"))[0].n).toBe(0);
    });
  });

  it('never leaves content pointing at a deleted file when a delete and an attach race, and answers both with a client error or success', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 8; round++) {
      const image = await picture();
      day += 1;
      const date = `2027-04-${String(day % 28 + 1).padStart(2, '0')}`;
      const [deleted, created] = await Promise.all([
        gql('mutation($id: ID!, $v: Int!) { deleteMedia(id: $id, version: $v) { id } }', { id: image.id, v: image.version }),
        gql('mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }', {
          input: { title: `Course ${round}`, startsAt: `${date}T08:00:00.000Z`, endsAt: `${date}T10:00:00.000Z`, imageMediaId: image.id },
        }),
      ]);
      for (const body of [deleted, created]) {
        if (body.errors) expect(['CONFLICT', 'BAD_USER_INPUT']).toContain(firstGqlError(body).extensions.code);
      }
      expect(Boolean(deleted.errors) || Boolean(created.errors)).toBe(true);
      outcomes.push(deleted.errors ? 'attached' : 'deleted');
    }
    const dangling = await t.dataSource.query(
      'SELECT e.id FROM events e LEFT JOIN media m ON m.id = e.image_media_id WHERE e.deleted_at IS NULL AND e.image_media_id IS NOT NULL AND m.id IS NULL');
    expect(dangling).toEqual([]);
    expect(outcomes).toHaveLength(8);
  });
});
