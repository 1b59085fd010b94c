import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { notFound } from '../common/errors';
import { MAX_PAGE_SIZE } from '../common/pagination/connection';
import { RequestContext } from '../common/request-context';
import { ContentStatus } from '../content/content.types';
import { AssociationsArgs } from '../associations/dto/associations.args';
import { AssociationsService } from '../associations/associations.service';
import { ContentReader } from '../content/content-reader.service';
import { EventsArgs } from '../events/dto/events.args';
import { EventEntity } from '../events/event.entity';
import { OccurrenceRecord } from '../events/event-occurrences.query';
import { EventsService } from '../events/events.service';
import { EVENT_TIME_ZONE } from '../events/recurrence';
import { LEGAL_NOTICE_TYPE, LegalNoticesService } from '../legal-notices/legal-notices.service';
import { PAGE_TYPE } from '../pages/pages.service';
import { CalendarEvent, eventsCalendar } from './ical';
import { SyndicationFormat, syndicationFeed, SyndicationItem } from './syndication';
import { AssociationCsvRow, CsvPage, EventCsvRow } from './csv-export';
import { EventFeedQuery, FEED_DEFAULT_LIMIT, FeedLimitQuery, PageFeedQuery } from './dto/feed.args';

/** An event of a feed with the occurrence the list met first (its next one, or the one going on). */
export interface ListedEvent {
  event: EventEntity;
  next: OccurrenceRecord;
}

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
  if (!ctx.actor) return ctx;
  // One per request, kept with the request's loaders: every read through it shares their batches.
  const cached = ctx.loaders.get(PUBLIC_CONTEXT);
  if (cached instanceof RequestContext) return cached;
  const anonymous = new RequestContext(ctx.requestId, ctx.ip, undefined);
  ctx.loaders.set(PUBLIC_CONTEXT, anonymous);
  return anonymous;
}

const PUBLIC_CONTEXT = 'feeds.publicContext';

/** Absolute addresses of the feeds and of the items they link to. */
export class FeedLinks {
  constructor(readonly base: string) {}

  /** By id, which never changes (a slug may): also the item's RSS guid. */
  event(event: { id: string }): string {
    return `${this.base}/api/v1/events/${event.id}`;
  }

  notice(notice: { id: string }): string {
    return `${this.base}/api/v1/legal-notices/${notice.id}`;
  }

  page(page: { id: string }): string {
    return `${this.base}/api/v1/pages/${page.id}`;
  }

