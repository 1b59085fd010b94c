import { Module } from '@nestjs/common';
import { ContentChanges } from './content-changes';
import { ResponseCache } from './response-cache';

/**
 * HTTP caching of anonymous reads and the in-memory response cache that content changes keep exact
 * (see ResponseCache and ContentChanges). Mounted on the HTTP server by `installResponseCache`.
 */
@Module({
  providers: [ContentChanges, ResponseCache],
  exports: [ResponseCache, ContentChanges],
})
export class ResponseCacheModule {}
