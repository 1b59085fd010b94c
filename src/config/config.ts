import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * The whole configuration of Parvis, read once from the environment, validated, and injected
 * as a typed object (token APP_CONFIG). Nothing outside src/config/ reads process.env.
 */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Folder for everything the service keeps on disk (embedded database, dev secret). */
  dataDir: string;
  /** External PostgreSQL; when absent the embedded one is started. */
  databaseUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logPretty: boolean;
  jwt: {
    secret: string;
    accessTtlSeconds: number;
    refreshTtlDays: number;
  };
  cors: {
    /** Allowed browser origins; `true` allows any origin (development only). */
    origins: string[] | true;
  };
  graphql: {
    introspection: boolean;
    sandbox: boolean;
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    /** Largest query document in bytes, checked before parsing (larger: 413). */
    maxQueryBytes: number;
    /** Most lexical tokens in a query document: parsing stops at the next one. */
    maxTokens: number;
  };
  http: {
    /** Largest accepted request body, e.g. `1mb` or `512kb` (larger bodies get 413). */
    bodyLimit: string;
    /** Trust X-Forwarded-For from this many proxies (0 when exposed directly). */
    trustProxyHops: number;
    /** Time allowed to receive the request headers (Node's `server.headersTimeout`). */
    headersTimeoutMs: number;
    /** Time allowed to receive a request body, from the end of its headers (408 after it). */
    bodyTimeoutMs: number;
    /** The same for a file upload (multipart/form-data), which may be large. */
    uploadTimeoutMs: number;
  };
  rateLimit: {
    /** Requests per minute and per IP for anonymous callers. */
    anonymousPerMinute: number;
    /** Login attempts per 15 minutes and per IP. */
    loginPerWindow: number;
    /** Requests per minute and per read-only API key (whatever the IP); staff keys are not limited, like staff. */
    apiKeyPerMinute: number;
  };
  sync: {
    /** A delta-sync token older than this is refused with 410: the integrator starts a full sync again. */
    tokenMaxAgeDays: number;
  };
  login: {
    maxFailures: number;
    lockMinutes: number;
  };
  /**
   * argon2id cost of new password hashes (one lane): OWASP's minimum, 19 MiB and 2 passes, except with
   * NODE_ENV=test, whose cheap profile lets the suites create hundreds of accounts. Not a variable.
   */
  passwordHashing: PasswordHashingConfig;
  seedDemoContent: boolean;
  media: {
    /** Folder of the local media storage (uploaded files, renditions, upload temp files). */
    dir: string;
    /** Largest accepted upload in bytes; refused with 413 while streaming, as soon as it is exceeded. */
    maxBytes: number;
    /**
     * Where originals and renditions are kept. Uploads are always received (and hashed) in
     * `<dir>/.tmp` on local disk first, whatever the storage.
     */
    storage: MediaStorageConfig;
    /**
     * What reading one PDF (page count, title, active content) may cost, in a worker thread: past
     * either limit the upload is refused (media/pdf-inspector.ts).
     */
    pdfCheck: { timeoutMs: number; memoryMb: number };
  };
  webhooks: WebhooksConfig;
  cache: HttpCacheConfig;
  /**
   * Public address of this API (scheme, host, optional path, no trailing slash), for the absolute links
   * of the feeds (RSS, Atom, iCalendar). null in production when unset: feeds then use the request's own address.
   */
  publicBaseUrl: string | null;
}

/** HTTP caching of anonymous reads and the server-side response cache (src/cache). */
export interface HttpCacheConfig {
  /** Keep anonymous GET answers in memory, dropped whenever content changes. Off by default under NODE_ENV=test. */
  enabled: boolean;
  /** Longest time an answer is kept (time-dependent lists, such as upcoming events, move on without a write). */
  ttlSeconds: number;
  /** Most answers kept; the least recently used go first. */
  maxEntries: number;
  /** Most bytes of bodies kept (an answer larger than a sixteenth of it is never kept). */
  maxBytes: number;
  /** `Cache-Control: public, max-age=` of anonymous answers (browsers, CDNs, kiosks). */
  maxAgeSeconds: number;
  /** `stale-while-revalidate=` of anonymous answers: how long a client may show a stale answer while it refreshes it. */
  staleWhileRevalidateSeconds: number;
}

