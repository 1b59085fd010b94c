import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';

/**
 * The baseline of `npm run bench` (issue 12): what the hardware does with no framework at all. A
 * `node:http` server and a `pg` pool (10 connections, as the app's default pool) answering, from
 * the same database, the same rows as the API:
 *
 * - `GET /` — nothing (the floor of node:http itself; compare with the app's `/health/live`);
 * - `GET /events?first=N` — the N next occurrences of published events (those going on now
 *   included), in list order (start, then event id), each with the event's summary fields, its
 *   categories and its organiser: ONE statement over the occurrence index, the shape REST answers;
 * - `GET /events/<id>` — one published event with its body, categories and organiser, one statement.
 *
 * No validation, no auth, no logging, no channel or draft rules beyond "published": it is a floor,
 * not a competitor. The bench checks that its list holds the same (event, start) pairs as the API's.
 */
export interface Baseline {
  port: number;
  close(): Promise<void>;
}

/** The event summary REST lists give (no body), as (JSON name, SQL expression) pairs over `e`. */
const SUMMARY: Array<[string, string]> = [
  ['id', 'e."id"'], ['slug', 'e."slug"'], ['title', 'e."title"'], ['summary', 'e."summary"'], ['seriesStartsAt', 'e."starts_at"'],
  ['allDay', 'e."all_day"'], ['recurrenceRule', 'e."recurrence_rule"'], ['placeName', 'e."place_name"'], ['street', 'e."street"'],
  ['postalCode', 'e."postal_code"'], ['city', 'e."city"'], ['isFree', 'e."is_free"'], ['priceText', 'e."price_text"'],
  ['registrationUrl', 'e."registration_url"'], ['eventStatus', 'e."event_status"'], ['channels', 'e."channels"'], ['version', 'e."version"'],
  ['publishedAt', 'e."published_at"'], ['updatedAt', 'e."updated_at"'],
  ['categories', `COALESCE((SELECT json_agg(json_build_object('id', t."id", 'slug', t."slug", 'label', t."label") ORDER BY c."position", c."term_id")
    FROM "event_categories" c JOIN "taxonomy_terms" t ON t."id" = c."term_id" WHERE c."event_id" = e."id"), '[]')`],
  ['organizer', `(SELECT json_build_object('id', a."id", 'slug', a."slug", 'name', a."name") FROM "associations" a
    WHERE a."id" = e."organizer_association_id" AND a."status" = 'published' AND a."deleted_at" IS NULL)`],
];

/** The occurrence page of the app's list query (src/events/event-occurrences.query.ts), joined to the events in the same statement. */
const LIST_SQL = `
  SELECT o."starts_at" AS "startsAt", o."ends_at" AS "endsAt", o."event_status" AS "occurrenceStatus", o."rescheduled", o."moved_to" AS "movedTo",
         json_build_object(${SUMMARY.map(([name, expression]) => `'${name}', ${expression}`).join(', ')}) AS "event"
    FROM (SELECT * FROM (
            (SELECT * FROM "event_occurrences" o WHERE tstzrange(o."starts_at", o."ends_at", '()') @> now() AND o."content_status" = 'published'
              ORDER BY o."starts_at", o."event_id" LIMIT $1)
            UNION ALL
            (SELECT * FROM "event_occurrences" o WHERE o."starts_at" >= now() AND o."content_status" = 'published'
              ORDER BY o."starts_at", o."event_id" LIMIT $1)
          ) AS page ORDER BY "starts_at", "event_id" LIMIT $1) AS o
    JOIN "events" e ON e."id" = o."event_id"
   ORDER BY o."starts_at", o."event_id"`;

const ONE_SQL = `SELECT ${SUMMARY.map(([name, expression]) => `${expression} AS "${name}"`).join(', ')},
         e."body", e."body_html" AS "bodyHtml", e."ends_at" AS "endsAt", e."series_ends_at" AS "seriesEndsAt"
    FROM "events" e WHERE e."id" = $1 AND e."status" = 'published' AND e."deleted_at" IS NULL`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export async function startBaseline(databaseUrl: string): Promise<Baseline> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://baseline');
    if (url.pathname === '/') return send(response, 200, {});
    if (url.pathname === '/events') {
      const first = Math.min(100, Math.max(1, Number(url.searchParams.get('first') ?? 20) || 20));
      const { rows } = await pool.query(LIST_SQL, [first]);
      return send(response, 200, { data: rows });
    }
    const one = /^\/events\/([^/]+)$/.exec(url.pathname);
    if (one && UUID.test(one[1])) {
      const { rows } = await pool.query(ONE_SQL, [one[1]]);
      return rows[0] ? send(response, 200, rows[0]) : send(response, 404, { title: 'Not found' });
    }
    send(response, 404, { title: 'Not found' });
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { title: error instanceof Error ? error.message : String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
