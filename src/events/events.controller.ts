import { Controller, Get, Query } from '@nestjs/common';
import { notFound } from '../common/errors';
import { PageInfo } from '../common/pagination/connection';
import { Ctx, RequestContext } from '../common/request-context';
import { IdOrSlugParam } from '../content/dto/lookup.args';
import { Media, toMedia } from '../media/media.model';
import { TaxonomyTerm, toTaxonomyTerm } from '../taxonomy/taxonomy-term.model';
import { EventsQuery } from './dto/events.args';
import { EventEntity } from './event.entity';
import { Event, EventOccurrence, toEvent, toEventOccurrence } from './event.model';
import { EventsService } from './events.service';

/**
 * REST has no field selection: an event comes with its categories, a summary of its organiser and
 * its image; in lists without its body and HTML unless `?include=body` asks for them.
 */
type RestEventRelations = { categories: TaxonomyTerm[]; organizer: { id: string; slug: string; name: string } | null; image: Media | null };
type RestEvent = Event & RestEventRelations;
type RestEventSummary = Omit<Event, 'body' | 'bodyHtml'> & Partial<Pick<Event, 'body' | 'bodyHtml'>> & RestEventRelations;
type RestOccurrence = Omit<EventOccurrence, 'event'> & { event: RestEventSummary };

/** REST twin of the GraphQL event reads, for integrators and simple clients. */
@Controller('api/v1')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /**
   * Occurrences, like the `events` query: `?from=…&to=…&category=…&organizerAssociationId=…&channel=…&first=…&after=…`,
   * each event as a summary; `?include=body,totalCount` adds the bodies and counts all pages.
   */
  @Get('events')
  async list(@Ctx() ctx: RequestContext, @Query() query: EventsQuery): Promise<{ data: RestOccurrence[]; pageInfo: PageInfo; totalCount: number | null; truncated: boolean }> {
    const include = new Set(query.include?.split(',') ?? []);
    const page = await this.events.occurrences(ctx, query);
    // All relations are requested in the same tick, so the request's loaders batch them.
    const [data, totalCount] = await Promise.all([
      Promise.all(page.edges.map(async ({ node }) => ({
        ...toEventOccurrence(node.occurrence, node.event),
        event: await this.summaryWithRelations(ctx, node.event, include.has('body')),
      }))),
      include.has('totalCount') ? page.countAll() : Promise.resolve(null),
    ]);
    return { data, pageInfo: page.pageInfo, totalCount, truncated: false };
  }

  /** One event by id or slug. */
  @Get('events/:idOrSlug')
  async one(@Ctx() ctx: RequestContext, @IdOrSlugParam('brocante-de-printemps') idOrSlug: string): Promise<RestEvent> {
    const event = await this.events.findByIdOrSlug(ctx, idOrSlug);
    if (!event) throw notFound('Event');
    return this.withRelations(ctx, event);
  }

  private async withRelations(ctx: RequestContext, entity: EventEntity): Promise<RestEvent> {
    return { ...toEvent(entity), ...(await this.relations(ctx, entity)) };
  }

  private async summaryWithRelations(ctx: RequestContext, entity: EventEntity, withBody: boolean): Promise<RestEventSummary> {
    const { body: _body, bodyHtml: _bodyHtml, ...summary } = toEvent(entity);
    const [relations, body] = await Promise.all([this.relations(ctx, entity), withBody ? this.events.loadBody(ctx, entity.id) : null]);
    return { ...summary, ...(body && { body: body.body, bodyHtml: body.bodyHtml }), ...relations };
  }

  private async relations(ctx: RequestContext, entity: EventEntity): Promise<RestEventRelations> {
    const [categories, organizer, image] = await Promise.all([
      this.events.loadCategories(ctx, entity.id), this.events.loadOrganizer(ctx, entity), this.events.loadImage(ctx, entity),
    ]);
    return {
      categories: categories.map(toTaxonomyTerm),
      organizer: organizer && { id: organizer.id, slug: organizer.slug, name: organizer.name },
      image: image && toMedia(image),
    };
  }
}
