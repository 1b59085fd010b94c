import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 11, point 14: enum values are spelled the same in both APIs (the GraphQL names, upper case),
 * and REST query parameters accept either case.
 */
describe('REST and GraphQL spell enum values alike', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { demo: true });
  });
  afterAll(() => t.close());

  it('answers an event over REST with the same status, channels and eventStatus as GraphQL', async () => {
    const rest = await t.http().get('/api/v1/events').query({ first: 5 }).expect(200);
    const first = rest.body.data[0].event;
    const gql = await t.gql(`query($id: ID!) { event(id: $id) { status channels eventStatus } }`, { id: first.id });
    expect(gql.body.errors).toBeUndefined();
    expect({ status: first.status, channels: first.channels, eventStatus: first.eventStatus }).toEqual(gql.body.data.event);
    expect(first.status).toBe('PUBLISHED');
    for (const channel of first.channels) expect(['WEB', 'KIOSK']).toContain(channel);
  });

  it('answers a legal notice over REST with its kind as GraphQL spells it', async () => {
    const rest = await t.http().get('/api/v1/legal-notices').query({ first: 1 }).expect(200);
    const notice = rest.body.data[0];
    const gql = await t.gql(`query($id: ID!) { legalNotice(id: $id) { kind status } }`, { id: notice.id });
    expect({ kind: notice.kind, status: notice.status }).toEqual(gql.body.data.legalNotice);
    expect(notice.kind).toMatch(/^[A-Z_]+$/);
  });

  it('accepts a channel in upper case, in lower case and in mixed case', async () => {
    const upper = await t.http().get('/api/v1/navigation').query({ channel: 'KIOSK' }).expect(200);
    const lower = await t.http().get('/api/v1/navigation').query({ channel: 'kiosk' }).expect(200);
    const mixed = await t.http().get('/api/v1/navigation').query({ channel: 'Kiosk' }).expect(200);
    expect(upper.body).toEqual(lower.body);
    expect(mixed.body).toEqual(lower.body);
    const events = await t.http().get('/api/v1/events').query({ channel: 'KIOSK', first: 3 }).expect(200);
    expect(events.body.data.length).toBeGreaterThan(0);
    for (const occurrence of events.body.data) expect(occurrence.event.channels).toContain('KIOSK');
  });

  it('accepts a legal notice kind and a vocabulary in either case', async () => {
    const upper = await t.http().get('/api/v1/legal-notices').query({ kind: 'ARRETE' }).expect(200);
    const lower = await t.http().get('/api/v1/legal-notices').query({ kind: 'arrete' }).expect(200);
    expect(upper.body.data.map((notice: { id: string }) => notice.id)).toEqual(lower.body.data.map((notice: { id: string }) => notice.id));
    for (const notice of upper.body.data) expect(notice.kind).toBe('ARRETE');
    const terms = await t.http().get('/api/v1/terms').query({ vocabulary: 'CATEGORY' }).expect(200);
    expect(terms.body).toEqual((await t.http().get('/api/v1/terms').query({ vocabulary: 'category' }).expect(200)).body);
  });

  it('still refuses a value that is no channel at all, naming the parameter', async () => {
    const res = await t.http().get('/api/v1/navigation').query({ channel: 'radio' }).expect(400);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ path: 'channel' }] });
  });
});
