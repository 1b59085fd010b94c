import { apiKeyHash, bearerCredential, isWellFormedApiKey, looksLikeApiKey, newApiKeyToken } from './api-key-token';

describe('API key tokens', () => {
  it('are pvk_ and 43 base64url characters, with a display prefix and the SHA-256 of the whole token', () => {
    const { token, prefix, hash } = newApiKeyToken();
    expect(token).toMatch(/^pvk_[A-Za-z0-9_-]{43}$/);
    expect(isWellFormedApiKey(token)).toBe(true);
    expect(prefix).toBe(token.slice(0, 12));
    expect(hash).toBe(apiKeyHash(token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are different every time', () => {
    expect(newApiKeyToken().token).not.toBe(newApiKeyToken().token);
  });

  it('are told apart from a JWT, and a malformed pvk_ credential is not well formed', () => {
    expect(looksLikeApiKey('eyJhbGciOiJIUzI1NiJ9.e30.x')).toBe(false);
    expect(looksLikeApiKey('pvk_nope')).toBe(true);
    expect(isWellFormedApiKey('pvk_nope')).toBe(false);
    expect(isWellFormedApiKey(`pvk_${'a'.repeat(42)}!`)).toBe(false);
  });

  it('reads the bearer credential of an Authorization header', () => {
    expect(bearerCredential('Bearer pvk_abc')).toBe('pvk_abc');
    expect(bearerCredential('bearer  pvk_abc ')).toBe('pvk_abc');
    expect(bearerCredential('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerCredential(undefined)).toBeUndefined();
  });
});
