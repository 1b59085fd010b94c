import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTypeScript } from './support/processes';

/** `npx ts-node --transpile-only src/main.ts` in a clean environment plus `env`. */
const start = (env: Record<string, string>) => runTypeScript('src/main.ts', [], env);

describe('start with a bad configuration', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'parvis-start-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits 1 with one line naming PORT, before starting any database', async () => {
    const outcome = await start({ PORT: 'abc', PARVIS_DATA_DIR: dataDir, NODE_ENV: 'development' });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe('Invalid configuration: PORT must be a whole number, got "abc"\n');
    expect(outcome.stdout).toBe('');
    expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('exits 1 with one line naming JWT_SECRET in production without a secret', async () => {
    const outcome = await start({ NODE_ENV: 'production', PARVIS_DATA_DIR: dataDir, DATABASE_URL: 'postgres://u:p@127.0.0.1:1/none' });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe('Invalid configuration: JWT_SECRET is required when NODE_ENV=production (32+ random characters)\n');
    expect(outcome.stdout).toBe('');
  });
});
