import { tmpdir } from 'node:os';
import { ConfigError, loadConfig } from '../config/config';

/** PUBLIC_BASE_URL, the address the feeds' absolute links start with (read in config/, checked here with the feeds). */
describe('PUBLIC_BASE_URL', () => {
  const SECRET = 'x'.repeat(40);
  const load = (env: Record<string, string>): ReturnType<typeof loadConfig> => loadConfig({ NODE_ENV: 'test', PARVIS_DATA_DIR: tmpdir(), ...env });

  it('is http://localhost:<PORT> by default outside production', () => {
    expect(load({}).publicBaseUrl).toBe('http://localhost:3000');
    expect(load({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
  });

  it('is empty by default in production (feeds then use the address they were requested at)', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, PARVIS_DATA_DIR: tmpdir() }).publicBaseUrl).toBeNull();
  });

  it('keeps a path and drops the trailing slash', () => {
    expect(load({ PUBLIC_BASE_URL: 'https://cms.anor.fr/' }).publicBaseUrl).toBe('https://cms.anor.fr');
    expect(load({ PUBLIC_BASE_URL: 'https://www.anor.fr/cms/' }).publicBaseUrl).toBe('https://www.anor.fr/cms');
  });

  it.each([
    ['not a URL', /PUBLIC_BASE_URL is not a valid URL/],
    ['ftp://cms.anor.fr', /PUBLIC_BASE_URL must start with https:\/\/ or http:\/\//],
    ['https://cms.anor.fr/?x=1', /PUBLIC_BASE_URL must have no query, fragment or credentials/],
  ])('refuses %s, naming the variable', (value, message) => {
    expect(() => load({ PUBLIC_BASE_URL: value })).toThrow(ConfigError);
    expect(() => load({ PUBLIC_BASE_URL: value })).toThrow(message);
  });
});