/** Deliveries to the endpoints admins register (src/webhooks). */
export interface WebhooksConfig {
  /** Whether this process delivers (several instances may: one at a time does the work). Off in tests unless asked. */
  deliver: boolean;
  /** Plain http:// endpoints accepted: outside production only. */
  allowHttp: boolean;
  /** Endpoints on loopback, private or link-local addresses accepted (SSRF guard off): only for a receiver you run. */
  allowPrivateAddresses: boolean;
  /** How often the journal is read for new changes and due retries. */
  pollIntervalMs: number;
  /** How long one attempt may take before it counts as failed. */
  timeoutMs: number;
  /** The first retry's delay; each next one doubles, up to six hours. */
  retryBaseMs: number;
  /** After how long since a delivery was made it stops being retried and its endpoint is marked failing. */
  retryForMs: number;
}

export interface PasswordHashingConfig {
  /** Memory per hash, in KiB. */
  memoryCost: number;
  /** Passes over the memory. */
  timeCost: number;
}

/** OWASP's recommended minimum for argon2id: the default, and the least production accepts. */
export const PRODUCTION_PASSWORD_HASHING: Readonly<PasswordHashingConfig> = Object.freeze({ memoryCost: 19_456, timeCost: 2 });
/** NODE_ENV=test only: about a millisecond a hash, for suites that create hundreds of accounts. */
export const TEST_PASSWORD_HASHING: Readonly<PasswordHashingConfig> = Object.freeze({ memoryCost: 1024, timeCost: 1 });

export type MediaStorageConfig = { kind: 'local' } | S3StorageConfig;

/** S3-compatible object storage (AWS S3, OVHcloud, Scaleway, MinIO, Garage, Ceph…). */
export interface S3StorageConfig {
  kind: 's3';
  bucket: string;
  /** The signing region: the bucket's region on AWS, the provider's region name elsewhere. */
  region: string;
  /** Origin of an S3-compatible service; undefined for AWS S3 itself. */
  endpoint: string | undefined;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO, bucket names with dots). */
  forcePathStyle: boolean;
  /** '' or slash-separated folders ending in '/', put before every key (several sites in one bucket). */
  prefix: string;
  /** Static keys; undefined to let the SDK find credentials (AWS_* variables, shared files, instance role). */
  credentials: S3Credentials | undefined;
}

/** `secretAccessKey` is a non-enumerable property: JSON logs and `util.inspect` of the config never show it. */
export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function fail(variable: string, problem: string): never {
  throw new ConfigError(`Invalid configuration: ${variable} ${problem}`);
}

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) fail(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) fail(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  fail(name, `must be true or false, got "${raw}"`);
}

function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) fail(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** An optional URL variable: undefined when empty, else parsed (a value that is no URL stops the start). */
function readOptionalUrl(env: Env, name: string, expected: string): { raw: string; url: URL } | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    return { raw, url: new URL(raw) };
  } catch {
    fail(name, `is not a valid URL (expected ${expected})`);
  }
}

/** PUBLIC_BASE_URL: an http(s) URL without query or fragment, trailing slash removed; `http://localhost:<port>` by default outside production. */
function readPublicBaseUrl(env: Env, isProduction: boolean, port: number): string | null {
  const parsed = readOptionalUrl(env, 'PUBLIC_BASE_URL', 'https://cms.anor.fr');
  if (!parsed) return isProduction ? null : `http://localhost:${port}`;
  const { url } = parsed;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('PUBLIC_BASE_URL', `must start with https:// or http:// (got ${url.protocol}//)`);
  if (url.search || url.hash || url.username || url.password) fail('PUBLIC_BASE_URL', 'must have no query, fragment or credentials (e.g. https://cms.anor.fr)');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function readDatabaseUrl(env: Env): string | undefined {
  const parsed = readOptionalUrl(env, 'DATABASE_URL', 'postgres://user:password@host:5432/database');
  if (!parsed) return undefined;
  const { raw, url } = parsed;
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    fail('DATABASE_URL', `must start with postgres:// (got ${url.protocol}//)`);
  }
  return raw;
}

