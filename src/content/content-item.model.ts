import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ContentEntity } from './content.entity';
import { Channel, ContentStatus } from './content.types';

/** The fields every content type shows (pages, associations, events, legal notices, procedures). */
@ObjectType({ isAbstract: true })
export abstract class ContentItem {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'URL segment, unique within its list' })
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

/** The ContentItem part of a mapper from entity to API shape. */
export function contentItemFields(entity: ContentEntity): ContentItem {
  return {
    id: entity.id,
    slug: entity.slug,
    channels: entity.channels,
    status: entity.status,
    version: entity.version,
    publishedAt: entity.publishedAt,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
  };
}
