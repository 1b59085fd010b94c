import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { byKey, groupByKey, requestLoader } from '../common/dataloader';
import { likeContains } from '../common/like-pattern';
import { conflict, forbidden, invalidField, notFound } from '../common/errors';
import { ConnectionShape } from '../common/pagination/connection';
import { KeysetSort, paginate } from '../common/pagination/keyset';
import { RequestContext } from '../common/request-context';
import { AuditEventKind } from '../audit/audit-event.entity';
import { AuditTrail } from '../audit/audit-trail.service';
import { can, requirePermission } from '../auth/permissions';
import { ContentTypeDefinition, contentTypeNamed } from '../content/content-type';
import { ContentTypeName } from '../content/content.types';
import { DeleteMediaArgs, MediaListArgs, UpdateMediaArgs } from './dto/media.args';
import { MediaUsageEntity } from './media-usage.entity';
import { RENDITION_FORMATS, RENDITION_WIDTHS, renditionKey } from './renditions';
import { MEDIA_STORAGE, MediaStorage } from './storage/media-storage';
import { MediaKind } from './media-kind';
import { MediaEntity } from './media.entity';

const NEWEST_FIRST: KeysetSort<MediaEntity> = {
  column: 'media.createdAt', idColumn: 'media.id', direction: 'DESC', kind: 'date',
  valueOf: (media) => media.createdAt, idOf: (media) => media.id,
};

/**
 * The media library as the other modules see it: batched reads, the checks a module runs when
 * content refers to a file, and metadata edits. Uploading is MediaUploads, serving MediaDelivery.
 */
