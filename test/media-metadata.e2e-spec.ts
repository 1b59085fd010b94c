import sharp from 'sharp';
import { loginAs } from './support/auth-helpers';
import { GqlBody } from './support/gql-helpers';
import { pdf, png, uploadMedia } from './support/media-helpers';
import { createTestApp, TestApp } from './support/test-app';

interface MediaShape { id: string; url: string; version: number }

/** What a front end needs to lay out a picture: its renditions and where to crop it. */
describe('media renditions, focal point and library filters', () => {
  let t: TestApp;
  let editor: string;
  let photo: MediaShape;
  let act: MediaShape;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
    photo = await uploadMedia<MediaShape>(t, await png(800, 600, '#264653'), 'marche.png', { token: editor, fields: { alt: 'Le marché du jeudi' } });
    act = await uploadMedia<MediaShape>(t, await pdf({ title: 'Délibération' }), 'deliberation.pdf', { token: editor });
  });
  afterAll(() => t.close());

  const gql = async (query: string, variables: Record<string, unknown>): Promise<GqlBody> => (await t.gql(query, variables, editor)).body as GqlBody;

  it('lists the renditions a raster image can fill, with their sizes and addresses, in the format asked', async () => {
    const body = await gql('query($id: ID!) { media(id: $id) { webp: renditions { width height format url } avif: renditions(format: AVIF) { url } } }', { id: photo.id });
    const media = body.data?.media as { webp: { width: number; height: number; format: string; url: string }[]; avif: { url: string }[] };
    expect(media.webp).toEqual([160, 320, 640].map((width) => ({
      width, height: width * 3 / 4, format: 'WEBP', url: `${photo.url}?w=${width}&format=webp`,
    })));
    expect(media.avif.map((rendition) => rendition.url)).toEqual([160, 320, 640].map((width) => `${photo.url}?w=${width}&format=avif`));
    const served = await t.http().get(media.webp[1].url).set('Authorization', `Bearer ${editor}`).buffer(true).expect(200);
    expect(await sharp(served.body as Buffer).metadata()).toMatchObject({ format: 'webp', width: 320, height: 240 });
  });

  it('has no renditions for a document, and gives the WebP ones over REST', async () => {
    const body = await gql('query($id: ID!) { media(id: $id) { renditions { url } } }', { id: act.id });
    expect(body.data?.media).toEqual({ renditions: [] });
    const rest = await t.http().get(`/api/v1/media/${photo.id}`).set('Authorization', `Bearer ${editor}`).expect(200);
    expect(rest.body.renditions).toHaveLength(3);
    expect(rest.body.renditions[2]).toEqual({ width: 640, height: 480, format: 'WEBP', url: `${photo.url}?w=640&format=webp` });
  });

  it('keeps a focal point for an image, clears it with null, and refuses one out of range or on a document', async () => {
    const update = 'mutation($id: ID!, $v: Int!, $focal: FocalPointInput) { updateMedia(id: $id, version: $v, focalPoint: $focal) { version focalPoint { x y } } }';
    const set = await gql(update, { id: photo.id, v: photo.version, focal: { x: 0.25, y: 0.75 } });
    expect(set.data?.updateMedia).toEqual({ version: photo.version + 1, focalPoint: { x: 0.25, y: 0.75 } });
    const rest = await t.http().get(`/api/v1/media/${photo.id}`).set('Authorization', `Bearer ${editor}`).expect(200);
    expect(rest.body.focalPoint).toEqual({ x: 0.25, y: 0.75 });

    const outside = await gql(update, { id: photo.id, v: photo.version + 1, focal: { x: 1.5, y: 0.5 } });
    expect(outside.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'focalPoint.x' }] });
    const onDocument = await gql(update, { id: act.id, v: act.version, focal: { x: 0.5, y: 0.5 } });
    expect(onDocument.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'focalPoint' }] });

    const cleared = await gql(update, { id: photo.id, v: photo.version + 1, focal: null });
    expect(cleared.data?.updateMedia).toEqual({ version: photo.version + 2, focalPoint: null });
  });

  it('finds files by words of their name, title or alt, and separates used from unused ones, in GraphQL and REST', async () => {
    const list = async (args: string): Promise<string[]> => {
      const body = await gql(`{ mediaList(first: 100${args}) { edges { node { fileName } } } }`, {});
      expect(body.errors).toBeUndefined();
      return (body.data?.mediaList as { edges: { node: { fileName: string } }[] }).edges.map((edge) => edge.node.fileName).sort();
    };
    expect(await list(', search: "MARCHÉ jeudi"')).toEqual(['marche.png']);
    expect(await list(', search: "100%"')).toEqual([]);
    expect(await list(', search: "déli"')).toEqual(['deliberation.pdf']);

    const created = await gql('mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }', {
      input: { title: 'Marché de Noël', startsAt: '2027-12-12T09:00:00.000Z', endsAt: '2027-12-12T18:00:00.000Z', imageMediaId: photo.id },
    });
    expect(created.errors).toBeUndefined();
    expect(await list(', used: true')).toEqual(['marche.png']);
    expect(await list(', used: false')).toEqual(['deliberation.pdf']);

    const rest = await t.http().get('/api/v1/media?used=false&search=pdf').set('Authorization', `Bearer ${editor}`).expect(200);
    expect(rest.body.data.map((media: { fileName: string }) => media.fileName)).toEqual(['deliberation.pdf']);
    const wrong = await t.http().get('/api/v1/media?used=yes').set('Authorization', `Bearer ${editor}`).expect(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'used' })]);
  });
});
