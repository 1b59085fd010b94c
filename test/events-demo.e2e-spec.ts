import { DemoContentSeeder } from '../src/seed/demo-content';
import { createTestApp, TestApp } from './support/test-app';

describe('events demo content', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The demo template was seeded by this same seeder: the test checks what it left, and that running it again adds nothing.
    t = await createTestApp({}, { demo: true });
  });
  afterAll(() => t.close());

  it('seeds about forty published events ahead of today, with association organisers, idempotently', async () => {
    const seeder = t.app.get(DemoContentSeeder);
    await seeder.seed();
    const [counts] = await t.dataSource.query(`SELECT count(*)::int AS total,
        count(*) FILTER (WHERE status = 'published')::int AS published,
        count(*) FILTER (WHERE recurrence_rule IS NOT NULL)::int AS recurring,
        count(*) FILTER (WHERE all_day)::int AS all_day,
        count(*) FILTER (WHERE organizer_association_id IS NOT NULL)::int AS by_association,
        count(*) FILTER (WHERE event_status = 'cancelled')::int AS cancelled,
        count(*) FILTER (WHERE event_status = 'postponed')::int AS postponed
      FROM events`);
    expect(counts.total).toBeGreaterThanOrEqual(38);
    expect(counts.published).toBe(counts.total);
    expect(counts.recurring).toBeGreaterThanOrEqual(8);
    expect(counts.all_day).toBeGreaterThanOrEqual(5);
    expect(counts.by_association).toBeGreaterThanOrEqual(20);
    expect(counts.cancelled).toBeGreaterThanOrEqual(1);
    expect(counts.postponed).toBeGreaterThanOrEqual(1);

    await seeder.seed();
    const [again] = await t.dataSource.query('SELECT count(*)::int AS total FROM events');
    expect(again.total).toBe(counts.total);

    const home = await t.gql('{ upcomingEvents(first: 5, channel: KIOSK) { startsAtLocal event { title eventStatus organizer { name } categories { label } } } }');
    expect(home.body.errors).toBeUndefined();
    expect(home.body.data.upcomingEvents).toHaveLength(5);
    const club = await t.gql('{ event(slug: "club-des-aines") { organizer { name } startsAtLocal recurrenceRule } }');
    expect(club.body.data.event.organizer.name).toBe('Club des Aînés « Les Joyeux Anoriens »');
    expect(club.body.data.event.startsAtLocal).toMatch(/T14:00:00$/);
  });
});
