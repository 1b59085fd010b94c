import { EventOccurrences1796400300000 } from '../migrations/1796400300000-event-occurrences';
import { loginAs } from './support/auth-helpers';
import { ASSOCIATION, createItem, createPublished as createPublishedItem, deleteItem, EVENT, ItemRef, newCategory as newTerm, publishItem, unpublishItem, Versioned } from './support/content-factories';
import { countQueries } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The occurrence index (issue 12, "events from an index"): kept in the transaction of every event
 * write, filled by its migration, and read by lists with one statement whatever the window or page.
 */

describe('event occurrence index', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  const newCategory = (): Promise<string> => newTerm(t, editor, 'Index catégorie');

  async function gqlOk(query: string, variables?: Record<string, unknown>, token?: string): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads of GraphQL answers
    const res = await t.gql(query, variables, token);
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  }

  const createEvent = (input: Record<string, unknown>): Promise<ItemRef> => createItem(t, editor, EVENT, input);
  const createPublished = (input: Record<string, unknown>): Promise<ItemRef> => createPublishedItem(t, editor, EVENT, input);
  const createAssociation = async (name: string): Promise<string> => (await createPublishedItem(t, editor, ASSOCIATION, { name })).id;

  async function indexRows(eventId: string): Promise<{ starts_at: Date; content_status: string; channels: string }[]> {
    return t.dataSource.query('SELECT starts_at, content_status, channels::text AS channels FROM event_occurrences WHERE event_id = $1 ORDER BY starts_at', [eventId]);
  }

  async function publicStarts(category: string, extra: Record<string, unknown> = {}): Promise<string[]> {
    const data = await gqlOk('query($category: ID, $from: DateTime, $channel: Channel) { events(category: $category, from: $from, channel: $channel, first: 100) { edges { node { startsAt } } } }',
      { category, from: '2020-01-01T00:00:00Z', ...extra });
    return data.events.edges.map((edge: { node: { startsAt: string } }) => edge.node.startsAt);
  }

  describe('kept in the transaction of every write', () => {
    it('follows create, update, publish, unpublish, delete and restore of the deleted event', async () => {
      const category = await newCategory();
      let event: Versioned = await createEvent({ title: 'Atelier couture', startsAt: '2031-03-03T09:00:00Z', endsAt: '2031-03-03T11:00:00Z',
        recurrenceRule: 'FREQ=WEEKLY;COUNT=3', categoryIds: [category] });
      expect((await indexRows(event.id)).map((row) => row.content_status)).toEqual(['draft', 'draft', 'draft']);
      expect(await publicStarts(category)).toEqual([]);

      event = await publishItem(t, editor, EVENT, event);
      expect((await indexRows(event.id)).map((row) => row.content_status)).toEqual(['published', 'published', 'published']);
      expect(await publicStarts(category)).toEqual(['2031-03-03T09:00:00.000Z', '2031-03-10T09:00:00.000Z', '2031-03-17T09:00:00.000Z']);

      const updated = await gqlOk('mutation($id: ID!, $v: Int!) { updateEvent(id: $id, version: $v, input: { recurrenceRule: "FREQ=WEEKLY;COUNT=2", channels: [KIOSK] }) { id version } }',
        { id: event.id, v: event.version }, editor);
      event = updated.updateEvent;
      expect(await indexRows(event.id)).toHaveLength(2);
      expect((await indexRows(event.id))[0].channels).toBe('{kiosk}');
      expect(await publicStarts(category, { channel: 'WEB' })).toEqual([]);

      event = await unpublishItem(t, editor, EVENT, event);
      expect(await publicStarts(category)).toEqual([]);
      event = await publishItem(t, editor, EVENT, event);
      expect(await publicStarts(category)).toHaveLength(2);

      event = await deleteItem(t, editor, EVENT, event);
      expect(await indexRows(event.id)).toEqual([]);
      const restored = await gqlOk('mutation($id: ID!) { restoreDeletedContent(type: EVENT, id: $id) { id version status } }', { id: event.id }, editor);
      expect(restored.restoreDeletedContent.status).toBe('DRAFT');
      expect((await indexRows(event.id)).map((row) => row.content_status)).toEqual(['draft', 'draft']);
    });

    it('follows the restore of an earlier revision, categories included', async () => {
      const [before, after] = [await newCategory(), await newCategory()];
      let event = await createPublished({ title: 'Club lecture', startsAt: '2031-04-01T15:00:00Z', endsAt: '2031-04-01T16:00:00Z', categoryIds: [before] });
      event = (await gqlOk('mutation($id: ID!, $v: Int!, $c: [ID!]) { updateEvent(id: $id, version: $v, input: { startsAt: "2031-04-08T15:00:00Z", categoryIds: $c }) { id version } }',
        { id: event.id, v: event.version, c: [after] }, editor)).updateEvent;
      expect(await publicStarts(after)).toEqual(['2031-04-08T15:00:00.000Z']);
      expect(await publicStarts(before)).toEqual([]);

      await gqlOk('mutation($id: ID!, $v: Int!) { restoreContentRevision(type: EVENT, id: $id, version: $v, revision: 2) { id version } }',
        { id: event.id, v: event.version }, editor);
      expect(await publicStarts(before)).toEqual(['2031-04-01T15:00:00.000Z']);
      expect(await publicStarts(after)).toEqual([]);
    });

    it('writes nothing to the index when the write is refused', async () => {
      const event = await createEvent({ title: 'Refusé', startsAt: '2031-05-01T08:00:00Z', endsAt: '2031-05-01T09:00:00Z' });
      const rows = await indexRows(event.id);
      const res = await t.gql('mutation($id: ID!) { updateEvent(id: $id, version: 1, input: { startsAt: "2031-05-02T08:00:00Z", latitude: 50 }) { id } }', { id: event.id }, editor);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(await indexRows(event.id)).toEqual(rows);
    });

    it('is filled by its migration from the events already stored', async () => {
      const category = await newCategory();
      await createPublished({ title: 'Marché', startsAt: '2031-06-06T06:00:00Z', endsAt: '2031-06-06T11:00:00Z',
        recurrenceRule: 'FREQ=WEEKLY;COUNT=4', exceptionDates: ['2031-06-13'], categoryIds: [category] });
      await createPublished({ title: 'Feu d\'artifice', startsAt: '2031-07-13T20:30:00Z', endsAt: '2031-07-13T21:00:00Z',
        eventStatus: 'POSTPONED', postponedTo: '2031-07-14T20:30:00Z', categoryIds: [category] });
      const snapshot = 'SELECT * FROM event_occurrences ORDER BY event_id, starts_at';
      const expected = await t.dataSource.query(snapshot);
      expect(expected.length).toBeGreaterThan(0);
      await t.dataSource.query('DELETE FROM event_occurrences');
      const runner = t.dataSource.createQueryRunner();
      try {
        await new EventOccurrences1796400300000().backfill(runner);
      } finally {
        await runner.release();
      }
      expect(await t.dataSource.query(snapshot)).toEqual(expected);
      expect(await publicStarts(category)).toEqual(['2031-06-06T06:00:00.000Z', '2031-06-20T06:00:00.000Z', '2031-06-27T06:00:00.000Z',
        '2031-07-13T20:30:00.000Z', '2031-07-14T20:30:00.000Z']);
    });
  });

  describe('lists', () => {
    let category: string;

    beforeAll(async () => {
      category = await newCategory();
      const organizers = [await createAssociation('Asso index 1'), await createAssociation('Asso index 2')];
      // Three daily series over more than two years, and a past one-off event: 31 days, a year and "everything" all hold more than 50 occurrences.
      for (let i = 0; i < 3; i++) {
        await createPublished({ title: `Permanence ${i}`, body: `Texte **long** ${i}`, startsAt: `2032-01-01T0${i + 7}:00:00Z`, endsAt: `2032-01-01T0${i + 7}:30:00Z`,
          recurrenceRule: 'FREQ=DAILY;COUNT=800', categoryIds: [category], organizerAssociationId: organizers[i % 2] });
      }
    });

    const LIST = `query($category: ID, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
      events(category: $category, from: $from, to: $to, first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { cursor node { startsAt eventStatus event { title categories { label } organizer { name } } } }
      } }`;

    it('costs the same SQL statements for a 31-day window, a year and all events, and for pages of 5 and 50, in GraphQL and REST', async () => {
      const windows = [
        { from: '2032-03-01T00:00:00Z', to: '2032-04-01T00:00:00Z' },
        { from: '2032-03-01T00:00:00Z', to: '2033-03-01T00:00:00Z' },
        { from: '2000-01-01T00:00:00Z' },
      ];
      const counts = new Set<number>();
      const restCounts = new Set<number>();
      for (const window of windows) {
        for (const first of [5, 50]) {
          const { result, count, statements } = await countQueries(() => t.gql(LIST, { category, first, ...window }));
          expect(result.body.errors).toBeUndefined();
          expect(result.body.data.events.edges).toHaveLength(first);
          expect(result.body.data.events.edges[first - 1].node.event.organizer.name).toMatch(/Asso index/);
          // One statement pages the index, with its ORDER BY and LIMIT; no statement reads the events' bodies.
          expect(statements.filter((sql) => /FROM "event_occurrences"/.test(sql) && /ORDER BY/.test(sql) && /LIMIT/.test(sql))).toHaveLength(1);
          expect(statements.filter((sql) => /FROM "events"/.test(sql) && /body/.test(sql))).toEqual([]);
          counts.add(count);
          const rest = await countQueries(() => t.http().get('/api/v1/events').query({ category, first, ...window }).expect(200));
          expect(rest.result.body.data).toHaveLength(first);
          restCounts.add(rest.count);
        }
      }
      expect([...counts]).toHaveLength(1);
      expect([...restCounts]).toHaveLength(1);
      // The category filter's check, then ONE statement: the index page with its events, their categories and organisers.
      expect([...counts][0]).toBe(2);
      expect([...restCounts][0]).toBe(2);
    });

    it('counts all pages only when totalCount is selected (GraphQL) or included (REST)', async () => {
      const base = await countQueries(() => t.gql('query($c: ID) { events(category: $c, first: 5) { edges { node { startsAt } } } }', { c: category }));
      const counted = await countQueries(() => t.gql('query($c: ID) { events(category: $c, first: 5, from: "2000-01-01T00:00:00Z") { totalCount edges { node { startsAt } } } }', { c: category }));
      expect(counted.result.body.data.events.totalCount).toBe(2400);
      expect(counted.count).toBe(base.count + 1);
      expect(base.statements.some((sql) => /count\(/i.test(sql))).toBe(false);
      const rest = await t.http().get('/api/v1/events').query({ category, first: 5, from: '2000-01-01T00:00:00Z', include: 'totalCount' }).expect(200);
      expect(rest.body.totalCount).toBe(2400);
      expect((await t.http().get('/api/v1/events').query({ category, first: 5 }).expect(200)).body.totalCount).toBeNull();
    });

    it('pages with a cursor over more than a year, upcoming from now when from is left out', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const data = await gqlOk(LIST, { category, first: 100, after, from: '2032-01-01T00:00:00Z' });
        seen.push(...data.events.edges.map((edge: { node: { startsAt: string } }) => edge.node.startsAt));
        after = data.events.pageInfo.hasNextPage ? data.events.pageInfo.endCursor : null;
        pages += 1;
      } while (after);
      expect(pages).toBe(24);
      expect(seen).toHaveLength(2400);
      expect(seen).toEqual([...seen].sort());
      expect(new Set(seen).size).toBe(2400);
      expect(seen[seen.length - 1]).toBe('2034-03-10T09:00:00.000Z');

      // No from: upcoming (these series are in the future, the past one-off is not listed).
      await createPublished({ title: 'Passé', startsAt: '2020-01-01T10:00:00Z', endsAt: '2020-01-01T11:00:00Z', categoryIds: [category] });
      const upcoming = await gqlOk('query($c: ID) { events(category: $c, first: 1) { edges { node { startsAt event { title } } } } }', { c: category });
      expect(upcoming.events.edges[0].node).toEqual({ startsAt: '2032-01-01T07:00:00.000Z', event: { title: 'Permanence 0' } });
      const all = await gqlOk('query($c: ID) { events(category: $c, first: 1, from: "2000-01-01T00:00:00Z") { edges { node { event { title } } } } }', { c: category });
      expect(all.events.edges[0].node.event.title).toBe('Passé');
      const bad = await t.gql('query { events(to: "2020-01-01T00:00:00Z") { edges { cursor } } }');
      expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'to' }] });
    });

    it('includes an occurrence going on at the start of the window, and upcoming lists one going on now', async () => {
      const own = await newCategory();
      const now = Date.now();
      const fair = await createPublished({ title: 'Foire en cours', startsAt: new Date(now - 3 * 86_400_000).toISOString(),
        endsAt: new Date(now + 3 * 86_400_000).toISOString(), categoryIds: [own] });
      const listed = await gqlOk('query($c: ID) { events(category: $c) { edges { node { event { id } } } } }', { c: own });
      expect(listed.events.edges.map((edge: { node: { event: { id: string } } }) => edge.node.event.id)).toEqual([fair.id]);
      const kiosk = await gqlOk('{ upcomingEvents(first: 50) { event { id } } }');
      expect(kiosk.upcomingEvents.map((o: { event: { id: string } }) => o.event.id)).toContain(fair.id);
      const later = await gqlOk('query($c: ID, $f: DateTime) { events(category: $c, from: $f) { edges { node { event { id } } } } }',
        { c: own, f: new Date(now + 4 * 86_400_000).toISOString() });
      expect(later.events.edges).toEqual([]);
    });

    it('returns a summary in REST lists, with the body on ?include=body, and loads GraphQL bodies only when selected', async () => {
      const first = await t.http().get('/api/v1/events').query({ category, first: 2 }).expect(200);
      expect(first.body.data[0].event).toMatchObject({ title: expect.stringMatching(/Permanence/), categories: [{ id: category }] });
      expect(first.body.data[0].event).not.toHaveProperty('body');
      expect(first.body.data[0].event).not.toHaveProperty('bodyHtml');
      const withBody = await t.http().get('/api/v1/events').query({ category, first: 2, include: 'body,totalCount' }).expect(200);
      expect(withBody.body.data[0].event.body).toMatch(/Texte \*\*long\*\*/);
      expect(withBody.body.data[0].event.bodyHtml).toMatch(/<strong>long<\/strong>/);
      expect(typeof withBody.body.totalCount).toBe('number');
      const refused = await t.http().get('/api/v1/events').query({ include: 'everything' }).expect(400);
      expect(JSON.stringify(refused.body)).toMatch(/include/);

      const lean = await countQueries(() => t.gql('query($c: ID) { events(category: $c, first: 20) { edges { node { event { title } } } } }', { c: category }));
      const full = await countQueries(() => t.gql('query($c: ID) { events(category: $c, first: 20) { edges { node { event { title body bodyHtml } } } } }', { c: category }));
      expect(full.count).toBe(lean.count + 1);
      expect(full.result.body.data.events.edges[0].node.event.bodyHtml).toMatch(/<strong>long<\/strong>/);
      // One event by id still has its body without a further load.
      const id = withBody.body.data[0].event.id;
      const one = await gqlOk('query($id: ID!) { event(id: $id) { body } }', { id });
      expect(one.event.body).toMatch(/Texte/);
    });
  });
});
