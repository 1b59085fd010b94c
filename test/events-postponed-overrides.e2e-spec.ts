import { loginAs } from './support/auth-helpers';
import { ASSOCIATION, createPublished as createPublishedItem, EVENT, newCategory as newTerm, Versioned } from './support/content-factories';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 11, points 4 and 5: a postponed event is listed at its new date and, marked, at its old
 * one; one occurrence of a series can be cancelled or moved without touching the rest.
 */

const OCCURRENCE = 'startsAt startsAtLocal endsAt eventStatus reason originalStartsAt rescheduled previousStartsAt movedTo event { id title eventStatus }';
const LIST = `query($category: ID, $from: DateTime, $to: DateTime) {
  events(category: $category, from: $from, to: $to, first: 100) { edges { node { ${OCCURRENCE} } } } }`;

interface Listed {
  startsAt: string;
  startsAtLocal: string;
  endsAt: string;
  eventStatus: string;
  reason: string | null;
  originalStartsAt: string;
  rescheduled: boolean;
  previousStartsAt: string | null;
  movedTo: string | null;
  event: { id: string; title: string; eventStatus: string };
}

describe('postponed events and occurrence overrides', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  const newCategory = (): Promise<string> => newTerm(t, editor, 'Report catégorie');
  const createPublished = (input: Record<string, unknown>): Promise<Versioned> => createPublishedItem(t, editor, EVENT, input);

  async function update(ref: Versioned, input: Record<string, unknown>): Promise<{ body: { data: { updateEvent: Versioned & Record<string, unknown> } | null; errors?: any[] } }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL errors as sent
    return t.gql(`mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) {
      updateEvent(id: $id, version: $v, input: $input) { id version occurrenceOverrides { originalStartsAt status startsAt endsAt reason } } }`,
    { id: ref.id, v: ref.version, input }, editor);
  }

  async function list(category: string, from: string, to?: string): Promise<Listed[]> {
    const res = await t.gql(LIST, { category, from, to });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.events.edges.map((edge: { node: Listed }) => edge.node);
  }

  const paths = (res: { body: { errors?: { extensions: { fields?: { path: string }[] } }[] } }): string[] =>
    (res.body.errors?.[0].extensions.fields ?? []).map((field) => field.path).sort();

  describe('a postponed event (issue 11, point 4)', () => {
    it('is listed at its new date, rescheduled with its previous start, in a window that holds only the new date', async () => {
      const category = await newCategory();
      const concert = await createPublished({ title: 'Concert de la Sainte-Cécile', startsAt: '2031-11-22T15:00:00Z', endsAt: '2031-11-22T17:00:00Z',
        eventStatus: 'POSTPONED', postponedTo: '2031-12-13T15:00:00Z', categoryIds: [category] });
      const december = await list(category, '2031-12-01T00:00:00Z', '2032-01-01T00:00:00Z');
      expect(december).toEqual([{
        startsAt: '2031-12-13T15:00:00.000Z', startsAtLocal: '2031-12-13T16:00:00', endsAt: '2031-12-13T17:00:00.000Z', eventStatus: 'SCHEDULED',
        reason: null, originalStartsAt: '2031-11-22T15:00:00.000Z', rescheduled: true, previousStartsAt: '2031-11-22T15:00:00.000Z', movedTo: null,
        event: { id: concert.id, title: 'Concert de la Sainte-Cécile', eventStatus: 'POSTPONED' },
      }]);
      const november = await list(category, '2031-11-01T00:00:00Z', '2031-12-01T00:00:00Z');
      expect(november).toEqual([expect.objectContaining({
        startsAt: '2031-11-22T15:00:00.000Z', eventStatus: 'POSTPONED', rescheduled: false, previousStartsAt: null, movedTo: '2031-12-13T15:00:00.000Z',
      })]);

      const rest = await t.http().get('/api/v1/events').query({ category, from: '2031-12-01T00:00:00Z' }).expect(200);
      expect(rest.body.data).toHaveLength(1);
      expect(rest.body.data[0]).toMatchObject({ startsAt: '2031-12-13T15:00:00.000Z', rescheduled: true, previousStartsAt: '2031-11-22T15:00:00.000Z' });
      expect(rest.body.data[0].event.id).toBe(concert.id);
    });

    it('shows in the upcoming lists both where it was and where it went', async () => {
      const now = Date.now();
      const day = 86_400_000;
      const iso = (ms: number): string => new Date(ms).toISOString();
      const { id: associationId } = await createPublishedItem(t, editor, ASSOCIATION, { name: 'Chorale reportée' });
      const event = await createPublished({ title: 'Répétition reportée', startsAt: iso(now + 2 * day), endsAt: iso(now + 2 * day + 3_600_000),
        eventStatus: 'POSTPONED', postponedTo: iso(now + 9 * day), organizerAssociationId: associationId });
      const kiosk = await t.gql('{ upcomingEvents(first: 50) { startsAt rescheduled eventStatus event { id } } }');
      const mine = kiosk.body.data.upcomingEvents.filter((o: { event: { id: string } }) => o.event.id === event.id);
      expect(mine).toEqual([
        { startsAt: iso(now + 2 * day), rescheduled: false, eventStatus: 'POSTPONED', event: { id: event.id } },
        { startsAt: iso(now + 9 * day), rescheduled: true, eventStatus: 'SCHEDULED', event: { id: event.id } },
      ]);
      const byAssociation = await t.gql('query($id: ID!) { association(id: $id) { upcomingEvents(first: 5) { startsAt rescheduled movedTo } } }', { id: associationId });
      expect(byAssociation.body.data.association.upcomingEvents).toEqual([
        { startsAt: iso(now + 2 * day), rescheduled: false, movedTo: iso(now + 9 * day) },
        { startsAt: iso(now + 9 * day), rescheduled: true, movedTo: null },
      ]);
    });

    it('refuses to postpone a recurring series as a whole, pointing to occurrence overrides', async () => {
      const res = await t.gql('mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }', { input: {
        title: 'Série reportée', startsAt: '2031-09-01T08:00:00Z', endsAt: '2031-09-01T09:00:00Z', recurrenceRule: 'FREQ=WEEKLY;COUNT=4',
        eventStatus: 'POSTPONED', postponedTo: '2031-10-01T08:00:00Z',
      } }, editor);
      expect(paths(res)).toEqual(['input.eventStatus']);
      expect(res.body.errors[0].extensions.fields[0].message).toMatch(/occurrenceOverrides/);
    });
  });

  describe('one occurrence of a series (issue 11, point 5)', () => {
    // The weekly market, Thursdays 8:00–12:00 Paris time, through December 2031.
    const MARKET = { title: 'Marché hebdomadaire', startsAt: '2031-12-04T07:00:00Z', endsAt: '2031-12-04T11:00:00Z', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=5' };

    it('cancels the market on 25 December with its reason, without cancelling or splitting the series', async () => {
      const category = await newCategory();
      const market = await createPublished({ ...MARKET, categoryIds: [category] });
      const res = await update(market, { occurrenceOverrides: [{ originalStartsAt: '2031-12-25T07:00:00Z', status: 'CANCELLED', reason: 'Jour de Noël' }] });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data?.updateEvent.occurrenceOverrides).toEqual([
        { originalStartsAt: '2031-12-25T07:00:00.000Z', status: 'CANCELLED', startsAt: null, endsAt: null, reason: 'Jour de Noël' },
      ]);
      const listed = await list(category, '2031-12-01T00:00:00Z');
      expect(listed.map((o) => [o.startsAtLocal, o.eventStatus, o.reason])).toEqual([
        ['2031-12-04T08:00:00', 'SCHEDULED', null],
        ['2031-12-11T08:00:00', 'SCHEDULED', null],
        ['2031-12-18T08:00:00', 'SCHEDULED', null],
        ['2031-12-25T08:00:00', 'CANCELLED', 'Jour de Noël'],
        ['2032-01-01T08:00:00', 'SCHEDULED', null],
      ]);
      expect(new Set(listed.map((o) => o.event.id))).toEqual(new Set([market.id]));
      expect(listed.every((o) => o.event.eventStatus === 'SCHEDULED')).toBe(true);
      const rest = await t.http().get('/api/v1/events').query({ category, from: '2031-12-24T00:00:00Z', first: 1 }).expect(200);
      expect(rest.body.data[0]).toMatchObject({ startsAtLocal: '2031-12-25T08:00:00', eventStatus: 'CANCELLED', reason: 'Jour de Noël' });
    });

    it('moves one session to the Wednesday: listed at the new date (rescheduled) and at the old one (postponed, movedTo)', async () => {
      const category = await newCategory();
      const course = await createPublished({ ...MARKET, title: 'Cours de yoga', categoryIds: [category] });
      const res = await update(course, { occurrenceOverrides: [{ originalStartsAt: '2031-12-11T07:00:00Z', status: 'POSTPONED',
        startsAt: '2031-12-10T17:00:00Z', reason: 'Salle occupée jeudi : séance le mercredi soir' }] });
      expect(res.body.errors).toBeUndefined();
      const week = await list(category, '2031-12-08T00:00:00Z', '2031-12-15T00:00:00Z');
      expect(week.map((o) => [o.startsAtLocal, o.eventStatus, o.rescheduled, o.previousStartsAt, o.movedTo, o.endsAt])).toEqual([
        ['2031-12-10T18:00:00', 'SCHEDULED', true, '2031-12-11T07:00:00.000Z', null, '2031-12-10T21:00:00.000Z'],
        ['2031-12-11T08:00:00', 'POSTPONED', false, null, '2031-12-10T17:00:00.000Z', '2031-12-11T11:00:00.000Z'],
      ]);
      expect(week.every((o) => o.reason === 'Salle occupée jeudi : séance le mercredi soir')).toBe(true);
    });

    it('keeps overrides in the revisions: restoring an earlier version brings its overrides and list back', async () => {
      const category = await newCategory();
      let market = await createPublished({ ...MARKET, categoryIds: [category] });
      const first = await update(market, { occurrenceOverrides: [{ originalStartsAt: '2031-12-25T07:00:00Z', status: 'CANCELLED' }] });
      market = first.body.data!.updateEvent;
      const second = await update(market, { occurrenceOverrides: [{ originalStartsAt: '2031-12-18T07:00:00Z', status: 'SOLD_OUT' }] });
      market = second.body.data!.updateEvent;
      const statuses = async (): Promise<string[]> => (await list(category, '2031-12-01T00:00:00Z')).map((o) => o.eventStatus);
      expect(await statuses()).toEqual(['SCHEDULED', 'SCHEDULED', 'SOLD_OUT', 'SCHEDULED', 'SCHEDULED']);
      const diff = await t.gql('query($id: ID!) { contentDiff(type: EVENT, id: $id, from: 3, to: 4) { changes { field } } }', { id: market.id }, editor);
      expect(JSON.stringify(diff.body)).toMatch(/occurrence_?[oO]verrides/);
      const restored = await t.gql('mutation($id: ID!, $v: Int!) { restoreContentRevision(type: EVENT, id: $id, version: $v, revision: 3) { id version } }',
        { id: market.id, v: market.version }, editor);
      expect(restored.body.errors).toBeUndefined();
      expect(await statuses()).toEqual(['SCHEDULED', 'SCHEDULED', 'SCHEDULED', 'CANCELLED', 'SCHEDULED']);
    });

    it('restores a revision saved before events had overrides, as an event without overrides', async () => {
      const category = await newCategory();
      let market = await createPublished({ ...MARKET, categoryIds: [category] });
      // A revision as stored before the migration that added occurrence_overrides (revisions are append-only: a copy at a free version number).
      await t.dataSource.query(`INSERT INTO content_revisions (content_type, content_id, version, operation, message, actor_id, snapshot)
        SELECT content_type, content_id, 90, operation, message, actor_id, snapshot #- '{fields,occurrence_overrides}'
          FROM content_revisions WHERE content_id = $1 AND version = 1`, [market.id]);
      market = (await update(market, { occurrenceOverrides: [{ originalStartsAt: '2031-12-25T07:00:00Z', status: 'CANCELLED' }] })).body.data!.updateEvent;
      const restored = await t.gql('mutation($id: ID!, $v: Int!) { restoreContentRevision(type: EVENT, id: $id, version: $v, revision: 90) { id version } }',
        { id: market.id, v: market.version }, editor);
      expect(restored.body.errors).toBeUndefined();
      expect((await list(category, '2031-12-01T00:00:00Z')).every((o) => o.eventStatus === 'SCHEDULED')).toBe(true);
    });

    it('refuses overrides that do not target an occurrence of the rule, or move onto another one, naming each field', async () => {
      const market = await createPublished({ ...MARKET, exceptionDates: ['2031-12-18'] });
      const res = await update(market, { occurrenceOverrides: [
        { originalStartsAt: '2031-12-05T07:00:00Z', status: 'CANCELLED' }, // a Friday: not an occurrence
        { originalStartsAt: '2031-12-18T07:00:00Z', status: 'CANCELLED' }, // an exception date
        { originalStartsAt: '2031-12-04T07:00:00Z', status: 'POSTPONED' }, // moved without a new start
        { originalStartsAt: '2031-12-11T07:00:00Z', status: 'CANCELLED', startsAt: '2031-12-12T07:00:00Z' }, // a new start without a move
        { originalStartsAt: '2031-12-25T07:00:00Z', status: 'POSTPONED', startsAt: '2032-01-01T07:00:00Z' }, // onto the next occurrence
        { originalStartsAt: '2031-12-25T07:00:00Z', status: 'SOLD_OUT' }, // twice the same occurrence
      ] });
      expect(res.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(paths(res)).toEqual([
        'input.occurrenceOverrides.0.originalStartsAt',
        'input.occurrenceOverrides.1.originalStartsAt',
        'input.occurrenceOverrides.2.startsAt',
        'input.occurrenceOverrides.3.startsAt',
        'input.occurrenceOverrides.4.startsAt',
        'input.occurrenceOverrides.5.originalStartsAt',
      ]);
      const endBefore = await update(market, { occurrenceOverrides: [
        { originalStartsAt: '2031-12-04T07:00:00Z', status: 'POSTPONED', startsAt: '2031-12-05T07:00:00Z', endsAt: '2031-12-05T06:00:00Z' }] });
      expect(paths(endBefore)).toEqual(['input.occurrenceOverrides.0.endsAt']);
      const oneOff = await createPublished({ title: 'Unique', startsAt: '2031-12-04T07:00:00Z', endsAt: '2031-12-04T08:00:00Z' });
      const onOneOff = await update(oneOff, { occurrenceOverrides: [{ originalStartsAt: '2031-12-04T07:00:00Z', status: 'CANCELLED' }] });
      expect(paths(onOneOff)).toEqual(['input.occurrenceOverrides']);
      const [row] = await t.dataSource.query('SELECT occurrence_overrides FROM events WHERE id = $1', [market.id]);
      expect(row.occurrence_overrides).toEqual([]);
    });

    it('refuses a change of the schedule that would leave a stored override without its occurrence, unless the overrides are given again', async () => {
      const market = await createPublished(MARKET);
      const withOverride = (await update(market, { occurrenceOverrides: [{ originalStartsAt: '2031-12-25T07:00:00Z', status: 'CANCELLED' }] })).body.data!.updateEvent;
      // Unrelated edits keep the overrides.
      const kept = (await update(withOverride, { title: 'Marché du jeudi' })).body.data!.updateEvent;
      expect(kept.occurrenceOverrides).toHaveLength(1);
      const shorter = await update(kept, { recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=3' });
      expect(paths(shorter)).toEqual(['input.occurrenceOverrides']);
      const given = await update(kept, { recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=3', occurrenceOverrides: [] });
      expect(given.body.errors).toBeUndefined();
      expect(given.body.data?.updateEvent.occurrenceOverrides).toEqual([]);
    });

    it('moves an all-day occurrence only to a whole day', async () => {
      const fair = await createPublished({ title: 'Braderie', allDay: true, startDate: '2031-09-07', recurrenceRule: 'FREQ=MONTHLY;COUNT=3' });
      const originalStartsAt = '2031-09-06T22:00:00.000Z';
      const midday = await update(fair, { occurrenceOverrides: [{ originalStartsAt, status: 'POSTPONED', startsAt: '2031-09-14T10:00:00Z' }] });
      expect(paths(midday)).toEqual(['input.occurrenceOverrides.0.startsAt']);
      const wholeDay = await update(fair, { occurrenceOverrides: [{ originalStartsAt, status: 'POSTPONED', startsAt: '2031-09-13T22:00:00Z' }] });
      expect(wholeDay.body.errors).toBeUndefined();
      const listed = await t.gql('query($id: ID!) { event(id: $id) { occurrenceOverrides { startsAt } } }', { id: fair.id });
      expect(listed.body.data.event.occurrenceOverrides).toEqual([{ startsAt: '2031-09-13T22:00:00.000Z' }]);
    });
  });
});
