import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { SVG_LIMITS } from '../src/media/svg-safety';
import { loginAs } from './support/auth-helpers';
import { countMedia, filesUnder, postMedia, sha256 } from './support/media-helpers';
import { createTestApp, TestApp } from './support/test-app';

const INKSCAPE_LOGO = readFileSync(join(__dirname, 'fixtures/media/inkscape-logo.svg'), 'utf8');
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

describe('SVG uploads (sanitised with DOMPurify)', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (svg: string, filename: string, fields: Record<string, string> = {}): request.Test =>
    postMedia(t, Buffer.from(svg), filename, { token: editor, contentType: 'image/svg+xml', fields });
  const mediaRows = (): Promise<number> => countMedia(t);
  const served = (url: string): request.Test => t.http().get(url).set('Authorization', `Bearer ${editor}`).buffer(true);

  it('refuses an SVG with a script with BAD_USER_INPUT on file, naming what it found, and keeps nothing', async () => {
    const rowsBefore = await mediaRows();
    const filesBefore = filesUnder(t.config.media.dir);
    const evil = INKSCAPE_LOGO.replace('</svg>', '<script>fetch("/graphql", { method: "POST" })</script></svg>');
    const res = await upload(evil, 'blason.svg', { alt: 'Blason' }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'BAD_USER_INPUT',
      errors: [{ path: 'file', message: expect.stringMatching(/^This SVG contains a <script> element, which is not accepted/) }],
    });
    expect(await mediaRows()).toBe(rowsBefore);
    expect(filesUnder(t.config.media.dir)).toEqual(filesBefore);
  });

  it('refuses an SVG over the SVG size limit with 413 on file, keeping nothing', async () => {
    const rowsBefore = await mediaRows();
    const filesBefore = filesUnder(t.config.media.dir);
    const large = INKSCAPE_LOGO.replace('</svg>', `<!-- ${'x'.repeat(SVG_LIMITS.bytes)} --></svg>`);
    const res = await upload(large, 'grand-plan.svg').expect(413);
    expect(res.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      errors: [{ path: 'file', message: expect.stringMatching(/SVG files are checked in memory and limited to 2 MB/) }],
    });
    expect(await mediaRows()).toBe(rowsBefore);
    expect(filesUnder(t.config.media.dir)).toEqual(filesBefore);
  });

  it('stores an Inkscape SVG without its editor metadata, and serves exactly those bytes with the script-free CSP', async () => {
    const logo = INKSCAPE_LOGO.replace('#e63946', '#2a9d8f');
    const res = await upload(logo, 'blason-mairie.svg', { alt: 'Blason de la mairie' }).expect(201);
    expect(res.body).toMatchObject({ mimeType: 'image/svg+xml', kind: 'IMAGE', width: 120, height: 60, fileName: 'blason-mairie.svg' });

    const file = await served(res.body.url).expect(200);
    const bytes = file.body as Buffer;
    expect(file.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(file.headers['content-security-policy']).toBe(SVG_POLICY);
    expect(bytes.toString('utf8')).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(bytes.toString('utf8')).not.toMatch(/inkscape|sodipodi|rdf:|<metadata|Created with/i);
    expect(bytes.toString('utf8')).toContain('fill:#2a9d8f');
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'svg', width: 120, height: 60 });
    expect({ size: res.body.size, sha256: res.body.sha256 }).toEqual({ size: bytes.length, sha256: sha256(bytes) });
    expect(filesUnder(t.config.media.dir)).toContain(`originals/${res.body.sha256.slice(0, 2)}/${res.body.sha256}`);
  });

  it('returns the same media for the same drawing uploaded again, even with other editor metadata', async () => {
    const logo = INKSCAPE_LOGO.replace('#e63946', '#f4a261');
    const first = await upload(logo, 'blason.svg', { alt: 'Blason' }).expect(201);
    const again = await upload(logo, 'blason-copie.svg', { alt: 'Blason' }).expect(200);
    const reworked = logo.replace('inkscape:zoom="4.2"', 'inkscape:zoom="1.7"').replace('blason-mairie.svg', 'blason-v2.svg');
    const resaved = await upload(reworked, 'blason-v2.svg', { alt: 'Blason' }).expect(200);
    expect([again.body.id, resaved.body.id]).toEqual([first.body.id, first.body.id]);
    expect(await countMedia(t, first.body.sha256)).toBe(1);
    expect(filesUnder(t.config.media.dir).filter((file) => file.endsWith(first.body.sha256))).toHaveLength(1);
  });
});
