import { loginAs } from './support/auth-helpers';
import { ASSOCIATION, createItem, createPublished as createPublishedItem, EVENT, newCategory as newTerm, publishItem, tryCreate } from './support/content-factories';
import { refusalOf } from './support/gql-helpers';
import { countQueries } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';

const EVENT_FIELDS = `id slug title status version eventStatus allDay startsAt endsAt startsAtLocal endsAtLocal startDate endDate
  timeZone recurrenceRule exceptionDates bodyHtml isFree priceText organizerName postponedTo cancellationReason`;
const OCCURRENCES = `query($from: DateTime!, $to: DateTime!, $category: ID, $first: Int, $after: String) {
  events(from: $from, to: $to, category: $category, first: $first, after: $after) {
    totalCount truncated pageInfo { hasNextPage endCursor }
    edges { cursor node { startsAt endsAt startsAtLocal endsAtLocal startDate endDate allDay timeZone event { id title eventStatus } } }
  }
}`;

interface Occurrence {
  startsAt: string;
  endsAt: string;
  startsAtLocal: string;
  endsAtLocal: string;
  startDate: string;
  endDate: string;
  allDay: boolean;
  event: { id: string; title: string; eventStatus: string };
}

describe('events', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  /** A category of its own, so that a test's window query sees only the events it made. */
  const newCategory = (): Promise<string> => newTerm(t, editor, 'Test catégorie');

  // The lifecycle every type shares (drafts hidden, versions, rights, unpublish, delete…) is in content-lifecycle.e2e-spec.ts.
  const createEvent = (input: Record<string, unknown>): Promise<{ id: string; version: number; slug: string } & Record<string, unknown>> =>
    createItem(t, editor, EVENT, input, { fields: EVENT_FIELDS });
  const publish = (event: { id: string; version: number }) => publishItem(t, editor, EVENT, event);
  const createPublished = (input: Record<string, unknown>) =>
    createPublishedItem<{ id: string; version: number; slug: string }>(t, editor, EVENT, input, { fields: 'id version slug' });

  async function window(from: string, to: string, category: string, extra: Record<string, unknown> = {}, token?: string) {
    const res = await t.gql(OCCURRENCES, { from, to, category, ...extra }, token);
    expect(res.body.errors).toBeUndefined();
    return res.body.data.events as { totalCount: number; truncated: boolean; pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { cursor: string; node: Occurrence }[] };
  }

  async function refusal(input: Record<string, unknown>): Promise<{ code: string; paths: string[] }> {
    const body = await tryCreate(t, editor, EVENT, input);
    expect(body.data).toBeNull();
    const { code, paths } = refusalOf(body);
    return { code, paths: paths.sort() };
  }

  const TIMED = { startsAt: '2026-05-06T16:00:00.000Z', endsAt: '2026-05-06T18:00:00.000Z' };

  describe('writing and reading', () => {
    it('creates a draft with its local times and place, shows it published with its categories in GraphQL and REST, and recomputes the local times on update', async () => {
      const category = await newCategory();
      const draft = await createEvent({
        title: 'Concert de printemps', summary: 'L\'Harmonie joue à la salle des fêtes.', body: '## Programme\n\n<script>x</script>',
        ...TIMED, placeName: 'Salle des fêtes', street: 'Rue Léo Lagrange', postalCode: '59186', city: 'Anor',
        latitude: 49.99, longitude: 4.13, categoryIds: [category], organizerName: 'Comité des fêtes', priceText: '5 €, gratuit pour les moins de 12 ans',
        registrationUrl: 'https://anor.fr/inscription', accessibilityNotes: 'Salle accessible en fauteuil roulant',
      });
      expect(draft).toMatchObject({
        slug: 'concert-de-printemps', status: 'DRAFT', version: 1, eventStatus: 'SCHEDULED', allDay: false, timeZone: 'Europe/Paris',
        startsAtLocal: '2026-05-06T18:00:00', endsAtLocal: '2026-05-06T20:00:00', startDate: '2026-05-06', endDate: '2026-05-06',
        isFree: false, priceText: '5 €, gratuit pour les moins de 12 ans', organizerName: 'Comité des fêtes',
      });
      expect(draft.bodyHtml).toContain('<h2>Programme</h2>');
      expect(draft.bodyHtml).not.toContain('<script>');

      const published = await publish(draft);
      expect(published).toMatchObject({ status: 'PUBLISHED', version: 2 });
      const bySlug = await t.gql('{ event(slug: "concert-de-printemps") { id title categories { id } placeName } }');
      expect(bySlug.body.data.event).toEqual({ id: draft.id, title: 'Concert de printemps', categories: [{ id: category }], placeName: 'Salle des fêtes' });
      const rest = await t.http().get(`/api/v1/events/${draft.id}`).expect(200);
      expect(rest.body).toMatchObject({ id: draft.id, slug: 'concert-de-printemps', status: 'PUBLISHED', eventStatus: 'SCHEDULED', startsAt: TIMED.startsAt,
        startsAtLocal: '2026-05-06T18:00:00', categories: [{ id: category }] });
      await t.http().get('/api/v1/events/concert-de-printemps').expect(200);

      const updated = await t.gql('mutation($id: ID!) { updateEvent(id: $id, version: 2, input: { startsAt: "2026-05-07T16:00:00Z" }) { version startsAtLocal endsAtLocal } }',
        { id: draft.id }, editor);
      expect(updated.body.data.updateEvent).toEqual({ version: 3, startsAtLocal: '2026-05-07T18:00:00', endsAtLocal: '2026-05-07T20:00:00' });
    });

    it('stores an all-day event from local midnight to the local midnight after its last day, and derives a dated slug for a repeated title', async () => {
      const first = await createEvent({ title: 'Brocante', allDay: true, startDate: '2026-06-13', endDate: '2026-06-14' });
      expect(first).toMatchObject({
        slug: 'brocante', allDay: true, startsAt: '2026-06-12T22:00:00.000Z', endsAt: '2026-06-14T22:00:00.000Z',
        startsAtLocal: '2026-06-13T00:00:00', endsAtLocal: '2026-06-15T00:00:00', startDate: '2026-06-13', endDate: '2026-06-14',
      });
      const second = await createEvent({ title: 'Brocante', allDay: true, startDate: '2027-06-12' });
      expect(second).toMatchObject({ slug: 'brocante-2027-06-12', startDate: '2027-06-12', endDate: '2027-06-12' });
      const moved = await t.gql('mutation($id: ID!) { updateEvent(id: $id, version: 1, input: { startDate: "2026-06-20" }) { startDate endDate } }',
        { id: first.id }, editor);
      expect(moved.body.data.updateEvent).toEqual({ startDate: '2026-06-20', endDate: '2026-06-21' });
    });
  });

  describe('occurrences in a window', () => {
    it('returns one-off, all-day and expanded recurring occurrences in chronological order, in GraphQL and REST alike', async () => {
      const category = await newCategory();
      const market = await createPublished({ title: 'Marché hebdomadaire', startsAt: '2026-05-01T06:00:00Z', endsAt: '2026-05-01T10:00:00Z',
        recurrenceRule: 'FREQ=WEEKLY;BYDAY=FR;COUNT=3', categoryIds: [category] });
      const concert = await createPublished({ title: 'Concert', ...TIMED, categoryIds: [category] });
      const fair = await createPublished({ title: 'Ducasse', allDay: true, startDate: '2026-05-09', endDate: '2026-05-10', categoryIds: [category] });
      await createEvent({ title: 'Brouillon', startsAt: '2026-05-02T10:00:00Z', endsAt: '2026-05-02T11:00:00Z', categoryIds: [category] });

      const page = await window('2026-04-27T00:00:00Z', '2026-06-01T00:00:00Z', category);
      expect(page.edges.map((e) => [e.node.event.title, e.node.startsAtLocal])).toEqual([
        ['Marché hebdomadaire', '2026-05-01T08:00:00'],
        ['Concert', '2026-05-06T18:00:00'],
        ['Marché hebdomadaire', '2026-05-08T08:00:00'],
        ['Ducasse', '2026-05-09T00:00:00'],
        ['Marché hebdomadaire', '2026-05-15T08:00:00'],
      ]);
      expect(page.totalCount).toBe(5);
      expect(page.truncated).toBe(false);
      expect(page.edges[3].node).toMatchObject({ allDay: true, startDate: '2026-05-09', endDate: '2026-05-10', endsAtLocal: '2026-05-11T00:00:00' });
      expect(page.edges[2].node.event.id).toBe(market.id);

      // Staff see drafts in the window too; the public does not.
      expect((await window('2026-04-27T00:00:00Z', '2026-06-01T00:00:00Z', category, {}, editor)).totalCount).toBe(6);

      const rest = await t.http().get('/api/v1/events').query({ from: '2026-04-27T00:00:00Z', to: '2026-06-01T00:00:00Z', category, include: 'totalCount' }).expect(200);
      expect(rest.body.data.map((o: Occurrence & { event: { id: string } }) => o.event.id)).toEqual([market.id, concert.id, market.id, fair.id, market.id]);
      expect(rest.body).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: false } });
    });

    it('pages through occurrences with a cursor of start and event id', async () => {
      const category = await newCategory();
      await createPublished({ title: 'Atelier A', startsAt: '2026-09-01T08:00:00Z', endsAt: '2026-09-01T09:00:00Z',
        recurrenceRule: 'FREQ=DAILY;COUNT=3', categoryIds: [category] });
      await createPublished({ title: 'Atelier B', startsAt: '2026-09-01T08:00:00Z', endsAt: '2026-09-01T09:00:00Z',
        recurrenceRule: 'FREQ=DAILY;COUNT=3', categoryIds: [category] });
      const all = await window('2026-09-01T00:00:00Z', '2026-09-10T00:00:00Z', category, { first: 6 });
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page = await window('2026-09-01T00:00:00Z', '2026-09-10T00:00:00Z', category, { first: 4, after });
        seen.push(...page.edges.map((e) => e.cursor));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(all.edges.map((e) => e.cursor));
      expect(seen).toHaveLength(6);
    });

    it('keeps a weekly 14:00 event at 14:00 local across both DST changes, while its UTC instant moves', async () => {
      const category = await newCategory();
      await createPublished({ title: 'Club des aînés', startsAt: '2026-03-24T13:00:00Z', endsAt: '2026-03-24T16:00:00Z',
        recurrenceRule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20261103', categoryIds: [category] });
      const page = await window('2026-03-20T00:00:00Z', '2026-11-30T00:00:00Z', category, { first: 100 });
      const byDate = new Map(page.edges.map((e) => [e.node.startDate, e.node]));
      expect(page.edges.every((e) => e.node.startsAtLocal.endsWith('T14:00:00') && e.node.endsAtLocal.endsWith('T17:00:00'))).toBe(true);
      expect(byDate.get('2026-03-24')?.startsAt).toBe('2026-03-24T13:00:00.000Z');
      expect(byDate.get('2026-03-31')?.startsAt).toBe('2026-03-31T12:00:00.000Z');
      expect(byDate.get('2026-10-20')?.startsAt).toBe('2026-10-20T12:00:00.000Z');
      expect(byDate.get('2026-10-27')?.startsAt).toBe('2026-10-27T13:00:00.000Z');
      expect(page.edges[page.edges.length - 1].node.startDate).toBe('2026-11-03');
      expect(page.totalCount).toBe(33);
    });

    it('skips exception dates (EXDATE)', async () => {
      const category = await newCategory();
      const event = await createPublished({ title: 'Répétition', startsAt: '2026-02-03T17:00:00Z', endsAt: '2026-02-03T19:00:00Z',
        recurrenceRule: 'FREQ=WEEKLY;COUNT=4', exceptionDates: ['2026-02-17'], categoryIds: [category] });
      const page = await window('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z', category);
      expect(page.edges.map((e) => e.node.startDate)).toEqual(['2026-02-03', '2026-02-10', '2026-02-24']);
      const read = await t.gql('query($id: ID!) { event(id: $id) { exceptionDates recurrenceRule occurrenceCount } }', { id: event.id });
      expect(read.body.data.event).toEqual({ exceptionDates: ['2026-02-17'], recurrenceRule: 'FREQ=WEEKLY;COUNT=4', occurrenceCount: 4 });
    });

    it('gives every occurrence of a long series to a window (no per-event cap any more)', async () => {
      const category = await newCategory();
      await createPublished({ title: 'Visites guidées', startsAt: '2026-07-01T06:00:00Z', endsAt: '2026-07-01T06:45:00Z',
        recurrenceRule: 'FREQ=DAILY;BYHOUR=8,9,10,11,12,13,14,15,16,17,18;COUNT=900', categoryIds: [category] });
      const first = await window('2026-07-01T00:00:00Z', '2026-10-01T00:00:00Z', category, { first: 100 });
      expect(first.totalCount).toBe(900);
      expect(first.truncated).toBe(false);
      const rest = await t.http().get('/api/v1/events')
        .query({ from: '2026-07-01T00:00:00Z', to: '2026-10-01T00:00:00Z', category, first: 100, after: first.pageInfo.endCursor }).expect(200);
      expect(rest.body.data).toHaveLength(100);
      expect(rest.body.data[0].startsAtLocal).toBe('2026-07-10T09:00:00'); // the 101st: 99 on 1–9 July, then 08:00 on the 10th
      expect(rest.body.truncated).toBe(false);
    });

    it('keeps a cancelled event listed with its status and reason, and a postponed one with its new date', async () => {
      const category = await newCategory();
      await createPublished({ title: 'Loto', ...TIMED, categoryIds: [category], eventStatus: 'CANCELLED', cancellationReason: 'Salle indisponible' });
      const postponed = await createPublished({ title: 'Fête de la musique', startsAt: '2026-05-10T16:00:00Z', endsAt: '2026-05-10T20:00:00Z',
        categoryIds: [category], eventStatus: 'POSTPONED', postponedTo: '2026-06-21T16:00:00Z' });
      const page = await window('2026-05-01T00:00:00Z', '2026-05-31T00:00:00Z', category);
      expect(page.edges.map((e) => [e.node.event.title, e.node.event.eventStatus])).toEqual([['Loto', 'CANCELLED'], ['Fête de la musique', 'POSTPONED']]);
      const read = await t.gql('query($id: ID!) { event(id: $id) { postponedTo cancellationReason } }', { id: postponed.id });
      expect(read.body.data.event).toEqual({ postponedTo: '2026-06-21T16:00:00.000Z', cancellationReason: null });
      const rescheduled = await t.gql('mutation($id: ID!, $v: Int!) { updateEvent(id: $id, version: $v, input: { eventStatus: SCHEDULED }) { eventStatus postponedTo } }',
        { id: postponed.id, v: postponed.version }, editor);
      expect(rescheduled.body.data.updateEvent).toEqual({ eventStatus: 'SCHEDULED', postponedTo: null });
    });

    it('lists the next occurrences from now for the kiosk, the ones going on included', async () => {
      const now = Date.now();
      const soon = await createPublished({ title: 'Permanence', startsAt: new Date(now - 30 * 60_000).toISOString(),
        endsAt: new Date(now + 60 * 60_000).toISOString() });
      await createPublished({ title: 'Web seulement', startsAt: new Date(now + 60_000).toISOString(),
        endsAt: new Date(now + 120_000).toISOString(), channels: ['WEB'] });
      const res = await t.gql('{ upcomingEvents(first: 50, channel: KIOSK) { startsAt event { id title } } }');
      const list: { startsAt: string; event: { id: string; title: string } }[] = res.body.data.upcomingEvents;
      expect(list.map((o) => o.event.id)).toContain(soon.id);
      expect(list.map((o) => o.event.title)).not.toContain('Web seulement');
      expect(list.map((o) => o.startsAt)).toEqual([...list.map((o) => o.startsAt)].sort());
      const tooMany = await t.gql('{ upcomingEvents(first: 500) { startsAt } }');
      expect(tooMany.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
    });
  });

  describe('refusals', () => {
    it('refuses an end before the start, on input.endsAt, and writes nothing', async () => {
      expect(await refusal({ title: 'À l\'envers', startsAt: '2026-05-06T18:00:00Z', endsAt: '2026-05-06T16:00:00Z' }))
        .toEqual({ code: 'BAD_USER_INPUT', paths: ['input.endsAt'] });
      expect(await refusal({ title: 'À l\'envers', allDay: true, startDate: '2026-05-06', endDate: '2026-05-05' }))
        .toEqual({ code: 'BAD_USER_INPUT', paths: ['input.endDate'] });
      const [row] = await t.dataSource.query("SELECT count(*)::int AS n FROM events WHERE title = 'À l''envers'");
      expect(row.n).toBe(0);
    });

    it('refuses a rule that never ends, and an invalid rule, on input.recurrenceRule', async () => {
      for (const recurrenceRule of ['FREQ=WEEKLY;BYDAY=WE', 'FREQ=SOMETIMES;COUNT=3', 'FREQ=WEEKLY;COUNT=abc', 'n\'importe quoi', 'FREQ=WEEKLY;BYDAY=MO;COUNT=3']) {
        const res = await t.gql('mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }',
          { input: { title: 'Récurrent', ...TIMED, recurrenceRule } }, editor);
        expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.recurrenceRule' }] });
      }
      const neverEnding = await t.gql('mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }',
        { input: { title: 'Récurrent', ...TIMED, recurrenceRule: 'FREQ=WEEKLY;BYDAY=WE' } }, editor);
      expect(neverEnding.body.errors[0].message).toMatch(/COUNT|UNTIL/);
    });

    it('refuses a postponed event without its new date, and a new date on an event that is not postponed', async () => {
      expect(await refusal({ title: 'Reporté', ...TIMED, eventStatus: 'POSTPONED' })).toEqual({ code: 'BAD_USER_INPUT', paths: ['input.postponedTo'] });
      expect(await refusal({ title: 'Reporté', ...TIMED, postponedTo: '2026-07-01T10:00:00Z' })).toEqual({ code: 'BAD_USER_INPUT', paths: ['input.postponedTo'] });
      expect(await refusal({ title: 'Annulé', ...TIMED, cancellationReason: 'Pluie' })).toEqual({ code: 'BAD_USER_INPUT', paths: ['input.cancellationReason'] });
    });

    it('refuses inconsistent price, organiser, coordinates and exception dates, naming each field', async () => {
      expect(await refusal({ title: 'Incohérent', ...TIMED, isFree: true, priceText: '5 €', organizerName: 'Mairie',
        organizerAssociationId: '00000000-0000-4000-8000-000000000000', latitude: 50 }))
        .toEqual({ code: 'BAD_USER_INPUT', paths: ['input.longitude', 'input.organizerName', 'input.priceText'] });
      expect(await refusal({ title: 'Exception', ...TIMED, exceptionDates: ['2026-05-13'] })).toEqual({ code: 'BAD_USER_INPUT', paths: ['input.exceptionDates'] });
      expect(await refusal({ title: 'Organisateur', ...TIMED, organizerAssociationId: '00000000-0000-4000-8000-000000000000' }))
        .toEqual({ code: 'BAD_USER_INPUT', paths: ['input.organizerAssociationId'] });
      expect(await refusal({ title: 'Mélange', ...TIMED, allDay: true, startDate: '2026-05-06' })).toEqual({ code: 'BAD_USER_INPUT', paths: ['input.startsAt'] });
    });

    it('refuses a window that is inverted and a bad cursor, and accepts a window longer than 366 days', async () => {
      const inverted = await t.gql(OCCURRENCES, { from: '2026-06-01T00:00:00Z', to: '2026-05-01T00:00:00Z' });
      expect(inverted.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'to' }] });
      const tooLong = await t.gql(OCCURRENCES, { from: '2026-01-01T00:00:00Z', to: '2027-01-03T00:00:00Z' });
      expect(tooLong.body.errors).toBeUndefined();
      const badCursor = await t.gql(OCCURRENCES, { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', after: 'not-a-cursor' });
      expect(badCursor.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
      const rest = await t.http().get('/api/v1/events').query({ from: 'hier', to: '2026-02-01T00:00:00Z' }).expect(400);
      expect(rest.body.errors[0].path).toBe('from');
      await t.http().get('/api/v1/events').query({ from: '2026-03-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }).expect(400);
    });
  });

  describe('organiser', () => {
    const createAssociation = async (name: string): Promise<string> => (await createPublishedItem(t, editor, ASSOCIATION, { name })).id;

    const inDays = (days: number, hours = 0): string => new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();

    it('resolves the organising association and lists its upcoming events on the association', async () => {
      const harmonie = await createAssociation('Harmonie municipale d\'Anor');
      await createPublished({ title: 'Répétition publique', startsAt: inDays(3), endsAt: inDays(3, 2), organizerAssociationId: harmonie,
        recurrenceRule: 'FREQ=WEEKLY;COUNT=5' });
      await createPublished({ title: 'Passé', startsAt: inDays(-30), endsAt: inDays(-30, 2), organizerAssociationId: harmonie });
      const res = await t.gql(`query($id: ID!) { association(id: $id) { name upcomingEvents(first: 3) { startsAt event { title organizer { name } } } } }`,
        { id: harmonie });
      expect(res.body.errors).toBeUndefined();
      const { upcomingEvents } = res.body.data.association;
      expect(upcomingEvents).toHaveLength(3);
      expect(upcomingEvents.every((o: { event: { title: string; organizer: { name: string } } }) =>
        o.event.title === 'Répétition publique' && o.event.organizer.name === 'Harmonie municipale d\'Anor')).toBe(true);
      const filtered = await t.gql('query($from: DateTime!, $to: DateTime!, $org: ID) { events(from: $from, to: $to, organizerAssociationId: $org) { totalCount } }',
        { from: inDays(-60), to: inDays(60), org: harmonie });
      expect(filtered.body.data.events.totalCount).toBe(6);
      const tooMany = await t.gql('query($id: ID!) { association(id: $id) { upcomingEvents(first: 0) { startsAt } } }', { id: harmonie });
      expect(tooMany.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
    });

    it('replaces a free-text organiser by an association, and loses the association if it is deleted (ON DELETE SET NULL)', async () => {
      const club = await createAssociation('Club de randonnée');
      const event = await createEvent({ title: 'Randonnée', ...TIMED, organizerName: 'Un habitant' });
      const res = await t.gql('mutation($id: ID!, $org: ID) { updateEvent(id: $id, version: 1, input: { organizerAssociationId: $org }) { organizerAssociationId organizerName } }',
        { id: event.id, org: club }, editor);
      expect(res.body.data.updateEvent).toEqual({ organizerAssociationId: club, organizerName: null });
      await t.dataSource.query('DELETE FROM associations WHERE id = $1', [club]);
      const [row] = await t.dataSource.query('SELECT organizer_association_id FROM events WHERE id = $1', [event.id]);
      expect(row.organizer_association_id).toBeNull();
    });

    it('costs the same number of SQL queries for a list of 2 or 8 occurrences with organiser, categories and association events', async () => {
      const category = await newCategory();
      const other = await newCategory();
      const associations = await Promise.all(['Asso Lot 1', 'Asso Lot 2'].map(createAssociation));
      for (let i = 0; i < 8; i++) {
        await createPublished({ title: `Lot ${i}`, startsAt: `2026-08-${String(i + 1).padStart(2, '0')}T08:00:00Z`,
          endsAt: `2026-08-${String(i + 1).padStart(2, '0')}T09:00:00Z`, categoryIds: [category, other], organizerAssociationId: associations[i % 2] });
      }
      const run = (first: number) => countQueries(() => t.gql(`query($category: ID, $first: Int) {
        events(from: "2026-08-01T00:00:00Z", to: "2026-09-01T00:00:00Z", category: $category, first: $first) {
          edges { node { startsAt event { title categories { label } organizer { name upcomingEvents(first: 2) { startsAt } } } } }
        } }`, { category, first }));
      const small = await run(2);
      const large = await run(8);
      expect(large.result.body.errors).toBeUndefined();
      expect(large.result.body.data.events.edges).toHaveLength(8);
      expect(large.result.body.data.events.edges[7].node.event.categories).toHaveLength(2);
      expect(large.result.body.data.events.edges[7].node.event.organizer.name).toMatch(/Asso Lot/);
      expect(large.count).toBe(small.count);
    });
  });
});
