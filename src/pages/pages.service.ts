import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { groupByKey, requestLoader } from '../common/dataloader';
import { conflict, invalidField } from '../common/errors';
import { renderMarkdown } from '../common/markdown';
import { ConnectionShape } from '../common/pagination/connection';
import { KeysetSort, paginate } from '../common/pagination/keyset';
import { RequestContext } from '../common/request-context';
import { ChangeOptions, ContentLifecycle, ItemVersion } from '../content/content-lifecycle.service';
import { ContentReader } from '../content/content-reader.service';
import { registerContentType } from '../content/content-type';
import { ContentWrite } from '../content/content-write';
import { markdownMediaReferences } from '../content/markdown-media';
import { Channel, ContentOperation, ContentStatus, ContentTypeName } from '../content/content.types';
import { slugify } from '../content/slug';
import { MediaKind } from '../media/media-kind';
import { MediaEntity } from '../media/media.entity';
import { MediaService } from '../media/media.service';
import { CreatePageInput, PageAttachmentInput, PageFieldsInput } from './dto/page.input';
import { PagesArgs } from './dto/pages.args';
import { PageAttachmentValue, PageEntity } from './page.entity';
import { toPage } from './page.model';
import { buildTree, childPath, isSameOrBelow, reorder, TreeNode } from './page-tree';

export const PAGE_TYPE = registerContentType<PageEntity>({
  name: ContentTypeName.PAGE,
  label: 'Page',
  restPath: 'pages',
  entity: PageEntity,
  titleProperty: 'title',
  toApi: toPage,
  constraintMessages: {
    uq_pages_path: 'Another page already has this path: choose another slug',
    fk_pages_parent: 'The parent page does not exist',
  },
  uniqueKeys: [{ properties: ['path'], field: 'slug', noun: 'path' }],
  mediaReferences: (page) => [
    ...(page.imageMediaId ? [{ mediaId: page.imageMediaId, field: 'imageMediaId' }] : []),
    ...page.attachments.map((attachment, index) => ({ mediaId: attachment.mediaId, field: `attachments.${index}.mediaId` })),
    ...markdownMediaReferences(page.body, 'body'),
  ],
  guard: async (page, operation, write) => {
    if (operation === ContentOperation.DELETE) {
      const children = await write.manager.getRepository(PageEntity).count({ where: { parentId: page.id } });
      if (children > 0) throw conflict(`This page has ${children} sub-page(s): move or delete them first`);
    }
    if (operation === ContentOperation.UNDELETE && page.parentId) {
      const parent = await write.manager.getRepository(PageEntity).findOne({ where: { id: page.parentId } });
      if (!parent) throw invalidField('parentId', 'Its parent page is deleted: bring the parent back first');
    }
  },
  publicCondition: hiddenAncestorsExcluded,
  // A page's published sub-pages are public only while it is: they appear and disappear with it.
  visibilityDependents: (pages, write) => write.manager.query(
    `SELECT id, version FROM pages
      WHERE deleted_at IS NULL AND status = $2
        AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS changed(path) WHERE starts_with(pages.path, changed.path || '/'))
      ORDER BY path`,
    [pages.map((page) => page.path), ContentStatus.PUBLISHED],
  ),
  // A restore brings back what the page says, not where it is: moves have their own mutation.
  keptOnRestore: ['parent_id', 'position', 'path', 'slug'],
  derivedColumns: ['body_html'],
});

/**
 * The public view of pages: a page is public only if every ancestor is visible too (published,
 * and on the channel asked). The rule a town's website needs: a section being prepared (a draft
 * parent) goes online as a whole when it is published; until then its published sub-pages are not
 * reachable, so no public path, list or menu reveals the draft's slug, and no URL changes when the
 * section is published (a public path that skipped hidden ancestors would, breaking links and
 * bookmarks). The navigation follows the same rule (buildTree drops a hidden page's subtree). Staff
 * without a status filter see every page, as a preview. Ancestors are the live pages whose path is
 * a prefix of this one's (paths are unique among live pages).
 */
