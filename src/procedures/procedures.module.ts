import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { ProceduresController } from './procedures.controller';
import { OnlineServicesResolver, ProceduresResolver } from './procedures.resolver';
import { ProceduresService } from './procedures.service';

@Module({
  imports: [TaxonomyModule, MediaModule],
  providers: [ProceduresService, ProceduresResolver, OnlineServicesResolver],
  controllers: [ProceduresController],
  exports: [ProceduresService],
})
export class ProceduresModule {}
