import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Association } from '../associations/association.model';
import { Ctx, RequestContext } from '../common/request-context';
import { MAX_UPCOMING } from './dto/events.args';
import { EventOccurrence, toEventOccurrence } from './event.model';
import { EventsService } from './events.service';

/**
 * Adds `upcomingEvents` to the Association type from the events side, so that the associations
 * module never imports events (no circular imports).
 */
@Resolver(() => Association)
export class AssociationEventsResolver {
  constructor(private readonly events: EventsService) {}

  @ResolveField(() => [EventOccurrence], { description: 'Next occurrences of the events it organises (batched over a list)' })
  async upcomingEvents(
    @Ctx() ctx: RequestContext,
    @Parent() association: Association,
    @Args('first', { type: () => Int, defaultValue: 5, description: `1 to ${MAX_UPCOMING}` }) first: number,
  ): Promise<EventOccurrence[]> {
    const nodes = await this.events.upcomingForAssociation(ctx, association.id, first);
    return nodes.map((node) => toEventOccurrence(node.occurrence, node.event));
  }
}
