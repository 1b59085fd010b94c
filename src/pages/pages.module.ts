import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { PagesController } from './pages.controller';
import { PageAttachmentsResolver, PagesResolver } from './pages.resolver';
import { PagesService } from './pages.service';

@Module({
  imports: [MediaModule],
  providers: [PagesService, PagesResolver, PageAttachmentsResolver],
  controllers: [PagesController],
  exports: [PagesService],
})
export class PagesModule {}
