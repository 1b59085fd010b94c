import { loginAs } from './support/auth-helpers';
import { createItem, LEGAL_NOTICE } from './support/content-factories';
import { GqlBody, Refusal, refusalOf } from './support/gql-helpers';
import { pdf, png, sha256, uploadMedia } from './support/media-helpers';
import { countQueries } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';

const FIELDS = `id version status fingerprint fingerprintPayload
  documents { title url sha256 mediaId media { id url sha256 kind mimeType } }`;
const CREATE = `mutation($input: CreateLegalNoticeInput!) { createLegalNotice(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateLegalNoticeInput!) { updateLegalNotice(id: $id, version: $v, input: $input) { ${FIELDS} } }`;
const PUBLISH = `mutation($id: ID!, $v: Int!) { publishLegalNotice(id: $id, version: $v) { ${FIELDS} } }`;

interface MediaShape { id: string; url: string; sha256: string; kind: string; mimeType: string }
interface DocumentShape { title: string; url: string; sha256: string | null; mediaId: string | null; media: MediaShape | null }
interface Notice { id: string; version: number; status: string; fingerprint: string | null; fingerprintPayload: string | null; documents: DocumentShape[] }
interface GqlResponse { body: GqlBody }

/** A one-page PDF showing its title. */
const signedAct = (title: string): Promise<Buffer> => pdf({ title, text: title });

