import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors';
import { MAX_PAGE_SIZE } from '../common/pagination/connection';
import { RequestContext } from '../common/request-context';
import { ContentStatus } from '../content/content.types';
import { EventEntity } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { CalendarEvent, eventsCalendar } from './ical';
import { EventFeedQuery, FEED_DEFAULT_LIMIT } from './dto/feed.args';

/** A calendar keeps the events of the last month too, so that a subscribed calendar does not lose them at once. */
export const CALENDAR_PAST_DAYS = 30;
/** At most this many pages of occurrences are read to gather a feed's distinct events (a bound on one request's work). */
const MAX_OCCURRENCE_PAGES = 20;
const DAY_MS = 86_400_000;

/**
 * What every feed sees: the public's view (published items only), whoever calls; a staff token or
 * API key sent along changes nothing, so a draft can never reach a feed or a cache.
 */
export function publicContext(ctx: RequestContext): RequestContext {
  return new RequestContext(ctx.requestId, ctx.ip, undefined);
}

/** Absolute addresses of the feeds and of the items they link to. */
export class FeedLinks {
  constructor(readonly base: string) {}

  event(event: { slug: string }): string {
    return `${this.base}/api/v1/events/${event.slug}`;
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }
}

/**
 * The standard feeds (iCalendar, RSS/Atom, CSV) read the same services as the REST and GraphQL
 * lists, with the same filters: nothing here queries content tables itself.
 */
@Injectable()
export class FeedsService {
  constructor(private readonly events: EventsService) {}

  /**
   * The distinct published events of the events list (its filters: category, organiser, channel)
   * from `from`, in the order of their next occurrence, at most `limit`: pages of the list's
   * occurrences are read until enough events are found.
   */
  async listedEvents(ctx: RequestContext, query: EventFeedQuery, from: Date, now = new Date()): Promise<EventEntity[]> {
    const publicCtx = publicContext(ctx);
    const limit = query.limit ?? FEED_DEFAULT_LIMIT;
    const found = new Map<string, EventEntity>();
    let after: string | undefined;
    for (let page = 0; page < MAX_OCCURRENCE_PAGES && found.size < limit; page += 1) {
      const result = await this.events.occurrences(publicCtx, {
        from, category: query.category, organizerAssociationId: query.organizerAssociationId, channel: query.channel,
        status: ContentStatus.PUBLISHED, first: MAX_PAGE_SIZE, after,
      }, now);
      for (const { node } of result.edges) {
        if (found.size < limit && !found.has(node.event.id)) found.set(node.event.id, node.event);
      }
      if (!result.pageInfo.hasNextPage || !result.pageInfo.endCursor) break;
      after = result.pageInfo.endCursor;
    }
    return [...found.values()];
  }

  /** `/feeds/events.ics`: the listed events from a month ago, each with its whole series. */
  async eventsCalendar(ctx: RequestContext, query: EventFeedQuery, links: FeedLinks, now = new Date()): Promise<string> {
    const events = await this.listedEvents(ctx, query, new Date(now.getTime() - CALENDAR_PAST_DAYS * DAY_MS), now);
    return eventsCalendar(await this.calendarEvents(ctx, events, links), {
      name: 'Agenda', description: 'Les manifestations de la commune', url: links.url('/feeds/events.ics'),
    });
  }

  /** `/api/v1/events/<id or slug>.ics`: one published event (404 for a draft, like the JSON route). */
  async eventCalendar(ctx: RequestContext, idOrSlug: string, links: FeedLinks): Promise<string> {
    const event = await this.events.findByIdOrSlug(publicContext(ctx), idOrSlug);
    if (!event) throw notFound('Event');
    return eventsCalendar(await this.calendarEvents(ctx, [event], links), { name: event.title, url: links.url(`/api/v1/events/${event.slug}.ics`) });
  }

  /** Categories and organisers of the events, batched by the request's loaders. */
  async calendarEvents(ctx: RequestContext, events: readonly EventEntity[], links: FeedLinks): Promise<CalendarEvent[]> {
    const publicCtx = publicContext(ctx);
    return Promise.all(events.map(async (event) => {
      const [categories, organizer] = await Promise.all([this.events.loadCategories(publicCtx, event.id), this.events.loadOrganizer(publicCtx, event)]);
      return { event, url: links.event(event), categories: categories.map((term) => term.label), organizer: organizer?.name ?? event.organizerName };
    }));
  }
}
