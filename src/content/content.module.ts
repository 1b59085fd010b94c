import { Global, Module } from '@nestjs/common';
import { ContentLifecycle } from './content-lifecycle.service';

/** The content core, shared by every content module. */
@Global()
@Module({
  providers: [ContentLifecycle],
  exports: [ContentLifecycle],
})
export class ContentModule {}