function readCorsOrigins(env: Env, isDevelopment: boolean): string[] | true {
  const raw = env.CORS_ORIGINS;
  if (raw === undefined || raw.trim() === '') return isDevelopment ? true : [];
  if (raw.trim() === '*') {
    if (!isDevelopment) fail('CORS_ORIGINS', 'cannot be "*" in production; list the front-end origins');
    return true;
  }
  const origins = raw.split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      fail('CORS_ORIGINS', `has an invalid origin "${origin}" (expected e.g. https://www.anor.fr)`);
    }
    if (parsed.origin !== origin) fail('CORS_ORIGINS', `entry "${origin}" must be a bare origin like ${parsed.origin}`);
  }
  return origins;
}

const BODY_LIMIT_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };
const MIN_BODY_LIMIT = 1024;
const MAX_BODY_LIMIT = 50 * 1024 * 1024;

/** A size in the notation body-parser understands, restricted to b/kb/mb and 1kb–50mb. */
function readBodyLimit(env: Env): string {
  const raw = env.BODY_LIMIT;
  if (raw === undefined || raw.trim() === '') return '1mb';
  const match = /^(\d+)\s*(b|kb|mb)$/i.exec(raw.trim());
  if (!match) fail('BODY_LIMIT', `must be a size like 1mb, 512kb or 2048b, got "${raw}"`);
  const unit = match[2].toLowerCase();
  const bytes = Number(match[1]) * BODY_LIMIT_UNITS[unit];
  if (bytes < MIN_BODY_LIMIT || bytes > MAX_BODY_LIMIT) fail('BODY_LIMIT', `must be between 1kb and 50mb, got "${raw}"`);
  return `${match[1]}${unit}`;
}

/**
 * In production the JWT secret must come from the environment. In development and tests a secret is
 * generated once and kept in the data folder, so sessions survive a restart without any set-up.
 */
