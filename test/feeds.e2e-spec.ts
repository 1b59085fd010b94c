import { parse as parseCsv } from 'csv-parse/sync';
import Parser from 'rss-parser';
import { loginAs } from './support/auth-helpers';
import { ASSOCIATION, createItem, createPublished, createTerm, EVENT, LEGAL_NOTICE, PAGE, updateItem } from './support/content-factories';
import { pdf, uploadMedia } from './support/media-helpers';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 13, standard feeds: iCalendar (/feeds/events.ics, /api/v1/events/<id>.ics), RSS 2.0 and Atom,
 * CSV; each parsed by an independent parser from npm. Anonymous, published content only.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports -- node-ical is CommonJS without bundled types
const ical = require('node-ical') as { sync: { parseICS: (text: string) => Record<string, IcalComponent> } };

/** What node-ical gives for a VEVENT (only what these tests read). */
interface IcalComponent {
  type: string;
  uid?: string;
  summary?: string;
  start?: Date & { tz?: string };
  end?: Date & { tz?: string };
  status?: string;
  sequence?: string | number;
  rrule?: { toString(): string };
  exdate?: Record<string, Date>;
  recurrences?: Record<string, IcalComponent>;
  recurrenceid?: Date;
}

interface Ref {
  id: string;
  version: number;
  status: string;
}

const DAY = 86_400_000;

/** A binary-safe body as text (supertest leaves text/calendar and text/csv as text, others as a Buffer). */
function text(res: { text?: string; body?: unknown }): string {
  return Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text ?? '';
}

function vevents(body: string): IcalComponent[] {
  return Object.values(ical.sync.parseICS(body)).filter((component) => component.type === 'VEVENT');
}

/** node-ical files exception dates and overrides under two keys each: one entry per instant. */
const unique = <T>(values: T[], key: (value: T) => string | undefined): T[] => [...new Map(values.map((value) => [key(value), value])).values()];

