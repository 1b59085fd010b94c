import { Controller, Get, Param, Query } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';
import { notFound } from '../common/errors';
import { PageInfo } from '../common/pagination/connection';
import { Ctx, RequestContext } from '../common/request-context';
import { Media, toMedia } from '../media/media.model';
import { TaxonomyTerm, toTaxonomyTerm } from '../taxonomy/taxonomy-term.model';
import { EventsArgs } from './dto/events.args';
import { EventEntity } from './event.entity';
import { Event, EventOccurrence, toEvent, toEventOccurrence } from './event.model';
import { EventsService } from './events.service';

class EventIdOrSlugParam {
  @IsString()
  @MaxLength(120)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/i, { message: 'idOrSlug must be an event id or slug' })
  idOrSlug!: string;
}

/** REST has no field selection: an event comes with its categories, a summary of its organiser and its image. */
type RestEvent = Event & { categories: TaxonomyTerm[]; organizer: { id: string; slug: string; name: string } | null; image: Media | null };
type RestOccurrence = Omit<EventOccurrence, 'event'> & { event: RestEvent };

/** REST twin of the GraphQL event reads, for integrators and simple clients. */
@Controller('api/v1')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /** Occurrences in a window, like the `events` query: `?from=…&to=…&category=…&organizerAssociationId=…&channel=…&first=…&after=…`. */
  @Get('events')
  async list(@Ctx() ctx: RequestContext, @Query() args: EventsArgs): Promise<{ data: RestOccurrence[]; pageInfo: PageInfo; totalCount: number; truncated: boolean }> {
    const page = await this.events.occurrences(ctx, args);
    // All relations are requested in the same tick, so the request's loaders batch them.
    const data = await Promise.all(page.edges.map(async ({ node }) => ({
      ...toEventOccurrence(node.occurrence, node.event),
      event: await this.withRelations(ctx, node.event),
    })));
    return { data, pageInfo: page.pageInfo, totalCount: page.totalCount, truncated: page.truncated };
  }

  /** One event by id or slug. */
  @Get('events/:idOrSlug')
  async one(@Ctx() ctx: RequestContext, @Param() { idOrSlug }: EventIdOrSlugParam): Promise<RestEvent> {
    const event = await this.events.findByIdOrSlug(ctx, idOrSlug);
    if (!event) throw notFound('Event');
    return this.withRelations(ctx, event);
  }

  private async withRelations(ctx: RequestContext, entity: EventEntity): Promise<RestEvent> {
    const [categories, organizer, image] = await Promise.all([
      this.events.loadCategories(ctx, entity.id), this.events.loadOrganizer(ctx, entity), this.events.loadImage(ctx, entity),
    ]);
    return {
      ...toEvent(entity),
      categories: categories.map(toTaxonomyTerm),
      organizer: organizer && { id: organizer.id, slug: organizer.slug, name: organizer.name },
      image: image && toMedia(image),
    };
  }
}
