import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { MediaDelivery } from './media-delivery.service';
import { createMediaStorage } from './storage/create-media-storage';
import { MEDIA_STORAGE } from './storage/media-storage';
import { MediaUploads } from './media-upload.service';
import { MediaController } from './media.controller';
import { MediaResolver } from './media.resolver';
import { MediaService } from './media.service';
import { MediaPreviewLinks } from './preview-links';
import { PdfInspector } from './pdf-inspector';
import { SvgChecker } from './svg-checker';

@Module({
  providers: [
    { provide: MEDIA_STORAGE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createMediaStorage(config.media) },
    MediaService, MediaUploads, MediaDelivery, MediaPreviewLinks, MediaResolver, SvgChecker, PdfInspector,
  ],
  controllers: [MediaController],
  exports: [MediaService, MediaUploads, MEDIA_STORAGE],
})
export class MediaModule {}
