import { loginAs } from './support/auth-helpers';
import { ASSOCIATION, ContentKind, EVENT, tryChange, tryCreate, tryUpdate } from './support/content-factories';
import { firstGqlError, GqlBody, Refusal, refusalOf } from './support/gql-helpers';
import { pdf, png, uploadMedia } from './support/media-helpers';
import { countQueries } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';

/** An association's logo and an event's picture: the same rules, checked on both content types. */
interface PictureCase {
  type: string;
  kind: ContentKind;
  /** GraphQL names of the type, the reference field and the resolved field. */
  name: 'Association' | 'Event';
  idField: 'logoMediaId' | 'imageMediaId';
  mediaField: 'logo' | 'image';
  input: (n: number) => Record<string, unknown>;
  /** A list query returning `n` items of this type with their picture's id. */
  list: string;
  nodes: (data: Record<string, unknown>) => { picture: { id: string } | null }[];
}

const CASES: PictureCase[] = [
  {
    type: 'association', kind: ASSOCIATION, name: 'Association', idField: 'logoMediaId', mediaField: 'logo',
    input: (n) => ({ name: `Club photo numéro ${n}` }),
    list: 'query($n: Int) { associations(first: $n, search: "Club photo") { edges { node { picture: logo { id } } } } }',
    nodes: (data) => (data.associations as { edges: { node: { picture: { id: string } | null } }[] }).edges.map((edge) => edge.node),
  },
  {
    type: 'event', kind: EVENT, name: 'Event', idField: 'imageMediaId', mediaField: 'image',
    input: (n) => ({ title: `Exposition photo ${n}`, startsAt: `2026-07-${String(n).padStart(2, '0')}T14:00:00.000Z`, endsAt: `2026-07-${String(n).padStart(2, '0')}T16:00:00.000Z` }),
    list: `query($n: Int) { events(from: "2026-07-01", to: "2026-07-31", first: $n) { edges { node { event { picture: image { id } } } } } }`,
    nodes: (data) => (data.events as { edges: { node: { event: { picture: { id: string } | null } } }[] }).edges.map((edge) => edge.node.event),
  },
];

interface Media { id: string; version: number; alt: string | null }

