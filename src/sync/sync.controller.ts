import { Controller, Get, Query } from '@nestjs/common';
import { SyncArgs } from './dto/sync.args';
import { SyncPage, SyncService } from './sync.service';

/** The delta-sync feed for integrators (public: published content only, like the other REST reads). */
@Controller('api/v1/sync')
export class SyncController {
  constructor(private readonly sync: SyncService) {}

  /**
   * `?types=events,associations&channel=web&limit=100` starts a full sync; then `?token=<nextPageToken>`
   * until the answer carries a `nextSyncToken`, and later `?token=<nextSyncToken>` for what changed since.
   */
  @Get()
  page(@Query() args: SyncArgs): Promise<SyncPage> {
    return this.sync.page(args);
  }
}
