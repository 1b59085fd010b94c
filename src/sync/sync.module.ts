import { Module } from '@nestjs/common';
import { SyncController } from './sync.controller';
import { SyncService } from './sync.service';

/** The delta-sync feed (`GET /api/v1/sync`), read from the change journal; ContentReader comes from the global content core. */
@Module({
  providers: [SyncService],
  controllers: [SyncController],
})
export class SyncModule {}
