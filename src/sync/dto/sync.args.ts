import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Channel } from '../../content/content.types';

export const SYNC_DEFAULT_LIMIT = 100;
export const SYNC_MAX_LIMIT = 500;

/** `GET /api/v1/sync?types=events,associations&channel=web&limit=100&token=…` */
export class SyncArgs {
  @IsOptional()
  @IsString()
  @Matches(/^[a-z-]+(,[a-z-]+)*$/, { message: 'types must be a comma-separated list such as events,associations' })
  @MaxLength(200)
  types?: string;

  @IsOptional()
  @IsEnum(Channel, { message: 'channel must be web or kiosk' })
  channel?: Channel;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `limit must be a whole number from 1 to ${SYNC_MAX_LIMIT}` })
  @Min(1, { message: `limit must be a whole number from 1 to ${SYNC_MAX_LIMIT}` })
  @Max(SYNC_MAX_LIMIT, { message: `limit must be a whole number from 1 to ${SYNC_MAX_LIMIT}` })
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'token is not a sync token' })
  token?: string;
}