  /** A media library address (`/media/<id>/<name>`) made absolute. */
  absolute(pathOrUrl: string): string {
    return /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${this.base}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
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
  constructor(
    private readonly events: EventsService,
    private readonly notices: LegalNoticesService,
    private readonly reader: ContentReader,
    private readonly associations: AssociationsService,
  ) {}

  /**
   * The distinct published events of the events list (its filters: category, organiser, channel)
   * from `from`, in the order of their next occurrence, at most `limit`: pages of the list's
   * occurrences are read until enough events are found.
   */
  async listedEvents(ctx: RequestContext, query: EventFeedQuery, from: Date, now = new Date()): Promise<ListedEvent[]> {
    const publicCtx = publicContext(ctx);
    const limit = query.limit ?? FEED_DEFAULT_LIMIT;
    const found = new Map<string, ListedEvent>();
    let after: string | undefined;
    for (let page = 0; page < MAX_OCCURRENCE_PAGES && found.size < limit; page += 1) {
      const result = await this.events.occurrences(publicCtx, {
        from, category: query.category, organizerAssociationId: query.organizerAssociationId, channel: query.channel,
        status: ContentStatus.PUBLISHED, first: MAX_PAGE_SIZE, after,
      }, { now, withRelations: true });
      for (const { node } of result.edges) {
        if (found.size < limit && !found.has(node.event.id)) found.set(node.event.id, { event: node.event, next: node.occurrence });
      }
      if (!result.pageInfo.hasNextPage || !result.pageInfo.endCursor) break;
      after = result.pageInfo.endCursor;
    }
    return [...found.values()];
  }

  /** `/feeds/events.ics`: the listed events from a month ago, each with its whole series. */
  async eventsCalendar(ctx: RequestContext, query: EventFeedQuery, links: FeedLinks, now = new Date()): Promise<string> {
    const listed = await this.listedEvents(ctx, query, new Date(now.getTime() - CALENDAR_PAST_DAYS * DAY_MS), now);
    return eventsCalendar(await this.calendarEvents(ctx, listed.map(({ event }) => event), links), {
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

  /** `/feeds/events.rss` and `.atom`: the next events (those going on included), in the order of their next date. */
  async eventsFeed(ctx: RequestContext, format: SyndicationFormat, query: EventFeedQuery, links: FeedLinks, now = new Date()): Promise<string> {
    const listed = await this.listedEvents(ctx, query, now, now);
    const items = await this.calendarEvents(ctx, listed.map(({ event }) => event), links);
    return syndicationFeed(format, {
      title: 'Agenda', description: 'Les prochaines manifestations de la commune', link: links.url('/api/v1/events'), self: links.url(`/feeds/events.${format}`),
    }, listed.map(({ event, next }, index): SyndicationItem => ({
      title: `${event.title} — ${frenchDateTime(next.startsAt, event.allDay)}`,
      id: links.event(event),
      link: links.event(event),
      date: event.publishedAt ?? event.updatedAt,
      description: [event.summary, items[index].organizer && `Organisé par ${items[index].organizer}`, event.placeName].filter(Boolean).join(' — ') || undefined,
      categories: items[index].categories,
    })));
  }

  /**
   * `/feeds/legal-notices.rss`: the published notices, most recently published first, each with its
   * first document of the media library as the enclosure (url, length, type).
   */
  async legalNoticesFeed(ctx: RequestContext, query: FeedLimitQuery, links: FeedLinks): Promise<string> {
    const publicCtx = publicContext(ctx);
    const notices = await this.reader.readQuery(publicCtx, LEGAL_NOTICE_TYPE, 'notice')
      .orderBy('notice.publishedAt', 'DESC').addOrderBy('notice.id', 'DESC')
      .take(query.limit ?? FEED_DEFAULT_LIMIT)
      .getMany();
    const items = await Promise.all(notices.map(async (notice): Promise<SyndicationItem> => {
      const document = notice.documents.find((candidate) => candidate.mediaId);
      const media = document?.mediaId ? await this.notices.loadDocumentMedia(publicCtx, document.mediaId) : null;
      return {
        title: `${notice.title} (n° ${notice.reference})`,
        id: links.notice(notice),
        link: links.notice(notice),
        date: notice.publishedAt ?? notice.updatedAt,
        description: notice.summary ?? undefined,
        ...(document && media ? { enclosure: { url: links.absolute(document.url), length: media.size, type: media.mimeType } } : {}),
      };
    }));
    return syndicationFeed('rss', {
      title: 'Affichage légal', description: 'Les actes publiés par la commune', link: links.url('/api/v1/legal-notices'), self: links.url('/feeds/legal-notices.rss'),
    }, items);
  }

  /** `/feeds/pages.rss`: the published pages, most recently changed first. */
  async pagesFeed(ctx: RequestContext, query: PageFeedQuery, links: FeedLinks): Promise<string> {
    const pages = await this.reader.readQuery(publicContext(ctx), PAGE_TYPE, 'page', { channel: query.channel })
      .orderBy('page.updatedAt', 'DESC').addOrderBy('page.id', 'DESC')
      .take(query.limit ?? FEED_DEFAULT_LIMIT)
      .getMany();
    return syndicationFeed('rss', {
      title: 'Pages', description: 'Les pages du site modifiées récemment', link: links.url('/api/v1/pages'), self: links.url('/feeds/pages.rss'),
    }, pages.map((page) => ({
      title: page.title, id: links.page(page), link: links.page(page), date: page.updatedAt, description: page.summary ?? undefined,
    })));
  }

  /**
   * `/api/v1/events.csv`: the occurrences of the events list (its filters), a page at a time; each
   * page has its own public context, so that the loaders' caches do not grow with the export.
   */
  async eventCsvPage(ctx: RequestContext, query: EventsArgs, links: FeedLinks, after?: string, now = new Date()): Promise<CsvPage<EventCsvRow>> {
    const pageCtx = publicContext(ctx);
    const page = await this.events.occurrences(pageCtx, {
      from: query.from, to: query.to, category: query.category, organizerAssociationId: query.organizerAssociationId, channel: query.channel,
      status: ContentStatus.PUBLISHED, first: MAX_PAGE_SIZE, after,
    }, { now, withRelations: true });
    const rows = await Promise.all(page.edges.map(async ({ node }): Promise<EventCsvRow> => {
      const [categories, organizer] = await Promise.all([this.events.loadCategories(pageCtx, node.event.id), this.events.loadOrganizer(pageCtx, node.event)]);
      return { ...node, categories: categories.map((term) => term.label), organizer: organizer?.name ?? node.event.organizerName, link: links.event(node.event) };
    }));
    const cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    return { rows, next: cursor ? () => this.eventCsvPage(ctx, query, links, cursor, now) : null };
  }

  /** `/api/v1/associations.csv`: the directory (its list's filters), by name, a page at a time. */
  async associationCsvPage(ctx: RequestContext, query: AssociationsArgs, links: FeedLinks, after?: string): Promise<CsvPage<AssociationCsvRow>> {
    const pageCtx = publicContext(ctx);
    const page = await this.associations.list(pageCtx, {
      category: query.category, categorySlug: query.categorySlug, letter: query.letter, search: query.search, channel: query.channel,
      first: MAX_PAGE_SIZE, after,
    });
    const rows = await Promise.all(page.edges.map(async ({ node }): Promise<AssociationCsvRow> => ({
      association: node,
      categories: (await this.associations.loadCategories(pageCtx, node.id)).map((term) => term.label),
      link: links.url(`/api/v1/associations/${node.id}`),
    })));
    const cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    return { rows, next: cursor ? () => this.associationCsvPage(ctx, query, links, cursor) : null };
  }

}

/** "samedi 13 juin 2031 à 16:00" (Paris time); the day alone for an all-day event. */
export function frenchDateTime(instant: Date, allDay: boolean): string {
  const local = DateTime.fromJSDate(instant, { zone: EVENT_TIME_ZONE }).setLocale('fr');
  return allDay ? local.toFormat('cccc d LLLL yyyy') : local.toFormat("cccc d LLLL yyyy 'à' HH:mm");
}
