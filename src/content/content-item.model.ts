import { Field, ID, Int, InterfaceType } from '@nestjs/graphql';
import { ContentEntity } from './content.entity';
import { Channel, ContentStatus, ContentTypeName } from './content.types';

/** GraphQL object type names by content type, filled by `ContentItemImplementation` (see resolveType). */
const OBJECT_TYPE_NAMES = new Map<ContentTypeName, string>();

/**
 * The fields every content type shows (pages, associations, events, legal notices, procedures), as
 * an interface: operations that return any kind of content (restore) return it, and a client asks
 * for the type's own fields with `... on Event { title }`.
 */
@InterfaceType('ContentItem', {
  description: 'What every content item has: identity, channels, lifecycle state and version',
  resolveType: (item: ContentItem) => OBJECT_TYPE_NAMES.get(item.contentType),
})
export abstract class ContentItem {
  @Field(() => ID)
  id!: string;

  @Field(() => ContentTypeName, { description: 'Which kind of content this is' })
  contentType!: ContentTypeName;

  @Field({ description: 'URL segment, unique among the live items of its type (for a page, within its parent)' })
  slug!: string;

  @Field(() => [Channel], { description: 'Where it is shown: the website, the kiosk, or both' })
  channels!: Channel[];

  @Field(() => ContentStatus)
  status!: ContentStatus;

  @Field(() => Int, { description: 'Send it back with every change: a stale version is refused with CONFLICT' })
  version!: number;

  @Field(() => Date, { nullable: true, description: 'When it was last published; for a legal notice, when it was put online' })
  publishedAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

/** Declares which GraphQL object type implements ContentItem for a content type. */
export function registerContentItemType(contentType: ContentTypeName, objectTypeName: string): void {
  OBJECT_TYPE_NAMES.set(contentType, objectTypeName);
}

/** The ContentItem part of a mapper from entity to API shape. */
export function contentItemFields(entity: ContentEntity, contentType: ContentTypeName): ContentItem {
  return {
    id: entity.id,
    contentType,
    slug: entity.slug,
    channels: entity.channels,
    status: entity.status,
    version: entity.version,
    publishedAt: entity.publishedAt,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
  };
}
