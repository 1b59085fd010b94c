import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { MediaDelivery } from './media-delivery.service';
import { LocalMediaStorage } from './storage/local-media-storage';
import { MEDIA_STORAGE } from './storage/media-storage';
import { MediaUploads } from './media-upload.service';
import { MediaController } from './media.controller';
import { MediaResolver } from './media.resolver';
import { MediaService } from './media.service';

@Module({
  providers: [
    { provide: MEDIA_STORAGE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new LocalMediaStorage(config.media.dir) },
    MediaService, MediaUploads, MediaDelivery, MediaResolver,
  ],
  controllers: [MediaController],
  exports: [MediaService, MediaUploads],
})
export class MediaModule {}