describe.each(CASES)('$type picture from the media library', (kind) => {
  let t: TestApp;
  let editor: string;
  let counter = 0;
  const FIELDS = `id version status ${kind.idField} ${kind.mediaField} { id url kind alt srcset }`;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer, filename: string, fields: Record<string, string> = {}): Promise<Media> =>
    uploadMedia(t, bytes, filename, { token: editor, fields });

  const image = async (colour: string, fields: Record<string, string> = {}): Promise<Media> =>
    upload(await png(400, 300, colour), `photo-${colour.slice(1)}.png`, fields);

  async function gql(query: string, variables: Record<string, unknown>): Promise<GqlBody> {
    return (await t.gql(query, variables, editor)).body as GqlBody;
  }

  const create = (extra: Record<string, unknown>) => {
    counter += 1;
    return tryCreate(t, editor, kind.kind, { ...kind.input(counter), ...extra }, { fields: FIELDS });
  };
  const update = (item: { id: string; version: number }, input: Record<string, unknown>) => tryUpdate(t, editor, kind.kind, item, input, { fields: FIELDS });
  const publish = (item: { id: string; version: number }) => tryChange(t, editor, kind.kind, 'publish', item, { fields: FIELDS });
  const created = (body: GqlBody) => body.data?.[`create${kind.name}`] as { id: string; version: number } & Record<string, unknown>;

  /** The refusal, with the error's own message. */
  const refusal = (body: GqlBody): Refusal & { message: string } => ({ ...refusalOf(body), message: firstGqlError(body).message });

  it(`attaches an image with alt text: ${kind.mediaField} resolves and it publishes`, async () => {
    const picture = await image('#2a9d8f', { alt: 'Photographie de la salle des fêtes' });
    const body = await create({ [kind.idField]: picture.id });
    expect(body.errors).toBeUndefined();
    const item = created(body);
    expect(item[kind.mediaField]).toMatchObject({ id: picture.id, kind: 'IMAGE', alt: 'Photographie de la salle des fêtes', url: expect.stringMatching(/^\/media\//) });
    const published = await publish(item);
    expect(published.errors).toBeUndefined();
    expect(published.data?.[`publish${kind.name}`]).toMatchObject({ status: 'PUBLISHED' });
  });

  it('refuses to publish with a non-decorative image without alt text (RGAA 1.1), then publishes once the alt is given', async () => {
    const picture = await image('#e76f51');
    const item = created(await create({ [kind.idField]: picture.id }));
    const refused = refusal(await publish(item));
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', paths: [kind.idField] });
    expect(refused.message).toMatch(/needs a text alternative \(alt\) or to be marked decorative/);
    const [row] = await t.dataSource.query(`SELECT status, version FROM ${kind.kind.table} WHERE id = $1`, [item.id]);
    expect(row).toEqual({ status: 'draft', version: item.version });

    const alt = await gql('mutation($id: ID!, $v: Int!) { updateMedia(id: $id, version: $v, alt: "Affiche orange de l\'exposition") { version } }', { id: picture.id, v: picture.version });
    expect(alt.errors).toBeUndefined();
    const published = await publish(item);
    expect(published.errors).toBeUndefined();
    expect(published.data?.[`publish${kind.name}`]).toMatchObject({ status: 'PUBLISHED', [kind.mediaField]: { alt: "Affiche orange de l'exposition" } });
  });

  it('publishes with a decorative image, and refuses to put an alt-less image on published content', async () => {
    const decorative = await image('#caf0f8', { decorative: 'true' });
    const item = created(await create({ [kind.idField]: decorative.id }));
    const published = (await publish(item)).data?.[`publish${kind.name}`] as { id: string; version: number };
    expect(published).toBeDefined();
    const bare = await image('#123456');
    expect(refusal(await update(published, { [kind.idField]: bare.id }))).toMatchObject({ code: 'BAD_USER_INPUT', paths: [`input.${kind.idField}`] });
  });

  it('refuses an unknown media and a document as the picture, on create and update, writing nothing', async () => {
    const unknown = refusal(await create({ [kind.idField]: '6f1c2a1e-0000-4000-8000-000000000002' }));
    expect(unknown).toMatchObject({ code: 'BAD_USER_INPUT', paths: [`input.${kind.idField}`] });
    const poster = await upload(await pdf(), 'affiche.pdf');
    const notImage = refusal(await create({ [kind.idField]: poster.id }));
    expect(notImage).toMatchObject({ code: 'BAD_USER_INPUT', paths: [`input.${kind.idField}`], message: 'This file is not an image' });

    const item = created(await create({}));
    expect(refusal(await update(item, { [kind.idField]: poster.id }))).toMatchObject({ paths: [`input.${kind.idField}`] });
    const [row] = await t.dataSource.query(`SELECT version, ${kind.idField === 'logoMediaId' ? 'logo_media_id' : 'image_media_id'} AS media FROM ${kind.kind.table} WHERE id = $1`, [item.id]);
    expect(row).toEqual({ version: item.version, media: null });
  });

  it(`gives the ${kind.mediaField} over REST as the media endpoint does, and shows the file to the public once published`, async () => {
    const picture = await image('#8ecae6', { alt: 'Photo pour le flux REST' });
    const item = created(await create({ [kind.idField]: picture.id }));
    const path = `/api/v1/${kind.kind.restPath}/${item.id}`;
    const staff = await t.http().get(path).set('Authorization', `Bearer ${editor}`).expect(200);
    const media = await t.http().get(`/api/v1/media/${picture.id}`).set('Authorization', `Bearer ${editor}`).expect(200);
    expect(staff.body[kind.mediaField]).toEqual(media.body);
    await t.http().get(media.body.url).expect(404);
    expect((await publish(item)).errors).toBeUndefined();
    const anonymous = await t.http().get(path).expect(200);
    expect(anonymous.body[kind.mediaField]).toMatchObject({ id: picture.id, alt: 'Photo pour le flux REST' });
    await t.http().get(media.body.url).expect(200);
  });

  it(`loads the ${kind.mediaField} of a whole list with a constant number of queries`, async () => {
    for (let i = 0; i < 6; i++) {
      const picture = await image(`#00${i}0${i}0`, { alt: `Image ${i}` });
      const body = await create({ [kind.idField]: picture.id });
      expect(body.errors).toBeUndefined();
    }
    const run = (n: number) => countQueries(() => t.gql(kind.list, { n }, editor));
    const small = await run(2);
    const large = await run(8);
    expect(large.result.body.errors).toBeUndefined();
    const nodes = kind.nodes(large.result.body.data);
    expect(nodes.length).toBeGreaterThanOrEqual(6);
    expect(nodes.filter((node) => node.picture !== null).length).toBeGreaterThanOrEqual(6);
    expect(large.count).toBe(small.count);
  });
});
