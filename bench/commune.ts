import { DataSource } from 'typeorm';
import { EventOccurrences1796400300000 } from '../migrations/1796400300000-event-occurrences';
import { fold, sortKey } from '../src/content/french-text';
import { generatePages } from './generate';

/**
 * The generated commune of `npm run bench` (issue 12): at scale 1, 10,000 events (a tenth weekly
 * series of 52 dates), 2,000 associations, 5,000 legal notices, 500 pages and 300 procedure sheets,
 * with 12 categories and 8 procedure themes. `BENCH_SCALE` multiplies every count (0.1 for a quick run).
 *
 * Deterministic: ids are the md5 of a name made a version-4 UUID (`uid("'event-42'")`), every value is a function of the
 * row number, and dates are relative to today's midnight (UTC), so two runs on the same day load
 * the same rows, and runs on other days the same rows shifted in time (the "upcoming" lists then
 * look the same).
 *
 * Loaded with set-based SQL (INSERT … SELECT generate_series) straight into the tables, in a few
 * seconds, rather than through the API (issue 12 measured 187 s for 2,500 items through it): the
 * rows are the ones the services write (derived columns computed by the same TypeScript functions,
 * `src/content/french-text.ts`; the event occurrence index filled by the migration's backfill, i.e.
 * the store the write path uses), each item published at version 2 with its `create` and `publish`
 * rows in the change journal. Not reproduced: revisions (none is needed to read or update) and the
 * legal notices' canonical fingerprint (a SHA-256 of the reference stands in; nothing reads it back).
 */
/** SQL for a deterministic UUID from a text expression: its md5, with the version (4) and variant bits a UUID check expects. */
const uid = (expression: string): string => `overlay(overlay(md5(${expression}) placing '4' from 13) placing '8' from 17)::uuid`;

export interface CommuneCounts {
  events: number;
  associations: number;
  legalNotices: number;
  pages: number;
  procedures: number;
}

export interface GeneratedCommune {
  counts: CommuneCounts & { occurrences: number };
  /** A category that events and associations both use. */
  categoryId: string;
  /** A word that about one association name in 12 holds, to search for ("pétanque", searched without accent). */
  searchWord: string;
  deepestPath: string;
  sectionId: string;
  /** Non-recurring published events, for the update scenario (one per connection). */
  singleEventIds: string[];
  /** One published event, for the "one event" scenario. */
  oneEventId: string;
}

export const CATEGORIES = ['Culture', 'Sport', 'Fêtes et animations', 'Solidarité', 'Jeunesse', 'Environnement', 'Patrimoine',
  'Musique', 'Santé', 'Loisirs', 'Éducation', 'Vie citoyenne'];
const THEMES = ['Papiers d\'identité', 'État civil', 'Élections', 'Urbanisme', 'Déchets', 'École', 'Véhicules', 'Associations'];
const ACTIVITIES = ['Club de pétanque', 'Harmonie municipale', 'Comité des fêtes', 'Amicale des anciens', 'Les Amis du patrimoine',
  'Judo club', 'L\'Écho des bois', 'Société de chasse', 'Atelier théâtre', 'Union sportive', 'Chorale Sainte-Cécile', 'Club de lecture'];

export function countsFor(scale: number): CommuneCounts {
  const at = (n: number): number => Math.max(1, Math.round(n * scale));
  return { events: Math.max(20, at(10_000)), associations: Math.max(12, at(2_000)), legalNotices: at(5_000), pages: at(500), procedures: at(300) };
}

/** Page tree shape for about `pages` pages: sections × 7 sub-sections × 6 pages (500 = 10 × (1 + 7 + 42)). */
function pageTree(pages: number): [number, number, number] {
  return [Math.max(1, Math.round(pages / 50)), 7, 6];
}

