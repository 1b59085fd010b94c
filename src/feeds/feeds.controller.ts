import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Ctx, RequestContext } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/config';
import { IdOrSlugParam } from '../content/dto/lookup.args';
import { EventFeedQuery } from './dto/feed.args';
import { FeedLinks, FeedsService } from './feeds.service';

/** Feeds may be cached five minutes by browsers and proxies (they are public and the same for everyone). */
export const FEED_CACHE_CONTROL = 'public, max-age=300';

/**
 * Sends a feed: its media type, the cache header, and Express's ETag, which answers 304 to a
 * client that sends it back in If-None-Match while the feed has not changed.
 */
export function sendFeed(res: Response, contentType: string, body: string): void {
  res.setHeader('Cache-Control', FEED_CACHE_CONTROL);
  res.type(contentType).send(body);
}

/** The links of a feed: PUBLIC_BASE_URL, or else (production without it) the address the feed was asked at. */
export function feedLinks(config: AppConfig, req: Request): FeedLinks {
  return new FeedLinks(config.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`);
}

/** iCalendar of the events: anonymous, published events only. */
@Controller()
export class CalendarFeedsController {
  constructor(private readonly feeds: FeedsService, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** `GET /feeds/events.ics?category=&organizerAssociationId=&channel=&limit=` */
  @Get('feeds/events.ics')
  async events(@Ctx() ctx: RequestContext, @Query() query: EventFeedQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendFeed(res, 'text/calendar; charset=utf-8', await this.feeds.eventsCalendar(ctx, query, feedLinks(this.config, req)));
  }

  /**
   * `GET /api/v1/events/<id or slug>.ics`. Registered before EventsController's `events/:idOrSlug`
   * (FeedsModule comes before EventsModule in AppModule): a test checks that this route answers.
   */
  @Get('api/v1/events/:idOrSlug.ics')
  async event(@Ctx() ctx: RequestContext, @IdOrSlugParam('brocante-de-printemps') idOrSlug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendFeed(res, 'text/calendar; charset=utf-8', await this.feeds.eventCalendar(ctx, idOrSlug, feedLinks(this.config, req)));
  }
}
