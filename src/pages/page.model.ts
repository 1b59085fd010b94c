import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/pagination/connection';
import { PageEntity } from './page.entity';
import { ContentItem, contentItemFields, registerContentItemType } from '../content/content-item.model';
import { ContentTypeName } from '../content/content.types';

@ObjectType('PageAttachment', { description: 'A document to download from a page, e.g. the cemetery regulations' })
export class PageAttachment {
  @Field()
  title!: string;

  @Field(() => ID, { description: 'The document in the media library (see the media field)' })
  mediaId!: string;
}

@ObjectType('Page', { implements: () => [ContentItem], description: 'A page of the "vie pratique" tree' })
export class Page extends ContentItem {
  @Field({ description: 'Full path from the root, e.g. /vie-pratique/dechets' })
  path!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true, description: 'Shorter title for the kiosk buttons' })
  kioskTitle!: string | null;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field({ description: 'Markdown source' })
  body!: string;

  @Field({ description: 'HTML rendered from the Markdown body, sanitised (no raw HTML, no script links)' })
  bodyHtml!: string;

  @Field(() => String, { nullable: true, description: 'External online service this entry points to' })
  externalUrl!: string | null;

  @Field(() => String, { nullable: true })
  seoDescription!: string | null;

  @Field(() => ID, { nullable: true })
  parentId!: string | null;

  @Field(() => Int, { description: 'Order among its siblings, from 0' })
  position!: number;

  @Field(() => ID, { nullable: true, description: 'Banner or illustration in the media library (see the image field)' })
  imageMediaId!: string | null;

  @Field(() => [PageAttachment], { description: 'Documents to download, in order' })
  attachments!: PageAttachment[];
}

export const PageConnection = Connection(Page, 'Page');

@ObjectType('NavigationItem', { description: 'A published page in the navigation tree of a channel' })
export class NavigationItem {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  kioskTitle!: string | null;

  @Field()
  path!: string;

  @Field(() => String, { nullable: true })
  externalUrl!: string | null;

  @Field(() => Int, { description: 'Depth in the tree, 0 for top-level pages' })
  depth!: number;

  @Field(() => [NavigationItem])
  children!: NavigationItem[];
}

/** Entity → API shape: the one mapping used by GraphQL and REST. */
export function toPage(entity: PageEntity): Page {
  return Object.assign(contentItemFields(entity, ContentTypeName.PAGE), {
    path: entity.path,
    title: entity.title,
    kioskTitle: entity.kioskTitle,
    summary: entity.summary,
    body: entity.body,
    bodyHtml: entity.bodyHtml,
    externalUrl: entity.externalUrl,
    seoDescription: entity.seoDescription,
    parentId: entity.parentId,
    position: entity.position,
    imageMediaId: entity.imageMediaId,
    attachments: entity.attachments.map((attachment) => ({ title: attachment.title, mediaId: attachment.mediaId })),
  });
}

registerContentItemType(ContentTypeName.PAGE, 'Page');