function hiddenAncestorsExcluded(alias: string, channel?: Channel): { sql: string; parameters: Record<string, unknown> } {
  const offChannel = channel ? ` OR NOT (ancestor.channels @> ARRAY[CAST(:${alias}AncestorChannel AS channel)])` : '';
  return {
    sql: `NOT EXISTS (SELECT 1 FROM pages ancestor
                       WHERE ancestor.deleted_at IS NULL AND starts_with(${alias}.path, ancestor.path || '/')
                         AND (ancestor.status <> :${alias}AncestorStatus${offChannel}))`,
    parameters: { [`${alias}AncestorStatus`]: ContentStatus.PUBLISHED, ...(channel ? { [`${alias}AncestorChannel`]: channel } : {}) },
  };
}

/** Placeholder for a page being created, while its siblings are renumbered. */
const NEW_PAGE = 'new-page';

/** Moves and slug changes rewrite paths of whole subtrees: they run one at a time. */
const PAGE_TREE_LOCK = 0x7061_6765; // "page"

const BY_POSITION: KeysetSort<PageEntity> = {
  column: 'page.position', idColumn: 'page.id', direction: 'ASC', kind: 'number',
  valueOf: (page) => page.position, idOf: (page) => page.id,
};
const BY_PATH: KeysetSort<PageEntity> = {
  column: 'page.path', idColumn: 'page.id', direction: 'ASC', kind: 'string',
  valueOf: (page) => page.path, idOf: (page) => page.id,
};