export async function generateCommune(dataSource: DataSource, scale: number): Promise<GeneratedCommune> {
  const counts = countsFor(scale);
  const q = <T = unknown>(sql: string, parameters?: unknown[]): Promise<T> => dataSource.query<T>(sql, parameters);
  await q(`INSERT INTO taxonomy_terms (id, vocabulary, slug, label, position)
           SELECT ${uid("'category-' || n")}, 'category', 'categorie-' || n, label, n
             FROM unnest($1::text[]) WITH ORDINALITY AS t(label, n)`, [CATEGORIES]);
  await q(`INSERT INTO taxonomy_terms (id, vocabulary, slug, label, position)
           SELECT ${uid("'theme-' || n")}, 'procedure_theme', 'theme-' || n, label, n
             FROM unnest($1::text[]) WITH ORDINALITY AS t(label, n)`, [THEMES]);

  // Associations: names, and the sort/search keys the service derives from them.
  const names = Array.from({ length: counts.associations }, (_, index) => `${ACTIVITIES[index % ACTIVITIES.length]} n° ${index + 1}`);
  await q(`INSERT INTO associations (id, slug, status, published_at, version, name, sort_name, search_name, summary, body, body_html,
                                     contact_name, contact_role, email, phone, street, postal_code, city, meeting_place, schedule, channels)
           SELECT ${uid("'association-' || n")}, 'association-' || n, 'published', now(), 2, name, sort_name, search_name,
                  'Objet de l''association ' || n, repeat('Nos activités. ', 40), repeat('<p>Nos activités.</p>', 40),
                  'Contact ' || n, 'Président', 'asso' || n || '@example.org', '+3332759' || lpad((n % 10000)::text, 4, '0'),
                  n || ' rue de la Mairie', '59186', 'Anor', 'Salle ' || (n % 7), 'Le mardi de 18 h à 20 h',
                  CASE WHEN n % 5 = 0 THEN '{web}'::channel[] ELSE '{web,kiosk}'::channel[] END
             FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS a(name, sort_name, search_name, n)`,
  [names, names.map(sortKey), names.map(fold)]);
  await q(`INSERT INTO association_categories (association_id, term_id, position)
           SELECT ${uid("'association-' || n")}, ${uid("'category-' || (1 + n % 12)")}, 0 FROM generate_series(1, $1::int) AS n
           UNION ALL
           SELECT ${uid("'association-' || n")}, ${uid("'category-' || (1 + (n * 7 + 3) % 12)")}, 1
             FROM generate_series(1, $1::int) AS n WHERE n % 3 = 0 AND (n * 7 + 3) % 12 <> n % 12`, [counts.associations]);

  // Events over three years around today, a tenth weekly for a year; half organised by an
  // association of the directory, a quarter by a named organiser; one or two categories each.
  await q(`
    INSERT INTO events (id, slug, status, published_at, version, title, summary, body, body_html, starts_at, ends_at, series_ends_at,
                        recurrence_rule, occurrence_count, place_name, street, city, postal_code, organizer_association_id, organizer_name,
                        is_free, price_text, event_status, cancellation_reason, channels)
    SELECT ${uid("'event-' || i")}, 'evenement-' || i, 'published', now(), 2, 'Événement ' || i, 'Résumé de l''événement ' || i,
           repeat('Un paragraphe de texte. ', 100), repeat('<p>Un paragraphe de texte.</p>', 100),
           start, start + interval '2 hours', start + interval '2 hours' + CASE WHEN i % 10 = 0 THEN interval '51 weeks' ELSE interval '0' END,
           CASE WHEN i % 10 = 0 THEN 'FREQ=WEEKLY;COUNT=52' END, CASE WHEN i % 10 = 0 THEN 52 END,
           'Salle des fêtes', '1 place de la Mairie', 'Anor', '59186',
           CASE WHEN i % 2 = 0 THEN ${uid("'association-' || (1 + i % $2::int)")} END,
           CASE WHEN i % 4 = 1 THEN 'Mairie d''Anor' END,
           i % 3 = 0, CASE WHEN i % 3 = 1 THEN '5 €' END,
           CASE WHEN i % 50 = 7 THEN 'cancelled'::event_status ELSE 'scheduled'::event_status END,
           CASE WHEN i % 50 = 7 THEN 'Intempéries' END,
           CASE WHEN i % 5 = 0 THEN '{web}'::channel[] ELSE '{web,kiosk}'::channel[] END
      FROM generate_series(1, $1::int) AS i,
           LATERAL (SELECT date_trunc('day', now()) - interval '1 year' + (i * (interval '3 years' / $1::int)) AS start) AS s`,
  [counts.events, counts.associations]);
  await q(`INSERT INTO event_categories (event_id, term_id, position)
           SELECT ${uid("'event-' || i")}, ${uid("'category-' || (1 + i % 12)")}, 0 FROM generate_series(1, $1::int) AS i
           UNION ALL
           SELECT ${uid("'event-' || i")}, ${uid("'category-' || (1 + (i * 5 + 1) % 12)")}, 1
             FROM generate_series(1, $1::int) AS i WHERE i % 2 = 0 AND (i * 5 + 1) % 12 <> i % 12`, [counts.events]);
  const runner = dataSource.createQueryRunner();
  try {
    await new EventOccurrences1796400300000().backfill(runner);
  } finally {
    await runner.release();
  }

  // Legal notices over four years, newest on display now.
  await q(`
    INSERT INTO legal_notices (id, slug, status, published_at, version, kind, reference, reference_year, title, summary, body, body_html,
                               act_date, signatory_name, signatory_role, publication_mode, display_from, display_until,
                               effective_display_from, documents, fingerprint)
    SELECT ${uid("'notice-' || i")}, 'acte-' || i, 'published', d::timestamptz, 2, kind,
           extract(year FROM d)::int || '-' || lpad(i::text, 5, '0'), extract(year FROM d)::int,
           'Acte numéro ' || i, 'Objet de l''acte ' || i, 'Le conseil municipal…', '<p>Le conseil municipal…</p>',
           d, 'Jean Maire', 'Maire', 'electronic', d::timestamptz, d::timestamptz + interval '2 months', d::timestamptz,
           jsonb_build_array(jsonb_build_object('title', 'Acte signé', 'url', 'https://example.invalid/actes/' || i || '.pdf',
             'sha256', encode(sha256(('acte-' || i)::bytea), 'hex'), 'mediaId', NULL)),
           encode(sha256(('notice-' || i)::bytea), 'hex')
      FROM generate_series(1, $1::int) AS i,
           LATERAL (SELECT (current_date - ((i * 1461) / $1::int))::date AS d,
                           (ARRAY['deliberation', 'arrete', 'decision', 'marriage_banns', 'planning_permission_decision', 'public_inquiry', 'other'])[1 + i % 7]::legal_notice_kind AS kind) AS x`,
  [counts.legalNotices]);

  // Procedure sheets, each with one question of two cases and three documents.
  const titles = Array.from({ length: counts.procedures }, (_, index) => `Démarche numéro ${index + 1}`);
  const summaries = titles.map((_, index) => `Ce qu'il faut faire pour la démarche ${index + 1}`);
  await q(`INSERT INTO procedures (id, slug, status, published_at, version, title, sort_title, search_text, summary, explanation, explanation_html, theme_id)
           SELECT ${uid("'procedure-' || n")}, 'demarche-' || n, 'published', now(), 2, title, sort_title, search_text, summary,
                  'Explication.', '<p>Explication.</p>', ${uid("'theme-' || (1 + n % 8)")}
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS p(title, sort_title, search_text, summary, n)`,
  [titles, titles.map(fold), titles.map((title, index) => fold(`${title} ${summaries[index]}`)), summaries]);
  await q(`INSERT INTO procedure_cases (id, procedure_id, key, label, question, position)
           SELECT ${uid("'case-' || n || '-' || c")}, ${uid("'procedure-' || n")}, CASE c WHEN 0 THEN 'majeur' ELSE 'mineur' END,
                  CASE c WHEN 0 THEN 'Majeur' ELSE 'Mineur' END, 'Pour qui ?', c
             FROM generate_series(1, $1::int) AS n, generate_series(0, 1) AS c`, [counts.procedures]);
  await q(`INSERT INTO procedure_documents (id, procedure_id, label, form, requirement, position)
           SELECT ${uid("'document-' || n || '-' || d")}, ${uid("'procedure-' || n")}, 'Pièce ' || (d + 1),
                  'original', 'mandatory', d
             FROM generate_series(1, $1::int) AS n, generate_series(0, 2) AS d`, [counts.procedures]);
  await q(`INSERT INTO procedure_document_cases (document_id, case_id)
           SELECT ${uid("'document-' || n || '-2'")}, ${uid("'case-' || n || '-1'")} FROM generate_series(1, $1::int) AS n`, [counts.procedures]);

  const [sections, perSection, perSubsection] = pageTree(counts.pages);
  const pages = await generatePages(dataSource, sections, perSection, perSubsection);

  // The journal: each item created, then published (what the lifecycle appends). Pages have theirs.
  for (const [type, table] of [['association', 'associations'], ['event', 'events'], ['legal_notice', 'legal_notices'], ['procedure', 'procedures']]) {
    await q(`INSERT INTO content_journal (content_type, content_id, operation, version)
             SELECT '${type}', id, op, CASE op WHEN 'create' THEN 1 ELSE 2 END
               FROM ${table}, unnest(ARRAY['create', 'publish']::content_operation[]) AS op ORDER BY published_at, id, op`);
  }
  await q('ANALYZE');
  const [{ n: occurrences }] = await q<Array<{ n: number }>>('SELECT count(*)::int AS n FROM event_occurrences');
  const single = await q<Array<{ id: string }>>(
    `SELECT id FROM events WHERE recurrence_rule IS NULL AND starts_at > now() + interval '30 days' ORDER BY starts_at LIMIT 64`);
  return {
    counts: { ...counts, pages: pages.pages, occurrences },
    categoryId: (await q<Array<{ id: string }>>(`SELECT ${uid("'category-2'")} AS id`))[0].id,
    searchWord: 'petanque',
    deepestPath: pages.deepestPath,
    sectionId: pages.sectionId,
    singleEventIds: single.map((row) => row.id),
    oneEventId: single[0].id,
  };
}