function readJwtSecret(env: Env, appEnv: AppConfig['env'], dataDir: string): string {
  const raw = env.JWT_SECRET;
  if (raw !== undefined && raw !== '') {
    if (raw.length < 32) fail('JWT_SECRET', 'must be at least 32 characters long');
    return raw;
  }
  if (appEnv === 'production') fail('JWT_SECRET', 'is required when NODE_ENV=production (32+ random characters)');
  if (appEnv === 'test') return randomBytes(32).toString('hex');
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/** The cheap profile is for NODE_ENV=test only; every other environment hashes at OWASP's minimum. */
function passwordHashingFor(appEnv: AppConfig['env']): PasswordHashingConfig {
  return { ...(appEnv === 'test' ? TEST_PASSWORD_HASHING : PRODUCTION_PASSWORD_HASHING) };
}

/**
 * Refuses, at start-up, a production configuration whose password hashes would be cheaper than OWASP's
 * minimum (the test profile, or a configuration assembled by hand): loadConfig and ConfigModule check it.
 */
export function assertPasswordHashingAllowed(config: Pick<AppConfig, 'env' | 'passwordHashing'>): void {
  if (config.env !== 'production') return;
  const { memoryCost, timeCost } = config.passwordHashing;
  const minimum = PRODUCTION_PASSWORD_HASHING;
  if (memoryCost < minimum.memoryCost || timeCost < minimum.timeCost) {
    throw new ConfigError(`Invalid configuration: password hashing (argon2id ${memoryCost} KiB, ${timeCost} pass(es)) is below ` +
      `the production minimum (${minimum.memoryCost} KiB, ${minimum.timeCost} passes); the cheap profile is for NODE_ENV=test only`);
  }
}

const S3_VARIABLES = ['S3_BUCKET', 'S3_REGION', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE', 'S3_PREFIX'];

function readMediaStorage(env: Env, appEnv: AppConfig['env']): MediaStorageConfig {
  const kind = readEnum(env, 'MEDIA_STORAGE', ['local', 's3'] as const, 'local');
  if (kind === 'local') {
    // An S3 setting without MEDIA_STORAGE=s3 is a forgotten line, and files would silently stay on a local disk.
    const stray = S3_VARIABLES.find((name) => env[name] !== undefined && env[name] !== '');
    if (stray) fail(stray, 'is set but MEDIA_STORAGE is not s3 (set MEDIA_STORAGE=s3, or remove the S3_ variables)');
    return { kind };
  }
  const endpoint = readS3Endpoint(env, appEnv);
  return {
    kind,
    bucket: readS3Bucket(env),
    region: readS3Region(env, endpoint),
    endpoint,
    forcePathStyle: readBool(env, 'S3_FORCE_PATH_STYLE', false),
    prefix: readS3Prefix(env),
    credentials: readS3Credentials(env),
  };
}

/** The DNS-compatible naming rule every current S3 service enforces for new buckets. */
function readS3Bucket(env: Env): string {
  const raw = env.S3_BUCKET;
  if (raw === undefined || raw === '') fail('S3_BUCKET', 'is required when MEDIA_STORAGE=s3');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(raw) || raw.includes('..')) {
    fail('S3_BUCKET', `must be 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, got "${raw}"`);
  }
  return raw;
}

/**
 * On AWS the request region must be the bucket's own, and a default would only turn a missing line into
 * a redirect error at the first upload: required. S3-compatible services mostly accept us-east-1, the
 * SDK's convention; those that check it (Scaleway fr-par, OVHcloud gra/sbg…) document their name.
 */
function readS3Region(env: Env, endpoint: string | undefined): string {
  const raw = env.S3_REGION;
  if (raw === undefined || raw === '') {
    if (endpoint === undefined) fail('S3_REGION', "is required for AWS S3 (the bucket's region, e.g. eu-west-3 for Paris)");
    return 'us-east-1';
  }
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(raw)) fail('S3_REGION', `must be a region name like eu-west-3, fr-par or gra, got "${raw}"`);
  return raw;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * HTTPS, or plain HTTP only where nobody can listen in: a loopback address, or development and tests.
 * Over plain HTTP the files travel unencrypted and, since streamed uploads are sent with an unsigned
 * payload, anyone on the path could swap their content (a signed act, say) without breaking the
 * signature. The raw value is never echoed: a URL can carry a password.
 */
function readS3Endpoint(env: Env, appEnv: AppConfig['env']): string | undefined {
  const parsed = readOptionalUrl(env, 'S3_ENDPOINT', 'an origin like https://s3.fr-par.scw.cloud');
  if (!parsed) return undefined;
  const { url } = parsed;
  if (url.username || url.password) fail('S3_ENDPOINT', 'must not contain a user name or password (use S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY)');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('S3_ENDPOINT', `must start with https:// (got ${url.protocol}//)`);
  if (url.pathname !== '/' || url.search || url.hash) {
    fail('S3_ENDPOINT', `must be a bare origin like ${url.origin}, without a path (the bucket is S3_BUCKET)`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol === 'http:' && !loopback && appEnv === 'production') {
    fail('S3_ENDPOINT', `must use https:// in production (plain http:// is only accepted for a loopback address), got ${url.origin}`);
  }
  return url.origin;
}

/** Slash-separated folder names; stored as '' or with one trailing slash. */
function readS3Prefix(env: Env): string {
  const raw = env.S3_PREFIX;
  if (raw === undefined || raw === '') return '';
  const trimmed = raw.replace(/^\/+|\/+$/g, '');
  const segments = trimmed.split('/');
  if (trimmed.length > 200 || segments.some((segment) => !/^[A-Za-z0-9._-]+$/.test(segment) || /^\.+$/.test(segment))) {
    fail('S3_PREFIX', `must be folder names of letters, digits, dots, hyphens or underscores separated by /, like parvis/anor, got "${raw}"`);
  }
  return `${trimmed}/`;
}

/** Neither key (the SDK's default credential chain) or both. The secret's value never appears in a message. */
function readS3Credentials(env: Env): S3Credentials | undefined {
  const accessKeyId = env.S3_ACCESS_KEY_ID ?? '';
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY ?? '';
  if (accessKeyId === '' && secretAccessKey === '') return undefined;
  if (accessKeyId === '') fail('S3_ACCESS_KEY_ID', 'is required when S3_SECRET_ACCESS_KEY is set (set both, or neither to use the AWS SDK default credentials)');
  if (secretAccessKey === '') fail('S3_SECRET_ACCESS_KEY', 'is required when S3_ACCESS_KEY_ID is set (set both, or neither to use the AWS SDK default credentials)');
  if (!/^[\x21-\x7e]+$/.test(accessKeyId)) fail('S3_ACCESS_KEY_ID', 'must be printable characters without spaces or line breaks');
  if (!/^[\x21-\x7e]+$/.test(secretAccessKey)) fail('S3_SECRET_ACCESS_KEY', 'must be printable characters without spaces or line breaks');
  const credentials = { accessKeyId } as { accessKeyId: string; secretAccessKey: string };
  Object.defineProperty(credentials, 'secretAccessKey', { value: secretAccessKey, enumerable: false });
  return credentials;
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): AppConfig {
  const appEnv = readEnum(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const isProduction = appEnv === 'production';
  const isDevelopment = appEnv === 'development';
  const rawDataDir = env.PARVIS_DATA_DIR || '.data';
  const dataDir = isAbsolute(rawDataDir) ? rawDataDir : resolve(cwd, rawDataDir);
  const host = env.HOST || '0.0.0.0';
  const port = readInt(env, 'PORT', 3000, 1, 65535);

  const config: AppConfig = {
    env: appEnv,
    host,
    port,
    publicBaseUrl: readPublicBaseUrl(env, isProduction, port),
    dataDir,
    databaseUrl: readDatabaseUrl(env),
    logLevel: readEnum(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      appEnv === 'test' ? 'silent' : 'info'),
    logPretty: readBool(env, 'LOG_PRETTY', isDevelopment),
    jwt: {
      secret: readJwtSecret(env, appEnv, dataDir),
      accessTtlSeconds: readInt(env, 'JWT_ACCESS_TTL_SECONDS', 900, 60, 86400),
      refreshTtlDays: readInt(env, 'REFRESH_TOKEN_TTL_DAYS', 30, 1, 365),
    },
    cors: { origins: readCorsOrigins(env, isDevelopment) },
    graphql: {
      introspection: readBool(env, 'GRAPHQL_INTROSPECTION', !isProduction),
      sandbox: readBool(env, 'GRAPHQL_SANDBOX', isDevelopment),
      maxDepth: readInt(env, 'GRAPHQL_MAX_DEPTH', 10, 2, 50),
      maxCost: readInt(env, 'GRAPHQL_MAX_COST', 10_000, 10, 1_000_000),
      maxAliases: readInt(env, 'GRAPHQL_MAX_ALIASES', 15, 1, 1000),
      maxQueryBytes: readInt(env, 'GRAPHQL_MAX_QUERY_BYTES', 100_000, 1000, 10_000_000),
      maxTokens: readInt(env, 'GRAPHQL_MAX_TOKENS', 2000, 100, 100_000),
    },
    http: {
      bodyLimit: readBodyLimit(env),
      trustProxyHops: readInt(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
      headersTimeoutMs: readInt(env, 'HTTP_HEADERS_TIMEOUT_SECONDS', 20, 1, 600) * 1000,
      bodyTimeoutMs: readInt(env, 'HTTP_BODY_TIMEOUT_SECONDS', 30, 1, 600) * 1000,
      uploadTimeoutMs: readInt(env, 'HTTP_UPLOAD_TIMEOUT_SECONDS', 120, 1, 3600) * 1000,
    },
    rateLimit: {
      anonymousPerMinute: readInt(env, 'RATE_LIMIT_ANONYMOUS_PER_MINUTE', 600, 1, 1_000_000),
      loginPerWindow: readInt(env, 'RATE_LIMIT_LOGIN_PER_15_MINUTES', 20, 1, 100_000),
      apiKeyPerMinute: readInt(env, 'RATE_LIMIT_API_KEY_PER_MINUTE', 1200, 1, 1_000_000),
    },
    sync: {
      tokenMaxAgeDays: readInt(env, 'SYNC_TOKEN_MAX_AGE_DAYS', 30, 1, 3650),
    },
    login: {
      maxFailures: readInt(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
      lockMinutes: readInt(env, 'LOGIN_LOCK_MINUTES', 15, 1, 1440),
    },
    passwordHashing: passwordHashingFor(appEnv),
    // Demo content is for trying Parvis out: never loaded into a production database unless asked.
    seedDemoContent: readBool(env, 'SEED_DEMO_CONTENT', appEnv === 'development'),
    media: {
      dir: env.MEDIA_DIR ? (isAbsolute(env.MEDIA_DIR) ? env.MEDIA_DIR : resolve(cwd, env.MEDIA_DIR)) : join(dataDir, 'media'),
      maxBytes: readInt(env, 'MEDIA_MAX_BYTES', 20 * 1024 * 1024, 1, 1024 * 1024 * 1024),
      storage: readMediaStorage(env, appEnv),
      pdfCheck: {
        timeoutMs: readInt(env, 'MEDIA_PDF_CHECK_TIMEOUT_MS', 20_000, 1, 600_000),
        memoryMb: readInt(env, 'MEDIA_PDF_CHECK_MEMORY_MB', 512, 32, 16_384),
      },
    },
    cache: {
      // Off in tests by default: suites that change rows with SQL, or count the SQL of repeated reads, expect no cache.
      enabled: readBool(env, 'RESPONSE_CACHE', appEnv !== 'test'),
      ttlSeconds: readInt(env, 'RESPONSE_CACHE_TTL_SECONDS', 60, 1, 86_400),
      maxEntries: readInt(env, 'RESPONSE_CACHE_MAX_ENTRIES', 2000, 1, 1_000_000),
      maxBytes: readInt(env, 'RESPONSE_CACHE_MAX_MB', 64, 1, 16_384) * 1024 * 1024,
      maxAgeSeconds: readInt(env, 'HTTP_CACHE_MAX_AGE_SECONDS', 60, 0, 86_400),
      staleWhileRevalidateSeconds: readInt(env, 'HTTP_CACHE_STALE_WHILE_REVALIDATE_SECONDS', 300, 0, 86_400),
    },
    webhooks: {
      deliver: readBool(env, 'WEBHOOKS_DELIVER', appEnv !== 'test'),
      // Production always requires https: a delivery carries content and its signature in clear otherwise.
      allowHttp: !isProduction && readBool(env, 'WEBHOOKS_ALLOW_HTTP', true),
      allowPrivateAddresses: readBool(env, 'WEBHOOKS_ALLOW_PRIVATE_ADDRESSES', false),
      pollIntervalMs: readInt(env, 'WEBHOOKS_POLL_INTERVAL_MS', 2000, 20, 600_000),
      timeoutMs: readInt(env, 'WEBHOOKS_TIMEOUT_MS', 10_000, 100, 120_000),
      retryBaseMs: readInt(env, 'WEBHOOKS_RETRY_BASE_MS', 30_000, 10, 3_600_000),
      retryForMs: readInt(env, 'WEBHOOKS_RETRY_FOR_MINUTES', 24 * 60, 1, 7 * 24 * 60) * 60_000,
    },
  };
  assertPasswordHashingAllowed(config);
  return config;
}
