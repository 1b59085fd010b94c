import { Module } from '@nestjs/common';
import { AssociationsModule } from '../associations/associations.module';
import { CommuneModule } from '../commune/commune.module';
import { EventsModule } from '../events/events.module';
import { LegalNoticesModule } from '../legal-notices/legal-notices.module';
import { ProceduresModule } from '../procedures/procedures.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { CalendarFeedsController, CsvExportsController, JsonLdController, SyndicationFeedsController } from './feeds.controller';
import { FeedsService } from './feeds.service';
import { AssociationJsonLdResolver, EventJsonLdResolver, ProcedureJsonLdResolver } from './json-ld.resolver';
import { JsonLdService } from './json-ld.service';
import { RegionalAgendaService } from './regional-agenda.service';

/**
 * The standard feeds for integrators (issue 13): iCalendar, RSS 2.0/Atom, CSV and schema.org JSON-LD, read through the
 * content modules' own services. Imported before the content modules in AppModule, so that its
 * routes with an extension (`/api/v1/events/<id>.ics`) come before their `:idOrSlug` routes.
 */
@Module({
  imports: [AssociationsModule, CommuneModule, EventsModule, LegalNoticesModule, ProceduresModule, TaxonomyModule],
  providers: [FeedsService, JsonLdService, RegionalAgendaService, EventJsonLdResolver, AssociationJsonLdResolver, ProcedureJsonLdResolver],
  controllers: [CalendarFeedsController, SyndicationFeedsController, CsvExportsController, JsonLdController],
})
export class FeedsModule {}
