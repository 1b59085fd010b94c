import { Module } from '@nestjs/common';
import { AssociationsModule } from '../associations/associations.module';
import { MediaModule } from '../media/media.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { AssociationEventsResolver } from './association-events.resolver';
import { EventsController } from './events.controller';
import { EventOccurrenceConnectionResolver, EventsResolver } from './events.resolver';
import { EventsService } from './events.service';

@Module({
  imports: [TaxonomyModule, AssociationsModule, MediaModule],
  providers: [EventsService, EventsResolver, EventOccurrenceConnectionResolver, AssociationEventsResolver],
  controllers: [EventsController],
  exports: [EventsService],
})
export class EventsModule {}
