import { Module } from '@nestjs/common';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { ProceduresController } from './procedures.controller';
import { ProceduresResolver } from './procedures.resolver';
import { ProceduresService } from './procedures.service';

@Module({
  imports: [TaxonomyModule],
  providers: [ProceduresService, ProceduresResolver],
  controllers: [ProceduresController],
  exports: [ProceduresService],
})
export class ProceduresModule {}