@Injectable()
export class PagesService {
  constructor(
    private readonly content: ContentLifecycle,
    private readonly reader: ContentReader,
    private readonly media: MediaService,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  /** One page by id or by path (exactly one of them), if the caller may see it. */
  async findOne(ctx: RequestContext, lookup: { id?: string; path?: string; channel?: Channel }): Promise<PageEntity | null> {
    if ((lookup.id === undefined) === (lookup.path === undefined)) {
      throw invalidField(lookup.id === undefined ? 'id' : 'path', 'Give either id or path, not both');
    }
    const query = this.reader.readQuery(ctx, PAGE_TYPE, 'page', { channel: lookup.channel });
    if (lookup.id !== undefined) query.andWhere('page.id = :id', { id: lookup.id });
    else query.andWhere('page.path = :path', { path: lookup.path });
    return query.getOne();
  }

  async list(ctx: RequestContext, args: PagesArgs): Promise<ConnectionShape<PageEntity>> {
    const query = this.reader.readQuery(ctx, PAGE_TYPE, 'page', { channel: args.channel, status: args.status });
    if (args.parentId) query.andWhere('page.parentId = :parentId', { parentId: args.parentId });
    else if (args.topLevelOnly) query.andWhere('page.parentId IS NULL');
    const ordered = args.parentId || args.topLevelOnly;
    return paginate(query, args, ordered ? BY_POSITION : BY_PATH);
  }

  /** Batched: the parent of many pages in one query per request. */
  loadParent(ctx: RequestContext, parentId: string): Promise<PageEntity | null> {
    return this.reader.loadById(ctx, PAGE_TYPE, parentId);
  }

  /** Batched: the visible children of many pages in one query per request and channel. */
  loadChildren(ctx: RequestContext, parentId: string, channel?: Channel): Promise<PageEntity[]> {
    return requestLoader<string, PageEntity[]>(ctx, `page.children.${channel ?? 'all'}`, async (ids) => {
      const rows = await this.reader.readQuery(ctx, PAGE_TYPE, 'page', { channel })
        .andWhere('page.parentId IN (:...ids)', { ids: [...ids] })
        .orderBy('page.position', 'ASC').addOrderBy('page.id', 'ASC')
        .getMany();
      return groupByKey(ids, rows, (row) => row.parentId as string);
    }).load(parentId);
  }

  /** The whole published tree of a channel in one query; a hidden page hides its subtree. */
  async navigation(channel: Channel): Promise<TreeNode<PageEntity>[]> {
    const rows = await this.reader.readQuery(RequestContext.system(), PAGE_TYPE, 'page', { channel, status: ContentStatus.PUBLISHED })
      // Only what a menu shows: bodies would make the whole-tree query many times heavier.
      .select(['page.id', 'page.parentId', 'page.position', 'page.title', 'page.kioskTitle', 'page.path', 'page.externalUrl'])
      .getMany();
    return buildTree(rows);
  }

  /** Batched: the image of each page of a list in one query per request. */
  loadImage(ctx: RequestContext, page: { imageMediaId: string | null }): Promise<MediaEntity | null> {
    return this.media.loadById(ctx, page.imageMediaId);
  }

  /** Batched: the files of the attachments of a list of pages in one query per request (shared with the images). */
  loadAttachmentMedia(ctx: RequestContext, attachment: { mediaId: string }): Promise<MediaEntity | null> {
    return this.media.loadById(ctx, attachment.mediaId);
  }

  // ---- writes ------------------------------------------------------------------------------

  create(ctx: RequestContext, input: CreatePageInput, options?: ChangeOptions): Promise<PageEntity> {
    return this.content.create(ctx, PAGE_TYPE, {
      lockFirst: (write) => lockTree(write.manager),
      apply: async (page, write) => {
        const parent = input.parentId ? await this.requireParent(write.manager, input.parentId, 'input.parentId') : null;
        const slug = input.slug ?? slugify(input.title);
        if (!slug) throw invalidField('input.slug', 'Give a slug: the title has no letters or digits to build one from');
        await this.requireMediaOf(write.manager, input);
        const order = reorder(await siblingIds(write.manager, parent?.id ?? null), NEW_PAGE, input.position);
        await renumber(write.manager, order, NEW_PAGE);
        Object.assign(page, {
          imageMediaId: null,
          attachments: [],
          ...this.editableFields(input),
          slug,
          path: childPath(parent?.path ?? null, slug),
          parentId: parent?.id ?? null,
          position: order.indexOf(NEW_PAGE),
          channels: input.channels ?? [Channel.WEB, Channel.KIOSK],
        });
      },
    }, options);
  }

  update(ctx: RequestContext, at: ItemVersion, input: PageFieldsInput, options?: ChangeOptions): Promise<PageEntity> {
    return this.content.update(ctx, PAGE_TYPE, at, {
      // A slug change rewrites the subtree's paths: the tree lock comes before any row lock.
      lockFirst: async (write) => { if (input.slug !== undefined) await lockTree(write.manager); },
      apply: async (page, write) => {
        await this.requireMediaOf(write.manager, input);
        Object.assign(page, this.editableFields(input));
        if (input.channels) page.channels = input.channels;
        if (input.slug !== undefined && input.slug !== page.slug) {
          const parentPath = page.path.slice(0, page.path.length - page.slug.length - 1);
          await relocate(write, page, parentPath || null, input.slug);
        }
      },
    }, options);
  }

  move(ctx: RequestContext, at: ItemVersion, parentId: string | null, position: number | undefined, options?: ChangeOptions): Promise<PageEntity> {
    return this.content.update(ctx, PAGE_TYPE, at, {
      lockFirst: (write) => lockTree(write.manager),
      apply: async (page, write) => {
        const parent = parentId ? await this.requireParent(write.manager, parentId, 'parentId') : null;
        if (parent && isSameOrBelow(parent.path, page.path)) {
          throw invalidField('parentId', 'A page cannot be moved under itself or one of its sub-pages');
        }
        if (parent?.id !== page.parentId) {
          page.parentId = parent?.id ?? null;
          await relocate(write, page, parent?.path ?? null, page.slug);
        }
        const order = reorder(await siblingIds(write.manager, page.parentId), page.id, position);
        await renumber(write.manager, order, page.id);
        page.position = order.indexOf(page.id);
      },
    }, options, ContentOperation.MOVE);
  }

  publish(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<PageEntity> {
    return this.content.publish(ctx, PAGE_TYPE, at, options);
  }

  unpublish(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<PageEntity> {
    return this.content.unpublish(ctx, PAGE_TYPE, at, options);
  }

  /** Refused while the page has sub-pages (see PAGE_TYPE.guard). */
  remove(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<PageEntity> {
    return this.content.remove(ctx, PAGE_TYPE, at, options);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private editableFields(input: PageFieldsInput): Partial<PageEntity> {
    const fields: Partial<PageEntity> = {};
    if (input.title !== undefined) fields.title = input.title.trim();
    if (input.kioskTitle !== undefined) fields.kioskTitle = input.kioskTitle?.trim() || null;
    if (input.summary !== undefined) fields.summary = input.summary?.trim() || null;
    if (input.body !== undefined) {
      fields.body = input.body;
      fields.bodyHtml = renderMarkdown(input.body);
    }
    if (input.externalUrl !== undefined) fields.externalUrl = input.externalUrl || null;
    if (input.seoDescription !== undefined) fields.seoDescription = input.seoDescription?.trim() || null;
    if (input.imageMediaId !== undefined) fields.imageMediaId = input.imageMediaId;
    if (input.attachments !== undefined) fields.attachments = input.attachments.map(attachmentValue);
    return fields;
  }

  /**
   * The image must be an image of the library and each attachment a document (once each), else
   * BAD_USER_INPUT on the field that names it.
   */
  private async requireMediaOf(manager: EntityManager, input: PageFieldsInput): Promise<void> {
    if (input.imageMediaId) await this.media.requireMedia(manager, [input.imageMediaId], 'input.imageMediaId', { kind: MediaKind.IMAGE });
    const attachments = input.attachments ?? [];
    const seen = new Set<string>();
    for (const [index, attachment] of attachments.entries()) {
      if (seen.has(attachment.mediaId)) throw invalidField(`input.attachments.${index}.mediaId`, 'This document is already attached to the page');
      seen.add(attachment.mediaId);
    }
    await this.media.requireMedia(manager, attachments.map((attachment) => attachment.mediaId),
      (index) => `input.attachments.${index}.mediaId`, { kind: MediaKind.DOCUMENT });
  }

  private async requireParent(manager: EntityManager, parentId: string, field: string): Promise<PageEntity> {
    const parent = await manager.getRepository(PageEntity).findOne({ where: { id: parentId } });
    if (!parent) throw invalidField(field, 'The parent page does not exist');
    return parent;
  }

}

function attachmentValue(input: PageAttachmentInput): PageAttachmentValue {
  return { title: input.title.trim(), mediaId: input.mediaId };
}

async function lockTree(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [PAGE_TREE_LOCK]);
}

async function siblingIds(manager: EntityManager, parentId: string | null): Promise<string[]> {
  const rows = await manager.getRepository(PageEntity).find({
    select: { id: true },
    where: { parentId: parentId ?? IsNull() },
    order: { position: 'ASC', id: 'ASC' },
  });
  return rows.map((row) => row.id);
}

/**
 * Gives the siblings positions 0..n-1 in the given order. `skipId` (the page being saved by the
 * core, or the placeholder of a page not yet inserted) keeps its slot but is not written here.
 */
async function renumber(manager: EntityManager, orderedIds: string[], skipId: string): Promise<void> {
  const ids = orderedIds.filter((id) => id !== skipId);
  const positions = orderedIds.flatMap((id, index) => (id === skipId ? [] : [index]));
  if (ids.length === 0) return;
  await manager.query(
    `UPDATE pages SET position = ordered.position
       FROM unnest($1::uuid[], $2::int[]) AS ordered(id, position)
      WHERE pages.id = ordered.id AND pages.position <> ordered.position`,
    [ids, positions],
  );
}

/**
 * Gives `page` a new path and rewrites the paths of its whole subtree. Each descendant's path is
 * part of what clients see, so each one gets a new version, a revision and a journal row. The
 * core checks that the page's own new path is free.
 */
async function relocate(write: ContentWrite, page: PageEntity, parentPath: string | null, slug: string): Promise<void> {
  const oldPath = page.path;
  const newPath = childPath(parentPath, slug);
  page.slug = slug;
  page.path = newPath;
  const [descendants]: [{ id: string; version: number }[]] = await write.manager.query(
    `UPDATE pages SET path = $2 || substr(path, length($1) + 1), version = version + 1, updated_by_id = $3, updated_at = now()
      WHERE path LIKE $1 || '/%' AND deleted_at IS NULL
      RETURNING id, version`,
    [oldPath, newPath, write.actor.userId],
  );
  write.changedInBulk(PAGE_TYPE, descendants, ContentOperation.UPDATE, `Path changed with its parent page (${oldPath} → ${newPath})`);
}
