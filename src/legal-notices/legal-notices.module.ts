import { Module } from '@nestjs/common';
import { LegalNoticesController } from './legal-notices.controller';
import { MediaModule } from '../media/media.module';
import { LegalNoticeDocumentsResolver, LegalNoticesResolver } from './legal-notices.resolver';
import { LegalNoticesService } from './legal-notices.service';

@Module({
  imports: [MediaModule],
  providers: [LegalNoticesService, LegalNoticesResolver, LegalNoticeDocumentsResolver],
  controllers: [LegalNoticesController],
  exports: [LegalNoticesService],
})
export class LegalNoticesModule {}
