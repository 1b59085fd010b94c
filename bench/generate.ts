import { INestApplication } from '@nestjs/common';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { RequestContext } from '../src/common/request-context';
import { MediaUploads } from '../src/media/media-upload.service';
import { mediaUrl } from '../src/media/media.model';
import { SYSTEM_USER_ID } from '../src/seed/demo-content';

export interface GeneratedData {
  pages: number;
  deepestPath: string;
  sectionId: string;
}

/**
 * Bulk-loads a realistic-but-large page tree straight into the tables (a town has dozens of pages;
 * we load thousands so that the measurements say something about growth). Rows look exactly like
 * what the API writes; the journal gets one `create` and one `publish` row per page.
 */
export async function generatePages(dataSource: DataSource, sections: number, perSection: number, perSubsection: number): Promise<GeneratedData> {
  const result = await dataSource.query<Array<{ total: string; deepest: string; section_id: string }>>(`
    WITH sections AS (
      INSERT INTO pages (slug, path, title, summary, body, body_html, status, published_at, position)
      SELECT 'section-' || s, '/section-' || s, 'Section ' || s, 'Résumé de la section ' || s, '', '', 'published', now(), s
        FROM generate_series(0, $1 - 1) AS s
      RETURNING id, path, position
    ), subsections AS (
      INSERT INTO pages (parent_id, slug, path, title, summary, body, body_html, status, published_at, position)
      SELECT sections.id, 'rubrique-' || r, sections.path || '/rubrique-' || r, 'Rubrique ' || r, 'Résumé', '', '', 'published', now(), r
        FROM sections, generate_series(0, $2 - 1) AS r
      RETURNING id, path
    ), leaves AS (
      INSERT INTO pages (parent_id, slug, path, title, summary, body, body_html, status, published_at, position)
      SELECT subsections.id, 'page-' || p, subsections.path || '/page-' || p, 'Page ' || p, 'Résumé de la page',
             '## Titre\n\nUn paragraphe de texte.', '<h2>Titre</h2>\n<p>Un paragraphe de texte.</p>\n', 'published', now(), p
        FROM subsections, generate_series(0, $3 - 1) AS p
      RETURNING id, path
    )
    SELECT (SELECT count(*) FROM sections) + (SELECT count(*) FROM subsections) + (SELECT count(*) FROM leaves) AS total,
           (SELECT max(path) FROM leaves) AS deepest,
           (SELECT id FROM sections ORDER BY position LIMIT 1) AS section_id`,
  [sections, perSection, perSubsection]);
  await dataSource.query(`
    INSERT INTO content_journal (content_type, content_id, operation, version)
    SELECT 'page', id, op, CASE op WHEN 'create' THEN 1 ELSE 2 END FROM pages,
           unnest(ARRAY['create', 'publish']::content_operation[]) AS op`);
  await dataSource.query("UPDATE pages SET version = 2");
  await dataSource.query('ANALYZE');
  return { pages: Number(result[0].total), deepestPath: result[0].deepest, sectionId: result[0].section_id };
}

/**
 * A 1600×1200 JPEG (about the size of a phone photo once exported) in the library, shown by a
 * published page, so that the public may load it.
 */
export async function publishBenchPicture(app: INestApplication): Promise<{ url: string; size: number }> {
  const noise = Buffer.alloc(1600 * 1200 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
  const bytes = await sharp(noise, { raw: { width: 1600, height: 1200, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
  const system = RequestContext.system({ userId: SYSTEM_USER_ID, role: 'admin', sessionId: SYSTEM_USER_ID });
  const { media } = await app.get(MediaUploads).importFile(system, bytes, 'bench-photo.jpg', { alt: 'Photo de test' });
  // What publishing a page with this image records (the content core's media_usages row).
  await app.get(DataSource).query(
    `WITH page AS (
       UPDATE pages SET image_media_id = $1
        WHERE id = (SELECT id FROM pages WHERE parent_id IS NULL ORDER BY position LIMIT 1)
       RETURNING id)
     INSERT INTO media_usages (content_type, content_id, field, media_id, published)
     SELECT 'page', id, 'imageMediaId', $1, true FROM page`, [media.id]);
  return { url: mediaUrl(media), size: media.size };
}
