import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { AssociationsController } from './associations.controller';
import { AssociationsResolver } from './associations.resolver';
import { AssociationsService } from './associations.service';

@Module({
  imports: [TaxonomyModule, MediaModule],
  providers: [AssociationsService, AssociationsResolver],
  controllers: [AssociationsController],
  exports: [AssociationsService],
})
export class AssociationsModule {}
