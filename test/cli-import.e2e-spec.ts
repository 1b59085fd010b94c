import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, loginAs } from './support/auth-helpers';
import { newCategory } from './support/content-factories';
import { runTypeScript, ScriptResult } from './support/processes';
import { createTestApp, TestApp } from './support/test-app';

/** `npm run cli -- import:events|import:associations`, on this file's test database. */
describe('admin CLI import', () => {
  let t: TestApp;
  let folder: string;
  let editorEmail: string;

  beforeAll(async () => {
    t = await createTestApp();
    folder = mkdtempSync(join(tmpdir(), 'parvis-import-'));
    editorEmail = (await createUser(t, { role: 'editor', email: 'agent@anor.fr' })).email;
  });
  afterAll(async () => {
    await t.close();
    rmSync(folder, { recursive: true, force: true });
  });

  function cli(args: string[]): Promise<ScriptResult> {
    return runTypeScript('src/cli/main.ts', args, { NODE_ENV: 'test', DATABASE_URL: t.databaseUrl, PARVIS_DATA_DIR: folder });
  }

  function file(name: string, content: string): string {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  }

  const count = async (sql: string, parameters: unknown[] = []): Promise<number> =>
    Number((await t.dataSource.query<Array<{ n: string }>>(sql, parameters))[0].n);

  it('imports a French spreadsheet export (CSV with BOM and ;) as drafts by the staff member named, journal and categories included', async () => {
    const categoryId = await newCategory(t, await loginAs(t, 'editor'), 'Import');
    const csv = '\ufefftitle;slug;startsAt;endsAt;city;isFree;channels;categoryIds\n'
      + `Loto de l'école;loto-ecole;2027-03-06T18:00:00Z;2027-03-06T22:00:00Z;Anor;non;WEB|KIOSK;${categoryId}\n`
      + 'Marche gourmande;marche-gourmande;2027-05-08T08:00:00Z;2027-05-08T12:00:00Z;Anor;oui;web;\n'
      + 'Feu de la Saint-Jean;feu-saint-jean;2027-06-24T19:00:00Z;2027-06-24T23:00:00Z;;;;\n';
    const result = await cli(['import:events', '--file', file('programme.csv', csv), '--as', editorEmail, '--message', 'Programme 2027']);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/^Created 3 events as drafts in [\d.]+ s/);
    const rows = await t.dataSource.query<Array<{ slug: string; status: string; is_free: boolean | null; channels: string[] }>>(
      `SELECT slug, status, is_free, channels::text[] AS channels FROM events ORDER BY starts_at`);
    expect(rows).toEqual([
      { slug: 'loto-ecole', status: 'draft', is_free: false, channels: ['web', 'kiosk'] },
      { slug: 'marche-gourmande', status: 'draft', is_free: true, channels: ['web'] },
      { slug: 'feu-saint-jean', status: 'draft', is_free: null, channels: ['web', 'kiosk'] },
    ]);
    expect(await count(`SELECT count(*) AS n FROM content_journal j JOIN users u ON u.id = j.actor_id
                         WHERE j.content_type = 'event' AND j.operation = 'create' AND u.email = $1`, [editorEmail])).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM event_categories WHERE term_id = $1`, [categoryId])).toBe(1);
  });

  it('imports nothing when an item is invalid, and says which item and field', async () => {
    const before = await count(`SELECT count(*) AS n FROM associations`);
    const json = JSON.stringify([
      { name: 'Harmonie municipale', slug: 'harmonie' },
      { name: 'Club de pétanque', slug: 'petanque', email: 'pas-une-adresse' },
      { slug: 'sans-nom' },
    ]);
    const result = await cli(['import:associations', '--file', file('annuaire.json', json), '--as', editorEmail]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Nothing was imported: 2 problem\(s\)/);
    expect(result.stderr).toMatch(/item 2 \(email\): /);
    expect(result.stderr).toMatch(/item 3 \(name\): /);
    expect(await count(`SELECT count(*) AS n FROM associations`)).toBe(before);
  });

  it('refuses an unknown account and a file of another kind, writing nothing', async () => {
    const json = file('one.json', JSON.stringify([{ name: 'Club', slug: 'club' }]));
    const unknown = await cli(['import:associations', '--file', json, '--as', 'personne@anor.fr']);
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toMatch(/personne@anor\.fr not found/);
    const text = await cli(['import:associations', '--file', file('one.txt', 'x'), '--as', editorEmail]);
    expect(text.stderr).toMatch(/give a \.csv or \.json file/);
    const usage = await cli(['import:events', '--file', json]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--as is required/);
  });
});
