import { Args, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Association, toAssociation } from '../associations/association.model';
import { selectsPath } from '../common/graphql/selection';
import { Ctx, RequestContext } from '../common/request-context';
import { DeletedContent } from '../content/deleted-content.model';
import { Media, toMedia } from '../media/media.model';
import { TaxonomyTerm, toTaxonomyTerm } from '../taxonomy/taxonomy-term.model';
import {
  CreateEventArgs, CreateEventsArgs, EventLookupArgs, EventsArgs, EventVersionArgs, UpcomingEventsArgs, UpdateEventArgs, WINDOW_DESCRIPTION,
} from './dto/events.args';
import { Event, EventOccurrence, EventOccurrenceConnection, toEvent, toEventOccurrence } from './event.model';
import { EventsService } from './events.service';

@Resolver(() => Event)
export class EventsResolver {
  constructor(private readonly service: EventsService) {}

  @Query(() => Event, { nullable: true, description: 'One event by id or slug; null when not found or not visible' })
  async event(@Ctx() ctx: RequestContext, @Args() args: EventLookupArgs): Promise<Event | null> {
    const event = await this.service.findOne(ctx, args);
    return event && toEvent(event);
  }

  @Query(() => EventOccurrenceConnection, { description: WINDOW_DESCRIPTION })
  async events(@Ctx() ctx: RequestContext, @Args() args: EventsArgs, @Info() info: GraphQLResolveInfo): Promise<EventOccurrenceConnection> {
    // Categories and organisers the query asks for come in the list's own statement.
    const withRelations = ['categories', 'organizer'].some((field) => selectsPath(info, ['edges', 'node', 'event', field]));
    const page = await this.service.occurrences(ctx, args, { withRelations });
    return {
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toEventOccurrence(edge.node.occurrence, edge.node.event) })),
      pageInfo: page.pageInfo,
      truncated: false,
      countAll: page.countAll,
    };
  }

  @Query(() => [EventOccurrence], { description: 'The next occurrences from now (those going on included), for the kiosk\'s home screen; published events only for the public' })
  async upcomingEvents(@Ctx() ctx: RequestContext, @Args() args: UpcomingEventsArgs, @Info() info: GraphQLResolveInfo): Promise<EventOccurrence[]> {
    const withRelations = ['categories', 'organizer'].some((field) => selectsPath(info, ['event', field]));
    return (await this.service.upcoming(ctx, args, { withRelations })).map((node) => toEventOccurrence(node.occurrence, node.event));
  }

  // Lists load events without their body: these two fields fetch it (batched) only when a query selects them.
  @ResolveField(() => String, { description: 'Markdown source' })
  async body(@Ctx() ctx: RequestContext, @Parent() event: Event): Promise<string> {
    return event.body ?? (await this.service.loadBody(ctx, event.id))?.body ?? '';
  }

  @ResolveField(() => String, { description: 'HTML rendered from the Markdown body, sanitised (no raw HTML, no script links)' })
  async bodyHtml(@Ctx() ctx: RequestContext, @Parent() event: Event): Promise<string> {
    return event.bodyHtml ?? (await this.service.loadBody(ctx, event.id))?.bodyHtml ?? '';
  }

  @ResolveField(() => [TaxonomyTerm], { description: 'Its categories, main one first' })
  async categories(@Ctx() ctx: RequestContext, @Parent() event: Event): Promise<TaxonomyTerm[]> {
    return (await this.service.loadCategories(ctx, event.id)).map(toTaxonomyTerm);
  }

  @ResolveField(() => Association, { nullable: true, description: 'The organising association, when it is in the directory and visible to you' })
  async organizer(@Ctx() ctx: RequestContext, @Parent() event: Event): Promise<Association | null> {
    const association = await this.service.loadOrganizer(ctx, event);
    return association && toAssociation(association);
  }

  @ResolveField(() => Media, { nullable: true, description: 'Its picture, from the media library' })
  async image(@Ctx() ctx: RequestContext, @Parent() event: Event): Promise<Media | null> {
    const media = await this.service.loadImage(ctx, event);
    return media && toMedia(media);
  }

  @Mutation(() => Event)
  async createEvent(@Ctx() ctx: RequestContext, @Args() { input, message }: CreateEventArgs): Promise<Event> {
    return toEvent(await this.service.create(ctx, input, { message }));
  }

  @Mutation(() => [Event], { description: 'Create several draft events in one transaction: all of them, or none with every error listed (paths inputs.<index>.<field>)' })
  async createEvents(@Ctx() ctx: RequestContext, @Args() { inputs, message }: CreateEventsArgs): Promise<Event[]> {
    return (await this.service.createMany(ctx, inputs, { message })).map(toEvent);
  }

  @Mutation(() => Event)
  async updateEvent(@Ctx() ctx: RequestContext, @Args() { id, version, input, message }: UpdateEventArgs): Promise<Event> {
    return toEvent(await this.service.update(ctx, { id, version }, input, { message }));
  }

  @Mutation(() => Event)
  async publishEvent(@Ctx() ctx: RequestContext, @Args() { id, version, message }: EventVersionArgs): Promise<Event> {
    return toEvent(await this.service.publish(ctx, { id, version }, { message }));
  }

  @Mutation(() => Event)
  async unpublishEvent(@Ctx() ctx: RequestContext, @Args() { id, version, message }: EventVersionArgs): Promise<Event> {
    return toEvent(await this.service.unpublish(ctx, { id, version }, { message }));
  }

  @Mutation(() => DeletedContent)
  async deleteEvent(@Ctx() ctx: RequestContext, @Args() { id, version, message }: EventVersionArgs): Promise<DeletedContent> {
    const event = await this.service.remove(ctx, { id, version }, { message });
    return { id: event.id, version: event.version };
  }
}

/** totalCount of an events list: one count statement, run only when a query selects the field. */
@Resolver(() => EventOccurrenceConnection)
export class EventOccurrenceConnectionResolver {
  @ResolveField(() => Int, { description: 'Number of occurrences matching the filters, all pages together (counted only when selected)' })
  totalCount(@Parent() connection: EventOccurrenceConnection): Promise<number> {
    return connection.countAll();
  }
}
