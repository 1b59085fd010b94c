import { loginAs } from './support/auth-helpers';
import { createItem, createPublished, EVENT, publishItem, updateItem } from './support/content-factories';
import { createTestApp, TestApp } from './support/test-app';

interface AgendaEvent {
  uid: string;
  title: { fr: string };
  description: { fr: string };
  longDescription: { fr: string };
  status: number;
  timings: Array<{ begin: string; end: string }>;
  location: { city: string | null; countryCode: string };
  conditions: { fr: string } | null;
}

describe('regional agenda export (/feeds/events.agenda.json)', () => {
  let t: TestApp;
  let editor: string;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' });
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  async function exported(query = ''): Promise<AgendaEvent[]> {
    const res = await t.http().get(`/feeds/events.agenda.json${query}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return (JSON.parse(res.text) as { events: AgendaEvent[] }).events;
  }

  it('spells out the dates of a series (a cancelled date left out), in Paris time, with the text limits of the agendas', async () => {
    const longTitle = `Marché hebdomadaire de la place de la mairie ${'avec les producteurs du pays de Fourmies '.repeat(3)}`;
    const longSummary = `Fruits, légumes, fromages et volailles des fermes voisines, ${'tous les jeudis matin sur la place '.repeat(8)}`;
    const draft = await createItem(t, editor, EVENT, {
      title: longTitle, slug: 'marche-export', summary: longSummary, body: 'Le marché de **plein air**.', city: 'Anor', isFree: true,
      startsAt: '2031-12-04T07:00:00Z', endsAt: '2031-12-04T11:00:00Z', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=5',
    });
    const edited = await updateItem(t, editor, EVENT, draft, {
      occurrenceOverrides: [{ originalStartsAt: '2031-12-25T07:00:00Z', status: 'CANCELLED', reason: 'Jour de Noël' }],
    });
    const market = await publishItem(t, editor, EVENT, edited);
    await createItem(t, editor, EVENT, 7); // a draft: never exported

    const [event, ...others] = await exported();
    expect(others).toEqual([]);
    expect(event.uid).toBe(market.id);
    expect(event.title.fr.length).toBeLessThanOrEqual(140);
    expect(event.title.fr).toMatch(/^Marché hebdomadaire de la place de la mairie avec .*…$/);
    expect(event.description.fr.length).toBeLessThanOrEqual(200);
    expect(event.description.fr.endsWith('…')).toBe(true);
    // Lists read events without their body: the export loads it (it was {} before).
    expect(event.longDescription).toEqual({ fr: 'Le marché de **plein air**.' });
    expect(event.timings).toEqual([
      { begin: '2031-12-04T08:00:00+01:00', end: '2031-12-04T12:00:00+01:00' },
      { begin: '2031-12-11T08:00:00+01:00', end: '2031-12-11T12:00:00+01:00' },
      { begin: '2031-12-18T08:00:00+01:00', end: '2031-12-18T12:00:00+01:00' },
      { begin: '2032-01-01T08:00:00+01:00', end: '2032-01-01T12:00:00+01:00' },
    ]);
    expect(event).toMatchObject({ status: 1, location: { city: 'Anor', countryCode: 'FR' }, conditions: { fr: 'Gratuit' } });
  });

  it('gives at most 800 dates for an event, and the agenda status of a cancelled one', async () => {
    const daily = await createPublished(t, editor, EVENT, {
      title: 'Exposition quotidienne', slug: 'expo-quotidienne', startsAt: '2032-03-01T09:00:00Z', endsAt: '2032-03-01T17:00:00Z',
      recurrenceRule: 'FREQ=DAILY;COUNT=900',
    });
    const cancelled = await createPublished(t, editor, EVENT, {
      ...EVENT.createInput(8), startsAt: '2032-02-01T18:00:00Z', endsAt: '2032-02-01T20:00:00Z', eventStatus: 'CANCELLED', cancellationReason: 'Salle indisponible',
    });
    const events = await exported('?limit=10');
    expect(events.find((event) => event.uid === daily.id)?.timings).toHaveLength(800);
    expect(events.find((event) => event.uid === cancelled.id)?.status).toBe(6);
  });
});
