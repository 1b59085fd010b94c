import { Module } from '@nestjs/common';
import { AssociationsModule } from '../associations/associations.module';
import { CommuneModule } from '../commune/commune.module';
import { EventsModule } from '../events/events.module';
import { LegalNoticesModule } from '../legal-notices/legal-notices.module';
import { MediaModule } from '../media/media.module';
import { PagesModule } from '../pages/pages.module';
import { ProceduresModule } from '../procedures/procedures.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { DemoContentSeeder } from './demo-content';

@Module({
  imports: [AssociationsModule, CommuneModule, EventsModule, LegalNoticesModule, MediaModule, PagesModule, ProceduresModule, TaxonomyModule],
  providers: [DemoContentSeeder],
  exports: [DemoContentSeeder],
})
export class SeedModule {}
