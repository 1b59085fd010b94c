import { cacheKey, ifNoneMatchMatches, isContentPath, isGraphQLErrorBody, isPerRequestHeader, publicCacheControl, strongEtag } from './http-caching';

describe('HTTP caching rules', () => {
  it('makes a strong ETag that follows the bytes', () => {
    const etag = strongEtag(Buffer.from('{"a":1}'));
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(strongEtag(Buffer.from('{"a":1}'))).toBe(etag);
    expect(strongEtag(Buffer.from('{"a":2}'))).not.toBe(etag);
  });

  it.each([
    ['"abc"', true],
    ['"x", "abc"', true],
    ['W/"abc"', true],
    ['*', true],
    ['"abcd"', false],
    ['', false],
  ])('If-None-Match %s against "abc": %s', (header, expected) => {
    expect(ifNoneMatchMatches(header, '"abc"')).toBe(expected);
  });

  it('matches nothing without If-None-Match', () => {
    expect(ifNoneMatchMatches(undefined, '"abc"')).toBe(false);
  });

  it('writes the public Cache-Control from the settings', () => {
    expect(publicCacheControl(60, 300)).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(publicCacheControl(60, 0)).toBe('public, max-age=60');
    expect(publicCacheControl(0, 300)).toBe('public, no-cache');
  });

  it('covers the REST API, GraphQL and the feeds only', () => {
    for (const path of ['/api/v1/events', '/api/v1/events/fete.ics', '/graphql', '/feeds/events.rss']) expect(isContentPath(path)).toBe(true);
    for (const path of ['/health/live', '/media/1/a.jpg', '/graphqlx', '/api/v10/x']) expect(isContentPath(path)).toBe(false);
  });

  it('keys on the whole URL, Accept and the GraphQL CSRF header', () => {
    const base = { origin: '', url: '/api/v1/events?channel=web', accept: 'application/json', csrfHeaders: false };
    const key = cacheKey(base);
    expect(cacheKey({ ...base, url: '/api/v1/events?channel=kiosk' })).not.toBe(key);
    expect(cacheKey({ ...base, accept: 'text/csv' })).not.toBe(key);
    expect(cacheKey({ ...base, csrfHeaders: true })).not.toBe(key);
    expect(cacheKey({ ...base, origin: 'https://cms.anor.fr' })).not.toBe(key);
    expect(cacheKey({ ...base })).toBe(key);
  });

  it('never stores per-request headers', () => {
    for (const name of ['set-cookie', 'x-ratelimit-remaining', 'x-request-id', 'etag', 'cache-control', 'vary']) expect(isPerRequestHeader(name)).toBe(true);
    for (const name of ['content-type', 'content-disposition']) expect(isPerRequestHeader(name)).toBe(false);
  });

  it('treats a GraphQL body with errors, or not JSON, as an error', () => {
    expect(isGraphQLErrorBody(Buffer.from('{"data":{"a":1}}'))).toBe(false);
    expect(isGraphQLErrorBody(Buffer.from('{"errors":[{"message":"x"}],"data":null}'))).toBe(true);
    expect(isGraphQLErrorBody(Buffer.from('<html>'))).toBe(true);
  });
});
