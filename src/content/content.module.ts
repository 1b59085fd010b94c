import { Global, Module } from '@nestjs/common';
import { ContentLifecycle } from './content-lifecycle.service';
import { ContentReader } from './content-reader.service';
import { ContentHistoryController } from './history/content-history.controller';
import { ContentHistoryResolver } from './history/content-history.resolver';
import { ContentHistory } from './history/content-history.service';

/** The content core, shared by every content module: the one write path, the shared reads, and history. */
@Global()
@Module({
  providers: [ContentLifecycle, ContentReader, ContentHistory, ContentHistoryResolver],
  controllers: [ContentHistoryController],
  exports: [ContentLifecycle, ContentReader],
})
export class ContentModule {}
