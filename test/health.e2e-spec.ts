import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers live without touching the database', async () => {
    const res = await t.http().get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers ready when the database answers', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.database.status).toBe('up');
    expect(res.body.info.mediaStorage.status).toBe('up');
  });
});

describe('health with a media folder that cannot be written', () => {
  let t: TestApp;
  let folder: string;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'parvis-health-'));
    writeFileSync(join(folder, 'not-a-folder'), '');
    // A path under a plain file can never be created, even by root (which ignores permissions).
    t = await createTestApp({ MEDIA_DIR: join(folder, 'not-a-folder', 'media') });
  });
  afterAll(async () => {
    await t.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers not ready (503), naming the media storage', async () => {
    const res = await t.http().get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('error');
    expect(res.body.error.mediaStorage).toEqual({ status: 'down', message: 'The media folder cannot be written (ENOTDIR)' });
    expect(res.body.info.database.status).toBe('up');
  });
});
