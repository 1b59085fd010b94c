import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiErrors, ApiJson } from '../openapi/openapi.decorators';
import { SyncArgs } from './dto/sync.args';
import { SyncPage, SyncService } from './sync.service';

/** The delta-sync feed for integrators (public: published content only, like the other REST reads). */
@ApiTags('Delta sync')
@Controller('api/v1/sync')
export class SyncController {
  constructor(private readonly sync: SyncService) {}

  /**
   * `?types=events,associations&channel=web&limit=100` starts a full sync; then `?token=<nextPageToken>`
   * until the answer carries a `nextSyncToken`, and later `?token=<nextSyncToken>` for what changed since.
   */
  @Get()
  @ApiDoc('Delta sync of published content', 'First call with `types` (and `channel`, `limit`): everything, page by page (`nextPageToken`), then a `nextSyncToken` on the last page. Later, `token=<nextSyncToken>` gives only what was created, changed, unpublished or deleted since (deletions as `tombstones`). Tokens are opaque and signed: a forged one is refused with 400, an expired one with 410.')
  @ApiJson('SyncPage')
  @ApiErrors(410)
  page(@Query() args: SyncArgs): Promise<SyncPage> {
    return this.sync.page(args);
  }
}