@Injectable()
export class MediaService {
  private readonly logger = new Logger(MediaService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * One media by id, batched per request: a list of N items each showing a picture costs one query.
   * No visibility rule here: callers reach a file through content the caller may see. A direct
   * lookup by id goes through `findVisible`.
   */
  loadById(ctx: RequestContext, id: string | null): Promise<MediaEntity | null> {
    if (id === null) return Promise.resolve(null);
    return requestLoader<string, MediaEntity | null>(ctx, 'media.byId', async (ids) => {
      const rows = await this.dataSource.getRepository(MediaEntity).find({ where: { id: In([...ids]) } });
      return byKey(ids, rows, (row) => row.id);
    }).load(id);
  }

  findOne(id: string): Promise<MediaEntity | null> {
    return this.dataSource.getRepository(MediaEntity).findOne({ where: { id } });
  }

  /**
   * A file by id as the caller may see it: staff see the whole library; the public sees a file only
   * while published content uses it (a picture attached to a draft stays private). Null otherwise.
   */
  async findVisible(ctx: RequestContext, id: string): Promise<MediaEntity | null> {
    const media = await this.loadById(ctx, id);
    if (!media || ctx.isAuthenticated) return media;
    return (await this.isPublic(ctx, id)) ? media : null;
  }

  /** The file and whether it is public, in one query (every file request asks both). */
  async findForDelivery(id: string): Promise<{ media: MediaEntity; isPublic: boolean } | null> {
    const { entities, raw } = await this.dataSource.getRepository(MediaEntity).createQueryBuilder('media')
      .addSelect('EXISTS (SELECT 1 FROM media_usages usage WHERE usage.media_id = media.id AND usage.published)', 'is_public')
      .where('media.id = :id', { id })
      .getRawAndEntities<{ is_public: boolean }>();
    return entities[0] ? { media: entities[0], isPublic: raw[0].is_public } : null;
  }

  /** Whether published content uses the file, which makes it public (batched with `usagesOf`). */
  async isPublic(ctx: RequestContext, id: string): Promise<boolean> {
    return (await this.usagesOf(ctx, id)).some((usage) => usage.published);
  }

  /** Where the file is used, batched per request (the resolver shows it to staff only). */
  usagesOf(ctx: RequestContext, id: string): Promise<MediaUsageEntity[]> {
    return requestLoader<string, MediaUsageEntity[]>(ctx, 'media.usages', async (ids) => {
      const rows = await this.dataSource.getRepository(MediaUsageEntity).find({
        where: { mediaId: In([...ids]) },
        order: { contentType: 'ASC', contentId: 'ASC', field: 'ASC' },
      });
      return groupByKey(ids, rows, (row) => row.mediaId);
    }).load(id);
  }

  /** The library for staff, newest first. */
  list(ctx: RequestContext, args: MediaListArgs): Promise<ConnectionShape<MediaEntity>> {
    requirePermission(ctx, 'content:write');
    const query = this.dataSource.getRepository(MediaEntity).createQueryBuilder('media');
    if (args.kind) query.andWhere('media.kind = :kind', { kind: args.kind });
    const words = args.search?.trim().split(/\s+/).filter(Boolean) ?? [];
    words.forEach((word, index) => {
      query.andWhere(`(media.fileName ILIKE :word${index} ESCAPE '\\' OR media.title ILIKE :word${index} ESCAPE '\\' OR media.alt ILIKE :word${index} ESCAPE '\\')`,
        { [`word${index}`]: likeContains(word) });
    });
    if (args.used !== undefined) {
      query.andWhere(`${args.used ? '' : 'NOT '}EXISTS (SELECT 1 FROM media_usages usage WHERE usage.media_id = media.id)`);
    }
    return paginate(query, args, NEWEST_FIRST);
  }

  /**
   * For modules whose input refers to media (`logoMediaId`, `documents[].mediaId`…): checks in one
   * query that every id exists (and is of `kind` when given), else BAD_USER_INPUT on the id's field.
   * `field` is the path of a single id, or gives the path of the id at each position (e.g.
   * `(i) => \`input.documents.${indexes[i]}.mediaId\``); a plain `field` with several ids reports
   * `field.0`, `field.1`… Runs in the write's transaction (`manager`).
   */
  async requireMedia(manager: EntityManager, ids: readonly string[], field: string | ((position: number) => string),
    options: { kind?: MediaKind } = {}): Promise<MediaEntity[]> {
    if (ids.length === 0) return [];
    const rows = await manager.getRepository(MediaEntity).find({ where: { id: In([...new Set(ids)]) } });
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id, index) => {
      const path = typeof field === 'function' ? field(index) : ids.length === 1 ? field : `${field}.${index}`;
      const media = found.get(id);
      if (!media) throw invalidField(path, 'This file does not exist in the media library');
      if (options.kind && media.kind !== options.kind) {
        throw invalidField(path, options.kind === MediaKind.IMAGE ? 'This file is not an image' : 'This file is not a document');
      }
      return media;
    });
  }

  /**
   * Edits alt text, the decorative flag and the focal point; a stale version is CONFLICT and nothing
   * is written. What published content shows is public at once, so a file it uses is changed only
   * by those who may publish (editors, admins): a contributor gets FORBIDDEN naming that content.
   */
  update(ctx: RequestContext, args: UpdateMediaArgs): Promise<MediaEntity> {
    const actor = requirePermission(ctx, 'content:write');
    return this.dataSource.transaction(async (manager) => {
      const media = await lockForChange(manager, args.id, args.version);
      // Publishers read the file FOR SHARE, so under our lock this sees every publication committed before it.
      if (!can(actor, 'content:publish')) await assertNotShownPublicly(manager, media);
      if (args.alt !== undefined) media.alt = normalizeAlt(args.alt);
      if (args.decorative !== undefined) media.decorative = args.decorative;
      if (args.focalPoint !== undefined) {
        if (args.focalPoint && media.kind !== MediaKind.IMAGE) throw invalidField('focalPoint', 'Only images have a focal point');
        media.focalX = args.focalPoint?.x ?? null;
        media.focalY = args.focalPoint?.y ?? null;
      }
      if (media.decorative && media.alt) throw invalidField('alt', 'A decorative image has no text alternative: clear alt or unset decorative');
      if (media.kind !== MediaKind.IMAGE && (media.decorative || media.alt)) {
        throw invalidField(media.decorative ? 'decorative' : 'alt', 'Only images have a text alternative; a document is described by its title');
      }
      if (media.kind === MediaKind.IMAGE && !media.decorative && !media.alt) {
        // Publishers read the file FOR SHARE, so this sees every use committed before our lock.
        const shownBy = await manager.getRepository(MediaUsageEntity).findOne({ where: { mediaId: media.id, published: true } });
        if (shownBy) {
          throw invalidField('alt', `This image is shown by published content (${describeUsage(shownBy)}): it needs a text alternative, or mark it decorative`);
        }
      }
      media.version += 1;
      const saved = await manager.getRepository(MediaEntity).save(media);
      await this.audit.record(manager, { kind: AuditEventKind.MEDIA_UPDATE, actorId: actor.userId, apiKeyId: actor.apiKeyId ?? null, subjectType: 'media', subjectId: media.id,
        detail: { version: saved.version, alt: saved.alt, decorative: saved.decorative } });
      return saved;
    });
  }

  /**
   * Deletes a file nothing uses (a used file is CONFLICT, naming its uses: detach it first), with
   * its renditions. Serialised with uploads of the same bytes (see `lockContent`), so a re-upload at
   * the same moment never ends with a row whose file was just removed.
   */
  remove(ctx: RequestContext, args: DeleteMediaArgs): Promise<MediaEntity> {
    const actor = requirePermission(ctx, 'content:delete');
    return this.dataSource.transaction(async (manager) => {
      const media = await lockForChange(manager, args.id, args.version);
      await lockContent(manager, media.sha256);
      const usages = await manager.getRepository(MediaUsageEntity).find({ where: { mediaId: media.id }, take: 5 });
      if (usages.length > 0) {
        throw conflict(`This file is still used (${usages.map(describeUsage).join('; ')}): remove it from that content first`);
      }
      await manager.getRepository(MediaEntity).delete({ id: media.id });
      await this.audit.record(manager, { kind: AuditEventKind.MEDIA_DELETE, actorId: actor.userId, apiKeyId: actor.apiKeyId ?? null, subjectType: 'media', subjectId: media.id,
        detail: { fileName: media.fileName, sha256: media.sha256 } });
      // Inside the transaction, under the content lock: a failure here rolls the row back, and a
      // leftover file would only be reused by the next upload of the same bytes.
      await this.deleteFiles(media);
      return media;
    });
  }

  private async deleteFiles(media: MediaEntity): Promise<void> {
    const keys = [media.storageKey];
    for (const width of [null, ...RENDITION_WIDTHS]) {
      for (const format of RENDITION_FORMATS) keys.push(renditionKey(media.sha256, { width, format }));
    }
    for (const key of keys) await this.storage.delete(key);
    this.logger.log(`Deleted media ${media.id} (${media.sha256}) and its renditions`);
  }
}

