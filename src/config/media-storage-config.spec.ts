import { inspect } from 'node:util';
import { ConfigError, loadConfig } from './config';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
const JWT_SECRET = 'x'.repeat(40);

/** Valid S3 settings for an S3-compatible service in production; each test spoils one. */
const S3 = {
  NODE_ENV: 'production', JWT_SECRET,
  MEDIA_STORAGE: 's3', S3_BUCKET: 'parvis-anor', S3_ENDPOINT: 'https://s3.fr-par.scw.cloud', S3_REGION: 'fr-par',
  S3_ACCESS_KEY_ID: 'SCWXXXXXXXXXXXXXXXXX', S3_SECRET_ACCESS_KEY: SECRET,
};

/** loadConfig's error: one line, naming the variable, never showing the secret. */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).not.toContain(SECRET);
    return message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify({ ...env, S3_SECRET_ACCESS_KEY: '…' })}`);
}

describe('media storage configuration', () => {
  it('stores media in the local folder when nothing is set', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).media.storage).toEqual({ kind: 'local' });
    expect(loadConfig({ NODE_ENV: 'test', MEDIA_STORAGE: 'local', S3_BUCKET: '' }).media.storage).toEqual({ kind: 'local' });
  });

  it('reads a complete S3 configuration, with the prefix normalised to end in one slash', () => {
    const storage = loadConfig({ ...S3, S3_FORCE_PATH_STYLE: 'true', S3_PREFIX: '/parvis/anor/' }).media.storage;
    expect(storage).toEqual({
      kind: 's3', bucket: 'parvis-anor', region: 'fr-par', endpoint: 'https://s3.fr-par.scw.cloud', forcePathStyle: true,
      prefix: 'parvis/anor/', credentials: { accessKeyId: 'SCWXXXXXXXXXXXXXXXXX' },
    });
    expect(storage.kind === 's3' && storage.credentials?.secretAccessKey).toBe(SECRET);
  });

  it('keeps the secret out of JSON and of util.inspect, as loggers print them', () => {
    const config = loadConfig({ ...S3 });
    expect(JSON.stringify(config)).not.toContain(SECRET);
    expect(inspect(config, { depth: null })).not.toContain(SECRET);
  });

  it('leaves credentials to the AWS SDK when neither key is set, and requires the region for AWS itself', () => {
    const storage = loadConfig({ NODE_ENV: 'production', JWT_SECRET, MEDIA_STORAGE: 's3', S3_BUCKET: 'parvis-anor', S3_REGION: 'eu-west-3' }).media.storage;
    expect(storage).toEqual({
      kind: 's3', bucket: 'parvis-anor', region: 'eu-west-3', endpoint: undefined, forcePathStyle: false, prefix: '', credentials: undefined,
    });
    expect(refusal({ NODE_ENV: 'production', JWT_SECRET, MEDIA_STORAGE: 's3', S3_BUCKET: 'parvis-anor' }))
      .toBe("Invalid configuration: S3_REGION is required for AWS S3 (the bucket's region, e.g. eu-west-3 for Paris)");
  });

  it('signs for us-east-1 with an S3-compatible endpoint and no region', () => {
    const { S3_REGION: _region, ...withoutRegion } = S3;
    expect(loadConfig(withoutRegion).media.storage).toMatchObject({ region: 'us-east-1' });
  });

  it('refuses an unknown MEDIA_STORAGE', () => {
    expect(refusal({ NODE_ENV: 'test', MEDIA_STORAGE: 'minio' })).toBe('Invalid configuration: MEDIA_STORAGE must be one of local, s3, got "minio"');
  });

  it('refuses S3 without a bucket, and an invalid bucket name', () => {
    const { S3_BUCKET: _bucket, ...withoutBucket } = S3;
    expect(refusal(withoutBucket)).toBe('Invalid configuration: S3_BUCKET is required when MEDIA_STORAGE=s3');
    expect(refusal({ ...S3, S3_BUCKET: 'Parvis_Media' })).toMatch(/^Invalid configuration: S3_BUCKET must be 3-63 lowercase letters/);
    expect(refusal({ ...S3, S3_BUCKET: 'ab' })).toMatch(/^Invalid configuration: S3_BUCKET /);
  });

  it('refuses one key without the other, naming the missing one', () => {
    const { S3_ACCESS_KEY_ID: _id, ...secretOnly } = S3;
    expect(refusal(secretOnly)).toMatch(/^Invalid configuration: S3_ACCESS_KEY_ID is required when S3_SECRET_ACCESS_KEY is set/);
    const { S3_SECRET_ACCESS_KEY: _secret, ...idOnly } = S3;
    expect(refusal(idOnly)).toMatch(/^Invalid configuration: S3_SECRET_ACCESS_KEY is required when S3_ACCESS_KEY_ID is set/);
  });

  it('refuses a secret with a space or line break without showing it', () => {
    expect(refusal({ ...S3, S3_SECRET_ACCESS_KEY: `${SECRET}\n` }))
      .toBe('Invalid configuration: S3_SECRET_ACCESS_KEY must be printable characters without spaces or line breaks');
  });

  it.each([
    ['not a url', /S3_ENDPOINT is not a valid URL/],
    ['ftp://s3.example.org', /S3_ENDPOINT must start with https:\/\//],
    ['https://s3.example.org/parvis-anor', /S3_ENDPOINT must be a bare origin like https:\/\/s3\.example\.org/],
    ['http://s3.example.org', /S3_ENDPOINT must use https:\/\/ in production/],
  ])('refuses S3_ENDPOINT=%s in production', (endpoint, expected) => {
    expect(refusal({ ...S3, S3_ENDPOINT: endpoint })).toMatch(expected);
  });

  it('refuses an endpoint carrying a password, without repeating it', () => {
    const message = refusal({ ...S3, S3_ENDPOINT: 'https://admin:hunter2-pass@s3.example.org' });
    expect(message).not.toContain('hunter2');
    expect(message).toBe('Invalid configuration: S3_ENDPOINT must not contain a user name or password (use S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY)');
  });

  it('accepts plain http for a loopback address in production, and for any host in development and tests', () => {
    expect(loadConfig({ ...S3, S3_ENDPOINT: 'http://127.0.0.1:9000' }).media.storage).toMatchObject({ endpoint: 'http://127.0.0.1:9000' });
    expect(loadConfig({ ...S3, S3_ENDPOINT: 'http://localhost:9000/' }).media.storage).toMatchObject({ endpoint: 'http://localhost:9000' });
    expect(loadConfig({ ...S3, NODE_ENV: 'development', S3_ENDPOINT: 'http://minio:9000' }).media.storage).toMatchObject({ endpoint: 'http://minio:9000' });
    expect(loadConfig({ ...S3, NODE_ENV: 'test', S3_ENDPOINT: 'http://minio:9000' }).media.storage).toMatchObject({ endpoint: 'http://minio:9000' });
  });

  it.each(['../other-site', 'parvis//anor', 'parvis anor', 'parvis/./anor'])('refuses S3_PREFIX=%j', (prefix) => {
    expect(refusal({ ...S3, S3_PREFIX: prefix })).toMatch(/^Invalid configuration: S3_PREFIX must be folder names/);
  });

  it.each([
    ['S3_REGION', 'Paris 1'],
    ['S3_FORCE_PATH_STYLE', 'sometimes'],
  ])('refuses %s=%j, naming the variable', (name, value) => {
    expect(refusal({ ...S3, [name]: value })).toMatch(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('refuses S3 settings while MEDIA_STORAGE is local, as the files would not go where expected', () => {
    expect(refusal({ NODE_ENV: 'test', S3_BUCKET: 'parvis-anor' }))
      .toBe('Invalid configuration: S3_BUCKET is set but MEDIA_STORAGE is not s3 (set MEDIA_STORAGE=s3, or remove the S3_ variables)');
    expect(refusal({ NODE_ENV: 'test', MEDIA_STORAGE: 'local', S3_SECRET_ACCESS_KEY: SECRET }))
      .toMatch(/^Invalid configuration: S3_SECRET_ACCESS_KEY is set but MEDIA_STORAGE is not s3/);
  });
});
