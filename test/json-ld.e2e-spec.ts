import { loginAs } from './support/auth-helpers';
import { countQueries } from './support/query-counter';
import { ASSOCIATION, createItem, createPublished, EVENT, newCategory } from './support/content-factories';
import { createTestApp, TestApp } from './support/test-app';

/** The part of jsonld.js these tests use (the package ships no types). */
interface JsonLdProcessor {
  expand(document: object, options: { documentLoader: (url: string) => Promise<{ document: object; documentUrl: string; contextUrl: null }> }): Promise<Array<Record<string, unknown>>>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jsonld.js is CommonJS without types
const jsonld = require('jsonld') as JsonLdProcessor;

/**
 * The tests run offline: https://schema.org's context is served by this loader as what it amounts to for
 * the terms used here (every term in the schema.org vocabulary). Any other URL is refused, so a document
 * that pulled another context would fail.
 */
const documentLoader = (url: string): Promise<{ document: object; documentUrl: string; contextUrl: null }> => {
  if (url.replace(/\/$/, '') !== 'https://schema.org') return Promise.reject(new Error(`unexpected context ${url}`));
  return Promise.resolve({ document: { '@context': { '@vocab': 'https://schema.org/' } }, documentUrl: url, contextUrl: null });
};

const S = 'https://schema.org/';
/** The first value of an expanded property: `@value`, or `@id`, or the node. */
function first(node: Record<string, unknown>, property: string): unknown {
  const values = node[`${S}${property}`] as Array<Record<string, unknown>> | undefined;
  const value = values?.[0];
  return value?.['@value'] ?? value?.['@id'] ?? value;
}

describe('schema.org JSON-LD', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000', PUBLIC_BASE_URL: 'https://www.anor.fr' });
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  it('describes an event with what Google requires (name, startDate with its offset, a located place) and its organizer and price', async () => {
    const organizer = await createPublished(t, editor, ASSOCIATION, { ...ASSOCIATION.createInput(1), website: 'https://harmonie-anor.fr' });
    const event = await createPublished(t, editor, EVENT, {
      ...EVENT.createInput(1), placeName: 'Salle des fêtes', street: '1 rue de la Mairie', postalCode: '59186', city: 'Anor',
      organizerAssociationId: organizer.id, isFree: true,
    });
    const res = await t.http().get(`/api/v1/events/${event.id}.jsonld`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    const doc = JSON.parse(res.text) as Record<string, unknown>;
    const [node] = await jsonld.expand(doc, { documentLoader });
    expect(node['@type']).toEqual([`${S}Event`]);
    expect(node['@id']).toBe(`https://www.anor.fr/api/v1/events/${event.id}`);
    expect(first(node, 'name')).toBe("Conférence d'histoire 1");
    expect(first(node, 'startDate')).toBe('2026-09-01T18:00:00+02:00');
    expect(first(node, 'endDate')).toBe('2026-09-01T20:00:00+02:00');
    expect(first(node, 'eventStatus')).toBe(`${S}EventScheduled`);
    const place = first(node, 'location') as Record<string, unknown>;
    expect(first(place, 'name')).toBe('Salle des fêtes');
    const address = first(place, 'address') as Record<string, unknown>;
    expect([first(address, 'streetAddress'), first(address, 'postalCode'), first(address, 'addressLocality'), first(address, 'addressCountry')])
      .toEqual(['1 rue de la Mairie', '59186', 'Anor', 'FR']);
    const organizerNode = first(node, 'organizer') as Record<string, unknown>;
    expect([first(organizerNode, 'name'), first(organizerNode, 'url')]).toEqual(["Club d'histoire locale 1", 'https://harmonie-anor.fr']);
    const offer = first(node, 'offers') as Record<string, unknown>;
    expect([first(offer, 'price'), first(offer, 'priceCurrency'), first(offer, 'availability')]).toEqual([0, 'EUR', `${S}InStock`]);

    // The same document in GraphQL, for a front end that renders it in the page.
    const gql = await t.gql('query($id: ID!) { event(id: $id) { jsonLd } }', { id: event.id });
    expect(gql.body.data.event.jsonLd).toEqual(doc);
  });

  it('marks a postponed event rescheduled at its new date, with its previous start, and a cancelled one cancelled', async () => {
    const postponed = await createPublished(t, editor, EVENT, {
      ...EVENT.createInput(2), city: 'Anor', eventStatus: 'POSTPONED', postponedTo: '2026-10-02T16:00:00.000Z',
    });
    const [moved] = await jsonld.expand(JSON.parse((await t.http().get(`/api/v1/events/${postponed.id}.jsonld`).expect(200)).text) as object, { documentLoader });
    expect(first(moved, 'eventStatus')).toBe(`${S}EventRescheduled`);
    expect(first(moved, 'startDate')).toBe('2026-10-02T18:00:00+02:00');
    expect(first(moved, 'previousStartDate')).toBe('2026-09-02T18:00:00+02:00');

    const cancelled = await createPublished(t, editor, EVENT, { ...EVENT.createInput(3), city: 'Anor', eventStatus: 'CANCELLED', cancellationReason: 'Intempéries' });
    const [off] = await jsonld.expand(JSON.parse((await t.http().get(`/api/v1/events/${cancelled.id}.jsonld`).expect(200)).text) as object, { documentLoader });
    expect(first(off, 'eventStatus')).toBe(`${S}EventCancelled`);
  });

  it('describes an association as an NGO with its French identifiers', async () => {
    const association = await createPublished(t, editor, ASSOCIATION, {
      ...ASSOCIATION.createInput(4), email: 'contact@club.fr', city: 'Anor', postalCode: '59186', rnaNumber: 'W596000123',
    });
    const res = await t.http().get(`/api/v1/associations/${association.id}.jsonld`).expect(200);
    const [node] = await jsonld.expand(JSON.parse(res.text) as object, { documentLoader });
    expect(node['@type']).toEqual([`${S}NGO`]);
    expect(first(node, 'email')).toBe('contact@club.fr');
    const identifier = first(node, 'identifier') as Record<string, unknown>;
    expect([first(identifier, 'propertyID'), first(identifier, 'value')]).toEqual(['RNA', 'W596000123']);
    const gql = await t.gql('query($id: ID!) { association(id: $id) { jsonLd } }', { id: association.id });
    expect(gql.body.data.association.jsonLd).toEqual(JSON.parse(res.text));
  });

  it('costs the same statements for the jsonLd of 1 event or of 6 in a list (batched)', async () => {
    const category = await newCategory(t, editor, 'JSON-LD');
    const list = (first: number) => countQueries(() => t.gql(`query($category: ID, $first: Int) {
      events(category: $category, first: $first, from: "2026-01-01T00:00:00Z") { edges { node { event { id jsonLd } } } } }`, { category, first }));
    for (let n = 10; n < 16; n += 1) await createPublished(t, editor, EVENT, { ...EVENT.createInput(n), city: 'Anor', categoryIds: [category] });
    const one = await list(1);
    const six = await list(6);
    expect((six.result.body as { data: { events: { edges: unknown[] } } }).data.events.edges).toHaveLength(6);
    expect(six.count).toBe(one.count);
  });

  it('never describes a draft', async () => {
    const draft = await createItem(t, editor, EVENT, 5);
    await t.http().get(`/api/v1/events/${draft.id}.jsonld`).set('Authorization', `Bearer ${editor}`).expect(404);
    const association = await createItem(t, editor, ASSOCIATION, 5);
    await t.http().get(`/api/v1/associations/${association.id}.jsonld`).expect(404);
  });
});
