import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJson } from '../openapi/openapi.decorators';
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
@ApiTags('Events')
@Controller('api/v1')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /**
   * Occurrences, like the `events` query: `?from=…&to=…&category=…&organizerAssociationId=…&channel=…&first=…&after=…`,
   * each event as a summary; `?include=body,totalCount` adds the bodies and counts all pages.
   */
  @Get('events')
  @ApiDoc('Occurrences of events in a window, in chronological order', 'Recurrences are expanded in Paris local time; cancelled occurrences stay listed with their `eventStatus`. Each event comes as a summary (no body unless `include=body`).')
  @ApiJson('EventOccurrenceList')
  async list(@Ctx() ctx: RequestContext, @Query() query: EventsQuery): Promise<{ data: RestOccurrence[]; pageInfo: PageInfo; totalCount: number | null; truncated: boolean }> {
    const include = new Set(query.include?.split(',') ?? []);
    const page = await this.events.occurrences(ctx, query, { withRelations: true });
    // All relations are requested in the same tick, so the request's loaders batch them.
    const [data, totalCount] = await Promise.all([
      Promise.all(page.edges.map(async ({ node }): Promise<RestOccurrence> => {
        const occurrence = toEventOccurrence(node.occurrence, node.event);
        return Object.assign(occurrence, { event: await this.summaryWithRelations(ctx, occurrence.event, node.event, include.has('body')) });
      })),
      include.has('totalCount') ? page.countAll() : Promise.resolve(null),
    ]);
    return { data, pageInfo: page.pageInfo, totalCount, truncated: false };
  }

  /** One event by id or slug. */
  @Get('events/:idOrSlug')
  @ApiDoc('One event, by id or slug')
  @ApiJson('EventDetail')
  async one(@Ctx() ctx: RequestContext, @IdOrSlugParam('brocante-de-printemps') idOrSlug: string): Promise<RestEvent> {
    const event = await this.events.findByIdOrSlug(ctx, idOrSlug);
    if (!event) throw notFound('Event');
    return this.withRelations(ctx, event);
  }

  private async withRelations(ctx: RequestContext, entity: EventEntity): Promise<RestEvent> {
    return Object.assign(toEvent(entity), await this.relations(ctx, entity));
  }

  /** The list's event: `event` (mapped from `entity`, whose body a list does not load) with its relations, body only if asked. */
  private async summaryWithRelations(ctx: RequestContext, event: Event, entity: EventEntity, withBody: boolean): Promise<RestEventSummary> {
    const [relations, body] = await Promise.all([this.relations(ctx, entity), withBody ? this.events.loadBody(ctx, entity.id) : null]);
    // An undefined property is left out of the JSON answer.
    return Object.assign(event, relations, { body: body?.body, bodyHtml: body?.bodyHtml });
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
