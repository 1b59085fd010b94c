import { Module } from '@nestjs/common';
import { LegalNoticesController } from './legal-notices.controller';
import { CommuneModule } from '../commune/commune.module';
import { MediaModule } from '../media/media.module';
import { LegalNoticeDocumentsResolver, LegalNoticesResolver } from './legal-notices.resolver';
import { LegalNoticesService } from './legal-notices.service';

@Module({
  imports: [MediaModule, CommuneModule],
  providers: [LegalNoticesService, LegalNoticesResolver, LegalNoticeDocumentsResolver],
  controllers: [LegalNoticesController],
  exports: [LegalNoticesService],
})
export class LegalNoticesModule {}