describe('legal notices with documents of the media library', () => {
  let t: TestApp;
  let editor: string;
  let counter = 0;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer, filename: string): Promise<MediaShape> => uploadMedia(t, bytes, filename, { token: editor });

  function arrete(documents: Record<string, unknown>[], year = 2026): Record<string, unknown> {
    counter += 1;
    return {
      kind: 'ARRETE', reference: `M-${String(counter).padStart(3, '0')}`, title: `Arrêté avec PDF ${counter}`,
      body: '## Article 1\n\nLe stationnement est interdit.', actDate: `${year}-03-02`,
      signatoryName: 'Jean Dupont', signatoryRole: 'Le Maire',
      // Until two months after the later of displayFrom and now: the display counts from publication.
      displayFrom: `${year}-03-02T08:00:00.000Z`,
      displayUntil: new Date(Math.max(Date.parse(`${year}-05-03T08:00:00.000Z`), Date.now() + 70 * 86_400_000)).toISOString(), documents,
    };
  }

  const create = (documents: Record<string, unknown>[], year?: number): Promise<Notice> =>
    createItem(t, editor, LEGAL_NOTICE, arrete(documents, year), { fields: FIELDS });

  const errorOf = (res: GqlResponse): Refusal => refusalOf(res.body);

  it('attaches an uploaded PDF: its SHA-256 and address come from the media, and the published fingerprint covers them', async () => {
    const bytes = await signedAct('Arrêté n° M-001 signé');
    const media = await upload(bytes, 'arrete-m-001.pdf');
    expect(media.sha256).toBe(sha256(bytes));

    const draft = await create([{ title: 'Arrêté signé', mediaId: media.id }]);
    expect(draft.documents).toEqual([{
      title: 'Arrêté signé', url: media.url, sha256: media.sha256, mediaId: media.id,
      media: { id: media.id, url: media.url, sha256: media.sha256, kind: 'DOCUMENT', mimeType: 'application/pdf' },
    }]);

    const res: GqlResponse = await t.gql(PUBLISH, { id: draft.id, v: draft.version }, editor);
    expect(res.body.errors).toBeUndefined();
    const published = res.body.data?.publishLegalNotice as Notice;
    expect(published.status).toBe('PUBLISHED');
    const payload = JSON.parse(published.fingerprintPayload as string) as { documents: string[] };
    expect(payload.documents).toEqual([sha256(bytes)]);
    expect(sha256(published.fingerprintPayload as string)).toBe(published.fingerprint);

    // The file served at the document's address is the one the fingerprint vouches for.
    const file = await t.http().get(published.documents[0].url).expect(200);
    expect(sha256(file.body as Buffer)).toBe(payload.documents[0]);
  });

  it('reads the SHA-256 from the media row again at publication, whatever the draft holds', async () => {
    const media = await upload(await signedAct('Arrêté n° M-005 signé'), 'arrete-m-005.pdf');
    const draft = await create([{ title: 'Arrêté signé', mediaId: media.id }]);
    // A stale copy in the draft (e.g. written by an older version of the service) must not be what the fingerprint vouches for.
    await t.dataSource.query(`UPDATE legal_notices SET documents = jsonb_set(documents, '{0,sha256}', to_jsonb($2::text)) WHERE id = $1`, [draft.id, 'f'.repeat(64)]);
    const res: GqlResponse = await t.gql(PUBLISH, { id: draft.id, v: draft.version }, editor);
    expect(res.body.errors).toBeUndefined();
    const published = res.body.data?.publishLegalNotice as Notice;
    expect(published.documents[0].sha256).toBe(media.sha256);
    expect(JSON.parse(published.fingerprintPayload as string).documents).toEqual([media.sha256]);
  });

  it('keeps a download address given with the media, and accepts the media\'s own SHA-256 given again', async () => {
    const media = await upload(await signedAct('Annexe M-002'), 'annexe.pdf');
    const draft = await create([{ title: 'Annexe', mediaId: media.id, url: 'https://www.anor.fr/annexe.pdf', sha256: media.sha256.toUpperCase() }]);
    expect(draft.documents[0]).toMatchObject({ url: 'https://www.anor.fr/annexe.pdf', sha256: media.sha256, mediaId: media.id });
  });

  it('refuses an unknown media, an image as a document, and a SHA-256 that is not the file\'s, on the document\'s own field, writing nothing', async () => {
    const act = await upload(await signedAct('Arrêté M-003'), 'arrete-m-003.pdf');
    const image = await upload(await png(8, 8, '#336699'), 'photo.png');
    const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM legal_notices'))[0].n;
    const external = { title: 'Autre', url: 'https://www.anor.fr/autre.pdf' };

    const unknown = errorOf(await t.gql(CREATE, { input: arrete([external, { title: 'PDF', mediaId: '6f1c2a1e-0000-4000-8000-000000000001' }]) }, editor));
    expect(unknown).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.documents.1.mediaId'] });
    expect(unknown.messages[0]).toMatch(/does not exist in the media library/);

    const notADocument = errorOf(await t.gql(CREATE, { input: arrete([{ title: 'Photo', mediaId: image.id }]) }, editor));
    expect(notADocument).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.documents.0.mediaId'] });
    expect(notADocument.messages[0]).toMatch(/not a document/);

    const mismatch = errorOf(await t.gql(CREATE, { input: arrete([external, { title: 'PDF', mediaId: act.id, sha256: 'ab'.repeat(32) }]) }, editor));
    expect(mismatch).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.documents.1.sha256'] });
    expect(mismatch.messages[0]).toContain(act.sha256);

    const neither = errorOf(await t.gql(CREATE, { input: arrete([{ title: 'Sans fichier' }]) }, editor));
    expect(neither).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.documents.0.url'] });
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM legal_notices'))[0].n).toBe(before);

    const draft = await create([external]);
    const update = errorOf(await t.gql(UPDATE, { id: draft.id, v: draft.version, input: { documents: [{ title: 'Photo', mediaId: image.id }] } }, editor));
    expect(update).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.documents.0.mediaId'] });
    const [row] = await t.dataSource.query('SELECT version, documents FROM legal_notices WHERE id = $1', [draft.id]);
    expect(row.version).toBe(draft.version);
    expect(row.documents).toEqual([{ title: 'Autre', url: 'https://www.anor.fr/autre.pdf', sha256: null, mediaId: null }]);
  });

  it('refuses to publish a document whose integrity cannot be checked (no media, no SHA-256) until one is given', async () => {
    const draft = await create([{ title: 'Arrêté', url: 'https://www.anor.fr/arrete.pdf' }]);
    const refused = errorOf(await t.gql(PUBLISH, { id: draft.id, v: draft.version }, editor));
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['documents.0.sha256'] });
    expect(refused.messages[0]).toMatch(/verifiable/);
    const [row] = await t.dataSource.query('SELECT status, version, fingerprint FROM legal_notices WHERE id = $1', [draft.id]);
    expect(row).toEqual({ status: 'draft', version: draft.version, fingerprint: null });

    const media = await upload(await signedAct('Arrêté signé M-004'), 'arrete-m-004.pdf');
    const updated = await t.gql(UPDATE, { id: draft.id, v: draft.version, input: { documents: [{ title: 'Arrêté signé', mediaId: media.id }] } }, editor);
    expect(updated.body.errors).toBeUndefined();
    const notice = updated.body.data?.updateLegalNotice as Notice;
    const published = await t.gql(PUBLISH, { id: notice.id, v: notice.version }, editor);
    expect(published.body.errors).toBeUndefined();
    expect(JSON.parse((published.body.data?.publishLegalNotice as Notice).fingerprintPayload as string).documents).toEqual([media.sha256]);
  });

  it('loads the media of the documents of a list in a constant number of queries', async () => {
    for (let i = 0; i < 6; i++) {
      const first = await upload(await signedAct(`Lot ${i} A`), `lot-${i}-a.pdf`);
      const second = await upload(await signedAct(`Lot ${i} B`), `lot-${i}-b.pdf`);
      await create([{ title: 'A', mediaId: first.id }, { title: 'B', mediaId: second.id }], 2027);
    }
    const run = (first: number) => countQueries(() => t.gql(
      `query($n: Int) { legalNotices(first: $n, year: 2027) { edges { node { documents { media { id sha256 } } } } } }`, { n: first }, editor));
    const small = await run(2);
    const large = await run(6);
    const nodes = (large.result.body.data?.legalNotices as { edges: { node: { documents: { media: MediaShape | null }[] } }[] }).edges;
    expect(nodes).toHaveLength(6);
    expect(nodes.flatMap((edge) => edge.node.documents).every((document) => document.media?.sha256.length === 64)).toBe(true);
    expect(large.count).toBe(small.count);
  });
});
