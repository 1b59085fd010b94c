import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { byKey, requestLoader } from '../common/dataloader';
import { conflict, invalidField, notFound } from '../common/errors';
import { ConnectionShape } from '../common/pagination/connection';
import { KeysetSort, paginate } from '../common/pagination/keyset';
import { RequestContext } from '../common/request-context';
import { requirePermission } from '../content/content-lifecycle.service';
import { MediaListArgs, UpdateMediaArgs } from './dto/media.args';
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
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One media by id, batched per request: a list of N items each showing a picture costs one query.
   * Media are public (the file is served to anyone with its address), so there is no visibility rule.
   */
  loadById(ctx: RequestContext, id: string): Promise<MediaEntity | null> {
    return requestLoader<string, MediaEntity | null>(ctx, 'media.byId', async (ids) => {
      const rows = await this.dataSource.getRepository(MediaEntity).find({ where: { id: In([...ids]) } });
      return byKey(ids, rows, (row) => row.id);
    }).load(id);
  }

  findOne(id: string): Promise<MediaEntity | null> {
    return this.dataSource.getRepository(MediaEntity).findOne({ where: { id } });
  }

  /** The library for staff, newest first. */
  list(ctx: RequestContext, args: MediaListArgs): Promise<ConnectionShape<MediaEntity>> {
    requirePermission(ctx, 'content:write');
    const query = this.dataSource.getRepository(MediaEntity).createQueryBuilder('media');
    if (args.kind) query.andWhere('media.kind = :kind', { kind: args.kind });
    return paginate(query, args, NEWEST_FIRST);
  }

  /**
   * For modules whose input refers to media (`logoMediaId`, `documents[].mediaId`…): checks in one
   * query that every id exists (and is of `kind` when given), else BAD_USER_INPUT on `field`
   * (`field.0`, `field.1`… when several ids are given). Pass the write's manager to run inside it.
   */
  async requireMedia(ids: readonly string[], field: string, options: { kind?: MediaKind } = {},
    manager: EntityManager = this.dataSource.manager): Promise<MediaEntity[]> {
    if (ids.length === 0) return [];
    const rows = await manager.getRepository(MediaEntity).find({ where: { id: In([...new Set(ids)]) } });
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id, index) => {
      const path = ids.length === 1 ? field : `${field}.${index}`;
      const media = found.get(id);
      if (!media) throw invalidField(path, 'This file does not exist in the media library');
      if (options.kind && media.kind !== options.kind) {
        throw invalidField(path, options.kind === MediaKind.IMAGE ? 'This file is not an image' : 'This file is not a document');
      }
      return media;
    });
  }

  /**
   * Call at publish time for every image the content shows: a non-decorative image must have a text
   * alternative (RGAA 1.1) before the public sees it. Documents pass.
   */
  assertAccessible(media: MediaEntity, field = 'mediaId'): void {
    if (media.kind === MediaKind.IMAGE && !media.decorative && !media.alt?.trim()) {
      throw invalidField(field, `The image "${media.fileName}" needs a text alternative (alt) or to be marked decorative before publishing`);
    }
  }

  /** Edits alt text and the decorative flag; a stale version is CONFLICT and nothing is written. */
  update(ctx: RequestContext, args: UpdateMediaArgs): Promise<MediaEntity> {
    requirePermission(ctx, 'content:write');
    return this.dataSource.transaction(async (manager) => {
      const media = await manager.getRepository(MediaEntity).createQueryBuilder('media')
        .setLock('pessimistic_write').where('media.id = :id', { id: args.id }).getOne();
      if (!media) throw notFound('Media');
      if (media.version !== args.version) {
        throw conflict(`This file's details were changed by someone else since you opened them (current version ${media.version}, yours ${args.version}); reload them and apply your change again`, media.version);
      }
      if (args.alt !== undefined) media.alt = normalizeAlt(args.alt);
      if (args.decorative !== undefined) media.decorative = args.decorative;
      if (media.decorative && media.alt) throw invalidField('alt', 'A decorative image has no text alternative: clear alt or unset decorative');
      if (media.kind !== MediaKind.IMAGE && (media.decorative || media.alt)) {
        throw invalidField(media.decorative ? 'decorative' : 'alt', 'Only images have a text alternative; a document is described by its title');
      }
      media.version += 1;
      return manager.getRepository(MediaEntity).save(media);
    });
  }
}

export function normalizeAlt(alt: string | null | undefined): string | null {
  const trimmed = alt?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}