/** Locks the file's row for this transaction; a stale version is CONFLICT and nothing is written. */
async function lockForChange(manager: EntityManager, id: string, expectedVersion: number): Promise<MediaEntity> {
  const media = await manager.getRepository(MediaEntity).createQueryBuilder('media')
    .setLock('pessimistic_write').where('media.id = :id', { id }).getOne();
  if (!media) throw notFound('Media');
  if (media.version !== expectedVersion) {
    throw conflict(`This file's details were changed by someone else since you opened them (current version ${media.version}, yours ${expectedVersion}); reload them and try again`, media.version);
  }
  return media;
}

/**
 * Serialises the writers of one content hash (an upload storing it, a delete removing it) until
 * the transaction ends.
 */
export async function lockContent(manager: EntityManager, sha256: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`media:${sha256}`]);
}

/**
 * FORBIDDEN, naming the published content that shows the file (its kind, title, id and field), when
 * there is any: changing the file would change public content without the right to publish.
 */
async function assertNotShownPublicly(manager: EntityManager, media: MediaEntity): Promise<void> {
  const shownBy = await manager.getRepository(MediaUsageEntity).find({
    where: { mediaId: media.id, published: true }, order: { contentType: 'ASC', contentId: 'ASC', field: 'ASC' }, take: 5,
  });
  if (shownBy.length === 0) return;
  const names = await Promise.all(shownBy.map((usage) => nameUsage(manager, usage)));
  throw forbidden(`This file is shown by published content (${names.join('; ')}): only an editor or an administrator may change it, `
    + 'since the change would be public at once. Ask one of them, or upload a new file and use it in a draft.');
}

/** `page « Horaires de la mairie » (id …, field imageMediaId)`; the bare usage when the type is unknown. */
async function nameUsage(manager: EntityManager, usage: MediaUsageEntity): Promise<string> {
  let type: ContentTypeDefinition;
  try {
    type = contentTypeNamed(usage.contentType as ContentTypeName);
  } catch {
    return describeUsage(usage);
  }
  const item = await manager.getRepository(type.entity).findOne({ where: { id: usage.contentId } });
  const title = item ? (item as unknown as Record<string, unknown>)[type.titleProperty] : undefined;
  return `${type.label.toLowerCase()} ${typeof title === 'string' ? `« ${title} » ` : ''}(id ${usage.contentId}, field ${usage.field})`;
}

function describeUsage(usage: MediaUsageEntity): string {
  return `${usage.contentType.replace('_', ' ')} ${usage.contentId}, field ${usage.field}${usage.published ? ', published' : ''}`;
}

export function normalizeAlt(alt: string | null | undefined): string | null {
  const trimmed = alt?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}
