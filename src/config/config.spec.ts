import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigModule } from './config.module';
import {
  assertPasswordHashingAllowed, ConfigError, loadConfig, PRODUCTION_PASSWORD_HASHING, TEST_PASSWORD_HASHING,
} from './config';

const SECRET = 'x'.repeat(40);

/** loadConfig's error, asserting it is one line that names the variable. */
function refusal(env: Record<string, string>, cwd = tmpdir()): string {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'parvis-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts with safe defaults for development and nothing set', () => {
    const config = loadConfig({ PARVIS_DATA_DIR: dataDir }, '/');
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      databaseUrl: undefined,
      cors: { origins: true },
      http: { bodyLimit: '1mb', trustProxyHops: 0 },
      rateLimit: { anonymousPerMinute: 600, loginPerWindow: 20 },
      graphql: { introspection: true, sandbox: true },
    });
  });

  it.each([
    ['abc', /^Invalid configuration: PORT must be a whole number, got "abc"$/],
    ['0', /^Invalid configuration: PORT must be between 1 and 65535, got 0$/],
    ['70000', /^Invalid configuration: PORT must be between 1 and 65535, got 70000$/],
    ['30.5', /^Invalid configuration: PORT must be a whole number/],
  ])('refuses PORT=%s', (port, expected) => {
    expect(refusal({ NODE_ENV: 'test', PORT: port })).toMatch(expected);
  });

  it.each([
    ['not a url', /^Invalid configuration: DATABASE_URL is not a valid URL/],
    ['mysql://user:pw@localhost/parvis', /^Invalid configuration: DATABASE_URL must start with postgres:\/\//],
  ])('refuses DATABASE_URL=%s', (url, expected) => {
    expect(refusal({ NODE_ENV: 'test', DATABASE_URL: url })).toMatch(expected);
  });

  it('accepts postgres:// and postgresql:// database URLs', () => {
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://u:p@db:5432/parvis' }).databaseUrl).toBe('postgres://u:p@db:5432/parvis');
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://u:p@db/parvis' }).databaseUrl).toBe('postgresql://u:p@db/parvis');
  });

  it('refuses to start in production without JWT_SECRET, naming the variable', () => {
    expect(refusal({ NODE_ENV: 'production', PARVIS_DATA_DIR: dataDir }))
      .toBe('Invalid configuration: JWT_SECRET is required when NODE_ENV=production (32+ random characters)');
    // …and writes no generated secret on the way.
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
  });

  it('refuses a JWT_SECRET shorter than 32 characters', () => {
    expect(refusal({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toMatch(/^Invalid configuration: JWT_SECRET must be at least 32/);
  });

  it('refuses CORS_ORIGINS="*" in production', () => {
    expect(refusal({ NODE_ENV: 'production', JWT_SECRET: SECRET, CORS_ORIGINS: '*' }))
      .toMatch(/^Invalid configuration: CORS_ORIGINS cannot be "\*" in production/);
  });

  it('allows no browser origin in production unless CORS_ORIGINS lists them', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).cors.origins).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, CORS_ORIGINS: 'https://www.anor.fr, https://borne.anor.fr' }).cors.origins)
      .toEqual(['https://www.anor.fr', 'https://borne.anor.fr']);
  });

  it.each(['www.anor.fr', 'https://www.anor.fr/'])('refuses the CORS origin %s (not a bare origin)', (origin) => {
    expect(refusal({ NODE_ENV: 'production', JWT_SECRET: SECRET, CORS_ORIGINS: origin })).toMatch(/^Invalid configuration: CORS_ORIGINS /);
  });

  it('turns the sandbox and introspection off in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET });
    expect(config.graphql).toMatchObject({ sandbox: false, introspection: false });
  });

  it.each([
    ['512kb', '512kb'],
    ['2MB', '2mb'],
    [' 4096b ', '4096b'],
    ['1 mb', '1mb'],
  ])('accepts BODY_LIMIT=%j as %s', (raw, normalised) => {
    expect(loadConfig({ NODE_ENV: 'test', BODY_LIMIT: raw }).http.bodyLimit).toBe(normalised);
  });

  it.each([
    ['lots', /must be a size like 1mb/],
    ['1gb', /must be a size like 1mb/],
    ['-1mb', /must be a size like 1mb/],
    ['1.5mb', /must be a size like 1mb/],
    ['100b', /must be between 1kb and 50mb/],
    ['51mb', /must be between 1kb and 50mb/],
  ])('refuses BODY_LIMIT=%s', (raw, expected) => {
    const message = refusal({ NODE_ENV: 'test', BODY_LIMIT: raw });
    expect(message).toMatch(/^Invalid configuration: BODY_LIMIT /);
    expect(message).toMatch(expected);
  });

  it.each([
    ['RATE_LIMIT_ANONYMOUS_PER_MINUTE', '0'],
    ['RATE_LIMIT_LOGIN_PER_15_MINUTES', 'many'],
    ['TRUST_PROXY_HOPS', '11'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_PRETTY', 'maybe'],
    ['NODE_ENV', 'staging'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(refusal({ NODE_ENV: 'test', [name]: value })).toMatch(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('generates a development JWT secret once, keeps it private in the data folder and reuses it', () => {
    const first = loadConfig({ PARVIS_DATA_DIR: dataDir }, '/');
    const file = join(dataDir, 'jwt-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.jwt.secret);
    expect(first.jwt.secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ PARVIS_DATA_DIR: dataDir }, '/');
    expect(second.jwt.secret).toBe(first.jwt.secret);
  });

  it('resolves a relative PARVIS_DATA_DIR against the working directory', () => {
    expect(loadConfig({ NODE_ENV: 'test', PARVIS_DATA_DIR: 'state' }, dataDir).dataDir).toBe(join(dataDir, 'state'));
  });

  it('never writes a secret for tests, and prefers JWT_SECRET when set', () => {
    expect(loadConfig({ NODE_ENV: 'test', PARVIS_DATA_DIR: dataDir }).jwt.secret).toHaveLength(64);
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
    expect(loadConfig({ PARVIS_DATA_DIR: dataDir, JWT_SECRET: SECRET }).jwt.secret).toBe(SECRET);
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
  });
});

describe('password hashing cost', () => {
  it('is OWASP\'s minimum (argon2id 19 MiB, 2 passes) in production and development, and cheap only for tests', () => {
    expect(PRODUCTION_PASSWORD_HASHING).toEqual({ memoryCost: 19_456, timeCost: 2 });
    const production = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, PARVIS_DATA_DIR: tmpdir() });
    expect(production.passwordHashing).toEqual(PRODUCTION_PASSWORD_HASHING);
    expect(loadConfig({ NODE_ENV: 'development', JWT_SECRET: SECRET, PARVIS_DATA_DIR: tmpdir() }).passwordHashing).toEqual(PRODUCTION_PASSWORD_HASHING);
    expect(loadConfig({ NODE_ENV: 'test' }).passwordHashing).toEqual(TEST_PASSWORD_HASHING);
    expect(TEST_PASSWORD_HASHING.memoryCost).toBeLessThan(PRODUCTION_PASSWORD_HASHING.memoryCost);
  });

  it('refuses the cheap profile, or any cost below the minimum, at a production start', () => {
    const production = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, PARVIS_DATA_DIR: tmpdir() });
    for (const passwordHashing of [TEST_PASSWORD_HASHING, { memoryCost: 19_456, timeCost: 1 }, { memoryCost: 8192, timeCost: 4 }]) {
      const cheap = { ...production, passwordHashing };
      expect(() => assertPasswordHashingAllowed(cheap)).toThrow(ConfigError);
      expect(() => ConfigModule.forRoot(cheap)).toThrow(/password hashing .* is below the production minimum/);
    }
    expect(() => assertPasswordHashingAllowed({ ...production, passwordHashing: { memoryCost: 65_536, timeCost: 3 } })).not.toThrow();
    expect(() => assertPasswordHashingAllowed({ ...production, env: 'test', passwordHashing: TEST_PASSWORD_HASHING })).not.toThrow();
  });
});

describe('configuration documentation', () => {
  const root = resolve(__dirname, '..', '..');
  const read = (file: string): string => readFileSync(join(root, file), 'utf8');
  /** Variable names as the config code reads them: `env.NAME` or `readX(env, 'NAME', …)`. */
  const variablesOf = (source: string): string[] =>
    [...new Set([...source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)|\(env, '([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1] ?? m[2]))];
  const serverVariables = variablesOf(read('src/config/config.ts'));
  const cliVariables = variablesOf(read('src/config/cli-env.ts'));

  it('finds the variables it checks', () => {
    expect(serverVariables).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'JWT_SECRET', 'CORS_ORIGINS', 'BODY_LIMIT']));
    expect(cliVariables).toEqual(['PARVIS_PASSWORD']);
  });

  it('lists every variable in .env.example, with a comment', () => {
    const example = read('.env.example');
    for (const name of serverVariables) expect(example).toMatch(new RegExp(`^# .+\\n${name}=`, 'm'));
    for (const name of cliVariables) expect(example).toMatch(new RegExp(`^# ${name}=`, 'm'));
  });

  it('lists every variable in the README configuration table', () => {
    const readme = read('README.md');
    for (const name of [...serverVariables, ...cliVariables]) expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });
});
