import { Module } from '@nestjs/common';
import { LegalNoticesController } from './legal-notices.controller';
import { LegalNoticesResolver } from './legal-notices.resolver';
import { LegalNoticesService } from './legal-notices.service';

@Module({
  providers: [LegalNoticesService, LegalNoticesResolver],
  controllers: [LegalNoticesController],
  exports: [LegalNoticesService],
})
export class LegalNoticesModule {}
