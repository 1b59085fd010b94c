import { Type } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Channel } from '../../content/content.types';

export const SYNC_DEFAULT_LIMIT = 100;
export const SYNC_MAX_LIMIT = 500;

/** `GET /api/v1/sync?types=events,associations&channel=web&limit=100&token=…` */
export class SyncArgs {
  @ApiPropertyOptional({ description: 'Content types, comma-separated: pages, associations, events, legal-notices, procedures (all when left out)', example: 'events,associations' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z-]+(,[a-z-]+)*$/, { message: 'types must be a comma-separated list such as events,associations' })
  @MaxLength(200)
  types?: string;

  @IsOptional()
  @IsEnum(Channel, { message: 'channel must be web or kiosk' })
  channel?: Channel;

  @ApiPropertyOptional({ description: 'Items and tombstones per page', default: SYNC_DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `limit must be a whole number from 1 to ${SYNC_MAX_LIMIT}` })
  @Min(1, { message: `limit must be a whole number from 1 to ${SYNC_MAX_LIMIT}` })
  @Max(SYNC_MAX_LIMIT, { message: `limit must be a whole number from 1 to ${SYNC_MAX_LIMIT}` })
  limit?: number;

  @ApiPropertyOptional({ description: 'A `nextPageToken` or `nextSyncToken` of a previous answer (opaque, signed)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'token is not a sync token' })
  token?: string;
}