describe('standard feeds (issue 13)', () => {
  let t: TestApp;
  let editor: string;
  let termCounter = 0;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' });
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  async function category(): Promise<string> {
    termCounter += 1;
    return (await createTerm(t, editor, 'CATEGORY', `Flux ${termCounter}`)).id;
  }

  /** An ISO instant `days` from now at 16:00 UTC (17:00 or 18:00 in Paris). */
  const inDays = (days: number, hour = 16): string => {
    const date = new Date(Date.now() + days * DAY);
    return `${date.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  };

  async function calendar(query: Record<string, string>): Promise<IcalComponent[]> {
    const res = await t.http().get('/feeds/events.ics').query(query).buffer(true).expect(200);
    return vevents(text(res));
  }

  describe('iCalendar', () => {
    it('serves published events with stable UIDs in Europe/Paris, never a draft, as text/calendar that caches', async () => {
      const cat = await category();
      const published = await createPublished<Ref>(t, editor, EVENT, { title: 'Concert au kiosque', startsAt: inDays(10), endsAt: inDays(10, 18), categoryIds: [cat] });
      await createItem<Ref>(t, editor, EVENT, { title: 'Brouillon secret', startsAt: inDays(11), endsAt: inDays(11, 18), categoryIds: [cat] });

      const res = await t.http().get('/feeds/events.ics').query({ category: cat }).buffer(true).expect(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.headers.etag).toBeDefined();
      const body = text(res);
      expect(body).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Paris');
      expect(body).not.toContain('Brouillon secret');
      const events = vevents(body);
      expect(events).toHaveLength(1);
      expect(events[0].uid).toBe(`${published.id}@parvis`);
      expect(events[0].summary).toBe('Concert au kiosque');
      expect(events[0].start?.toISOString()).toBe(inDays(10));
      expect(events[0].start?.tz).toBe('Europe/Paris');
      expect(Number(events[0].sequence)).toBe(published.version);

      await t.http().get('/feeds/events.ics').query({ category: cat }).set('If-None-Match', res.headers.etag).expect(304);
    });

    it('keeps a draft out even for a staff token', async () => {
      const cat = await category();
      await createItem<Ref>(t, editor, EVENT, { title: 'Brouillon du personnel', startsAt: inDays(12), endsAt: inDays(12, 18), categoryIds: [cat] });
      const res = await t.http().get('/feeds/events.ics').query({ category: cat }).set('Authorization', `Bearer ${editor}`).buffer(true).expect(200);
      expect(vevents(text(res))).toEqual([]);
    });

    it('filters by category like the events list', async () => {
      const [mine, other] = [await category(), await category()];
      await createPublished<Ref>(t, editor, EVENT, { title: 'Dans la catégorie', startsAt: inDays(5), endsAt: inDays(5, 18), categoryIds: [mine] });
      await createPublished<Ref>(t, editor, EVENT, { title: 'Hors catégorie', startsAt: inDays(5), endsAt: inDays(5, 18), categoryIds: [other] });
      expect((await calendar({ category: mine })).map((event) => event.summary)).toEqual(['Dans la catégorie']);
    });

    it('writes a series as RRULE with EXDATE for skipped and cancelled dates, and a moved occurrence as RECURRENCE-ID', async () => {
      const cat = await category();
      // Weekly, five times, in June 2031 (no DST change in between); the second date skipped, the third cancelled, the fourth moved a day later.
      const week = (n: number, hour = 16): string => new Date(Date.parse(`2031-06-05T${hour}:00:00.000Z`) + 7 * n * DAY).toISOString();
      const series = await createPublished<Ref>(t, editor, EVENT, {
        title: 'Atelier tricot', startsAt: week(0), endsAt: week(0, 18), recurrenceRule: 'FREQ=WEEKLY;COUNT=5', categoryIds: [cat],
        exceptionDates: [week(1).slice(0, 10)],
      });
      const updated = await updateItem<Ref>(t, editor, EVENT, series, { occurrenceOverrides: [
        { originalStartsAt: week(2), status: 'CANCELLED', reason: 'Salle prise' },
        { originalStartsAt: week(3), status: 'POSTPONED', startsAt: new Date(Date.parse(week(3)) + DAY).toISOString() },
      ] });
      const [master] = await calendar({ category: cat });
      expect(master.rrule?.toString()).toContain('FREQ=WEEKLY;COUNT=5');
      expect(unique(Object.values(master.exdate ?? {}), (date) => date.toISOString()).map((date) => date.toISOString()).sort()).toEqual([week(1), week(2)]);
      const moved = unique(Object.values(master.recurrences ?? {}), (occurrence) => occurrence.recurrenceid?.toISOString());
      expect(moved).toHaveLength(1);
      expect(moved[0].recurrenceid?.toISOString()).toBe(week(3));
      expect(moved[0].start?.toISOString()).toBe(new Date(Date.parse(week(3)) + DAY).toISOString());
      expect(Number(master.sequence)).toBe(updated.version);
    });

    it('marks a cancelled event STATUS:CANCELLED, with a SEQUENCE that follows its version', async () => {
      const cat = await category();
      const event = await createPublished<Ref>(t, editor, EVENT, { title: 'Bal du village', startsAt: inDays(20), endsAt: inDays(20, 22), categoryIds: [cat] });
      const [before] = await calendar({ category: cat });
      expect(before.status).toBe('CONFIRMED');
      const cancelled = await updateItem<Ref>(t, editor, EVENT, event, { eventStatus: 'CANCELLED', cancellationReason: 'Arrêté préfectoral' });
      const [after] = await calendar({ category: cat });
      expect(after.status).toBe('CANCELLED');
      expect(Number(after.sequence)).toBe(cancelled.version);
      expect(Number(after.sequence)).toBeGreaterThan(Number(before.sequence));
    });

    it('serves one published event at /api/v1/events/<id or slug>.ics, and 404 for a draft', async () => {
      const event = await createPublished<Ref & { slug: string }>(t, editor, EVENT, { title: 'Loto de l\'école', slug: 'loto-ecole-flux', startsAt: inDays(15), endsAt: inDays(15, 20) },
        { fields: 'id version status slug' });
      for (const key of [event.id, event.slug]) {
        const res = await t.http().get(`/api/v1/events/${key}.ics`).buffer(true).expect(200);
        expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
        expect(vevents(text(res)).map((component) => component.uid)).toEqual([`${event.id}@parvis`]);
      }
      // The JSON route is still there.
      expect((await t.http().get(`/api/v1/events/${event.slug}`).expect(200)).body.id).toBe(event.id);
      const draft = await createItem<Ref>(t, editor, EVENT, { title: 'Loto brouillon', startsAt: inDays(15), endsAt: inDays(15, 20) });
      await t.http().get(`/api/v1/events/${draft.id}.ics`).expect(404);
    });
  });

  describe('RSS 2.0 and Atom', () => {
    const parser = new Parser<Record<string, unknown>, { guid?: string; enclosure?: { url: string; length?: string; type?: string } }>();

    it('lists the next published events in RSS 2.0 and Atom, with absolute links by id, filtered like the list', async () => {
      const [cat, other] = [await category(), await category()];
      const soon = await createPublished<Ref>(t, editor, EVENT, { title: 'Fête de la musique', startsAt: inDays(3), endsAt: inDays(3, 22), categoryIds: [cat] });
      const later = await createPublished<Ref>(t, editor, EVENT, { title: 'Feu d\'artifice', startsAt: inDays(30), endsAt: inDays(30, 22), categoryIds: [cat] });
      await createPublished<Ref>(t, editor, EVENT, { title: 'Autre catégorie', startsAt: inDays(4), endsAt: inDays(4, 22), categoryIds: [other] });
      await createItem<Ref>(t, editor, EVENT, { title: 'Brouillon RSS', startsAt: inDays(4), endsAt: inDays(4, 22), categoryIds: [cat] });

      const rss = await t.http().get('/feeds/events.rss').query({ category: cat }).buffer(true).expect(200);
      expect(rss.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
      expect(rss.headers['cache-control']).toBe('public, max-age=300');
      const base = t.config.publicBaseUrl as string;
      const feed = await parser.parseString(text(rss));
      expect(feed.items.map((item) => item.link)).toEqual([`${base}/api/v1/events/${soon.id}`, `${base}/api/v1/events/${later.id}`]);
      expect(feed.items[0].title).toMatch(/^Fête de la musique — \S+ \d+ \S+ \d{4} à \d{2}:\d{2}$/);

      const atom = await t.http().get('/feeds/events.atom').query({ category: cat }).buffer(true).expect(200);
      expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      const atomFeed = await parser.parseString(text(atom));
      expect(atomFeed.items.map((item) => item.link)).toEqual([`${base}/api/v1/events/${soon.id}`, `${base}/api/v1/events/${later.id}`]);
    });

    it('bounds the number of items with ?limit= (at most 200)', async () => {
      const cat = await category();
      for (const day of [40, 41, 42]) {
        await createPublished<Ref>(t, editor, EVENT, { title: `Limite ${day}`, startsAt: inDays(day), endsAt: inDays(day, 18), categoryIds: [cat] });
      }
      const feed = await parser.parseString(text(await t.http().get('/feeds/events.rss').query({ category: cat, limit: '2' }).buffer(true).expect(200)));
      expect(feed.items.map((item) => item.title?.split(' — ')[0])).toEqual(['Limite 40', 'Limite 41']);
      const refused = await t.http().get('/feeds/events.rss').query({ limit: '201' }).expect(400);
      expect(JSON.stringify(refused.body)).toContain('limit');
    });

    it('lists published legal notices newest first, with the PDF as enclosure (url, length, type)', async () => {
      const bytes = await pdf({ title: 'Arrêté de voirie', text: 'Arrêté de voirie' });
      const media = await uploadMedia<{ id: string; url: string }>(t, bytes, 'arrete-voirie.pdf', { token: editor });
      const withPdf = await createPublished<Ref>(t, editor, LEGAL_NOTICE, { ...LEGAL_NOTICE.createInput(701), documents: [{ title: 'Arrêté signé', mediaId: media.id }] });
      const newer = await createPublished<Ref>(t, editor, LEGAL_NOTICE, 702);
      await createItem<Ref>(t, editor, LEGAL_NOTICE, 703);

      const res = await t.http().get('/feeds/legal-notices.rss').buffer(true).expect(200);
      const feed = await parser.parseString(text(res));
      const base = t.config.publicBaseUrl as string;
      expect(feed.items.map((item) => item.link)).toEqual([`${base}/api/v1/legal-notices/${newer.id}`, `${base}/api/v1/legal-notices/${withPdf.id}`]);
      expect(feed.items[0].enclosure).toBeUndefined();
      expect(feed.items[1].enclosure).toEqual({ url: `${base}${media.url}`, length: String(bytes.length), type: 'application/pdf' });
      const file = await t.http().get(media.url).buffer(true).expect(200);
      expect(file.body.length).toBe(bytes.length);
    });

    it('lists published pages, most recently changed first', async () => {
      const first = await createPublished<Ref>(t, editor, PAGE, 801);
      const second = await createPublished<Ref>(t, editor, PAGE, 802);
      await createItem<Ref>(t, editor, PAGE, 803);
      await updateItem<Ref>(t, editor, PAGE, first, PAGE.updateInputs[0]);
      const feed = await parser.parseString(text(await t.http().get('/feeds/pages.rss').buffer(true).expect(200)));
      const base = t.config.publicBaseUrl as string;
      expect(feed.items.map((item) => item.link)).toEqual([`${base}/api/v1/pages/${first.id}`, `${base}/api/v1/pages/${second.id}`]);
    });
  });

  describe('CSV', () => {
    /** The raw bytes of a download (supertest would decode text/csv as text and hide the BOM). */
    async function download(path: string, query: Record<string, string>): Promise<{ bytes: Buffer; headers: Record<string, string> }> {
      const res = await t.http().get(path).query(query)
        .buffer(true).parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      return { bytes: res.body as Buffer, headers: res.headers };
    }

    const rowsOf = (bytes: Buffer): Record<string, string>[] => parseCsv(bytes, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];

    it('exports the occurrences of the events list as UTF-8 with BOM and ";", French headers, filtered, without drafts', async () => {
      const cat = await category();
      const label = `Flux ${termCounter}`;
      const other = await category();
      const series = await createPublished<Ref>(t, editor, EVENT, {
        title: 'Cours de français; niveau "débutant"', startsAt: '2031-06-05T16:00:00.000Z', endsAt: '2031-06-05T18:00:00.000Z',
        recurrenceRule: 'FREQ=WEEKLY;COUNT=3', categoryIds: [cat], placeName: 'Salle des fêtes', priceText: '5 €',
      });
      await createPublished<Ref>(t, editor, EVENT, { title: 'Autre catégorie CSV', startsAt: '2031-06-06T16:00:00.000Z', endsAt: '2031-06-06T18:00:00.000Z', categoryIds: [other] });
      await createItem<Ref>(t, editor, EVENT, { title: 'Brouillon CSV', startsAt: '2031-06-06T16:00:00.000Z', endsAt: '2031-06-06T18:00:00.000Z', categoryIds: [cat] });

      const { bytes, headers } = await download('/api/v1/events.csv', { category: cat });
      expect(headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(headers['cache-control']).toBe('public, max-age=300');
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8', 3).split('\r\n')[0]).toMatch(/^Début;Fin;Journée entière;Titre;/);
      const rows = rowsOf(bytes);
      expect(rows.map((row) => [row['Début'], row['Fin'], row['Titre'], row['Statut'], row['Catégories'], row['Identifiant']])).toEqual([
        ['2031-06-05 18:00', '2031-06-05 20:00', 'Cours de français; niveau "débutant"', 'programmé', label, series.id],
        ['2031-06-12 18:00', '2031-06-12 20:00', 'Cours de français; niveau "débutant"', 'programmé', label, series.id],
        ['2031-06-19 18:00', '2031-06-19 20:00', 'Cours de français; niveau "débutant"', 'programmé', label, series.id],
      ]);
      expect(rows[0]['Tarif']).toBe('5 €');
    });

    it('streams an export longer than one page of the list, every occurrence once', async () => {
      const cat = await category();
      await createPublished<Ref>(t, editor, EVENT, {
        title: 'Marché quotidien', startsAt: '2032-01-01T07:00:00.000Z', endsAt: '2032-01-01T11:00:00.000Z', recurrenceRule: 'FREQ=DAILY;COUNT=250', categoryIds: [cat],
      });
      const rows = rowsOf((await download('/api/v1/events.csv', { category: cat })).bytes);
      expect(rows).toHaveLength(250);
      expect(new Set(rows.map((row) => row['Début'])).size).toBe(250);
    });

    it('refuses a bad filter with a 400 before any CSV is sent', async () => {
      const res = await t.http().get('/api/v1/events.csv').query({ category: 'pas-un-id' }).expect(400);
      expect(res.headers['content-type']).toMatch(/json/);
    });

    it('exports the published associations with the list\'s filters, phone numbers written the French way', async () => {
      const cat = await category();
      await createPublished<Ref>(t, editor, ASSOCIATION, { ...ASSOCIATION.createInput(901), name: 'Les Amis du Patrimoine', categoryIds: [cat], phone: '03 27 59 51 11' });
      await createPublished<Ref>(t, editor, ASSOCIATION, { ...ASSOCIATION.createInput(902), name: 'Hors filtre' });
      await createItem<Ref>(t, editor, ASSOCIATION, { ...ASSOCIATION.createInput(903), name: 'Brouillon association', categoryIds: [cat] });
      const { bytes } = await download('/api/v1/associations.csv', { category: cat });
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = rowsOf(bytes);
      expect(rows.map((row) => [row['Nom'], row['Téléphone']])).toEqual([['Les Amis du Patrimoine', '03 27 59 51 11']]);
    });
  });
});

describe('standard feeds on the demo commune', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' }, { demo: true });
  });
  afterAll(() => t.close());

  it('serves every feed of the demo data, each readable by its parser', async () => {
    const calendarText = text(await t.http().get('/feeds/events.ics').query({ limit: '200' }).buffer(true).expect(200));
    const events = vevents(calendarText);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event.uid).toMatch(/^[0-9a-f-]{36}@parvis$/);
    expect(events.some((event) => event.rrule)).toBe(true);

    const parser = new Parser();
    for (const path of ['/feeds/events.rss', '/feeds/events.atom', '/feeds/legal-notices.rss', '/feeds/pages.rss']) {
      const feed = await parser.parseString(text(await t.http().get(path).buffer(true).expect(200)));
      expect(feed.items.length).toBeGreaterThan(0);
    }
    for (const path of ['/api/v1/events.csv', '/api/v1/associations.csv']) {
      const res = await t.http().get(path).buffer(true).expect(200);
      const rows = parseCsv(text(res), { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
      expect(rows.length).toBeGreaterThan(0);
    }
  });
});
