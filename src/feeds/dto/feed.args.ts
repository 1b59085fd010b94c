import { Type } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Channel } from '../../content/content.types';

/** Items a feed gives when `?limit=` is left out, and the most it may ask for. */
export const FEED_DEFAULT_LIMIT = 50;
export const FEED_MAX_LIMIT = 200;

const LIMIT_MESSAGE = `limit must be a whole number from 1 to ${FEED_MAX_LIMIT}`;

/** `?limit=` of a feed: how many items (events, notices, pages), newest or next first. */
export class FeedLimitQuery {
  @ApiPropertyOptional({ description: `How many items, newest or next first (${FEED_MAX_LIMIT} at most)`, default: FEED_DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(FEED_MAX_LIMIT, { message: LIMIT_MESSAGE })
  limit?: number;
}

/** The filters of the events list (`GET /api/v1/events`), for the events feeds: `?category=&organizerAssociationId=&channel=`. */
export class EventFeedQuery extends FeedLimitQuery {
  @ApiPropertyOptional({ description: 'Only events of this category (a CATEGORY term id)' })
  @IsOptional()
  @IsUUID('all', { message: 'category must be a category id' })
  category?: string;

  @ApiPropertyOptional({ description: 'Only events organised by this association' })
  @IsOptional()
  @IsUUID('all', { message: 'organizerAssociationId must be an association id' })
  organizerAssociationId?: string;

  @IsOptional()
  @IsEnum(Channel, { message: 'channel must be web or kiosk' })
  channel?: Channel;
}

/** The pages feed's filter: `?channel=`. */
export class PageFeedQuery extends FeedLimitQuery {
  @IsOptional()
  @IsEnum(Channel, { message: 'channel must be web or kiosk' })
  channel?: Channel;
}
