import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiFile, ApiJson } from '../openapi/openapi.decorators';
import type { Request, Response } from 'express';
import { Ctx, RequestContext } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/config';
import { IdOrSlugParam } from '../content/dto/lookup.args';
import { EventFeedQuery, FeedLimitQuery, PageFeedQuery } from './dto/feed.args';
import { FeedLinks, FeedsService } from './feeds.service';
import { JsonLdService } from './json-ld.service';
import { RegionalAgendaService } from './regional-agenda.service';
import { SYNDICATION_CONTENT_TYPES } from './syndication';
import { AssociationsArgs } from '../associations/dto/associations.args';
import { EventsArgs } from '../events/dto/events.args';
import { ASSOCIATION_CSV_COLUMNS, CsvColumn, CsvPage, EVENT_CSV_COLUMNS, streamCsv } from './csv-export';

/** Feeds may be cached five minutes by browsers and proxies (they are public and the same for everyone). */
export const FEED_CACHE_CONTROL = 'public, max-age=300';

/**
 * Sends a feed: its media type and the cache header. The response cache (src/cache) adds a strong
 * ETag and answers 304 to a client that sends it back in If-None-Match while the feed has not changed.
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
@ApiTags('Feeds')
@Controller()
export class CalendarFeedsController {
  constructor(private readonly feeds: FeedsService, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** `GET /feeds/events.ics?category=&organizerAssociationId=&channel=&limit=` */
  @Get('feeds/events.ics')
  @ApiDoc('iCalendar (RFC 5545) of the published events', 'Stable UIDs, TZID=Europe/Paris with its VTIMEZONE, recurrences as RRULE/EXDATE with overridden occurrences (RECURRENCE-ID), cancelled as STATUS:CANCELLED. Same filters as the events list.')
  @ApiFile('text/calendar', 'An iCalendar file')
  async events(@Ctx() ctx: RequestContext, @Query() query: EventFeedQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendFeed(res, 'text/calendar; charset=utf-8', await this.feeds.eventsCalendar(ctx, query, feedLinks(this.config, req)));
  }

  /**
   * `GET /api/v1/events/<id or slug>.ics`. Registered before EventsController's `events/:idOrSlug`
   * (FeedsModule comes before EventsModule in AppModule): a test checks that this route answers.
   */
  @Get('api/v1/events/:idOrSlug.ics')
  @ApiDoc('iCalendar of one published event')
  @ApiFile('text/calendar', 'An iCalendar file')
  async event(@Ctx() ctx: RequestContext, @IdOrSlugParam('brocante-de-printemps') idOrSlug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendFeed(res, 'text/calendar; charset=utf-8', await this.feeds.eventCalendar(ctx, idOrSlug, feedLinks(this.config, req)));
  }
}

/** RSS 2.0 and Atom: anonymous, published content only. */
@ApiTags('Feeds')
@Controller('feeds')
export class SyndicationFeedsController {
  constructor(
    private readonly feeds: FeedsService,
    private readonly agenda: RegionalAgendaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `GET /feeds/events.rss?category=&organizerAssociationId=&channel=&limit=` */
  @Get('events.rss')
  @ApiDoc('RSS 2.0 of the upcoming published events')
  @ApiFile('application/rss+xml', 'An RSS 2.0 document')
  async eventsRss(@Ctx() ctx: RequestContext, @Query() query: EventFeedQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendFeed(res, SYNDICATION_CONTENT_TYPES.rss, await this.feeds.eventsFeed(ctx, 'rss', query, feedLinks(this.config, req)));
  }

  /** `GET /feeds/events.atom`, same filters. */
  @Get('events.atom')
  @ApiDoc('Atom of the upcoming published events')
  @ApiFile('application/atom+xml', 'An Atom document')
  async eventsAtom(@Ctx() ctx: RequestContext, @Query() query: EventFeedQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendFeed(res, SYNDICATION_CONTENT_TYPES.atom, await this.feeds.eventsFeed(ctx, 'atom', query, feedLinks(this.config, req)));
  }

  /**
   * `GET /feeds/events.agenda.json?category=&organizerAssociationId=&channel=&limit=`: for regional agendas
   * (OpenAgenda's shape): titles of at most 140 characters, descriptions of at most 200, dates spelled out.
   */
  @Get('events.agenda.json')
  @ApiDoc('Upcoming events for regional agendas (OpenAgenda\'s shape)', 'Titles of at most 140 characters, descriptions of at most 200, explicit occurrences (at most 800) rather than a rule.')
  @ApiJson('RegionalAgenda')
  async eventsAgenda(@Ctx() ctx: RequestContext, @Query() query: EventFeedQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendFeed(res, 'application/json; charset=utf-8', JSON.stringify(await this.agenda.export(ctx, query, feedLinks(this.config, req))));
  }

  /** `GET /feeds/legal-notices.rss?limit=` */
  @Get('legal-notices.rss')
  @ApiDoc('RSS 2.0 of the newly published legal notices, with the PDF as enclosure')
  @ApiFile('application/rss+xml', 'An RSS 2.0 document')
  async legalNotices(@Ctx() ctx: RequestContext, @Query() query: FeedLimitQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendFeed(res, SYNDICATION_CONTENT_TYPES.rss, await this.feeds.legalNoticesFeed(ctx, query, feedLinks(this.config, req)));
  }

  /** `GET /feeds/pages.rss?channel=&limit=` */
  @Get('pages.rss')
  @ApiDoc('RSS 2.0 of the changed pages')
  @ApiFile('application/rss+xml', 'An RSS 2.0 document')
  async pages(@Ctx() ctx: RequestContext, @Query() query: PageFeedQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendFeed(res, SYNDICATION_CONTENT_TYPES.rss, await this.feeds.pagesFeed(ctx, query, feedLinks(this.config, req)));
  }
}

/**
 * Starts a CSV download once its first page is read (so that a bad filter still gets its 400), then
 * streams the rest page by page. An error after the first bytes can only cut the download short.
 */
async function sendCsv<Row>(res: Response, fileName: string, columns: readonly CsvColumn<Row>[], first: Promise<CsvPage<Row>>): Promise<void> {
  const page = await first;
  res.setHeader('Cache-Control', FEED_CACHE_CONTROL);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.type('text/csv; charset=utf-8');
  try {
    await streamCsv(res, columns, page);
  } catch (error) {
    res.destroy(error instanceof Error ? error : undefined);
  }
}

/** CSV exports of the lists, for spreadsheets: anonymous, published content only, the lists' filters. */
@ApiTags('Feeds')
@Controller('api/v1')
export class CsvExportsController {
  constructor(private readonly feeds: FeedsService, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** `GET /api/v1/events.csv?from=&to=&category=&organizerAssociationId=&channel=`: one row per occurrence, like the list. */
  @Get('events.csv')
  @ApiDoc('CSV of the event occurrences (UTF-8 with BOM, `;`-separated, streamed)', 'One row per occurrence, like the list; the filters of `GET /api/v1/events`.')
  @ApiFile('text/csv', 'A CSV file for French spreadsheets')
  async events(@Ctx() ctx: RequestContext, @Query() query: EventsArgs, @Req() req: Request, @Res() res: Response): Promise<void> {
    const links = feedLinks(this.config, req);
    await sendCsv(res, 'manifestations.csv', EVENT_CSV_COLUMNS, this.feeds.eventCsvPage(ctx, query, links));
  }

  /** `GET /api/v1/associations.csv?category=&categorySlug=&letter=&search=&channel=` */
  @Get('associations.csv')
  @ApiDoc('CSV of the associations (UTF-8 with BOM, `;`-separated, streamed)', 'The filters of `GET /api/v1/associations`.')
  @ApiFile('text/csv', 'A CSV file for French spreadsheets')
  async associations(@Ctx() ctx: RequestContext, @Query() query: AssociationsArgs, @Req() req: Request, @Res() res: Response): Promise<void> {
    const links = feedLinks(this.config, req);
    await sendCsv(res, 'associations.csv', ASSOCIATION_CSV_COLUMNS, this.feeds.associationCsvPage(ctx, query, links));
  }
}

/** schema.org JSON-LD of one published event, association or procedure sheet (`application/ld+json`). */
@ApiTags('Feeds')
@Controller('api/v1')
export class JsonLdController {
  constructor(private readonly jsonLd: JsonLdService, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** `GET /api/v1/events/<id or slug>.jsonld`: the event at its next date. Registered before `events/:idOrSlug`, as the `.ics` route. */
  @Get('events/:idOrSlug.jsonld')
  @ApiDoc('schema.org Event (JSON-LD) of one published event, at its next date')
  @ApiFile('application/ld+json', 'A JSON-LD document', { $ref: '#/components/schemas/JsonLd' })
  async event(@Ctx() ctx: RequestContext, @IdOrSlugParam('brocante-de-printemps') idOrSlug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendFeed(res, 'application/ld+json; charset=utf-8', JSON.stringify(await this.jsonLd.eventByIdOrSlug(ctx, idOrSlug, feedLinks(this.config, req))));
  }

  /** `GET /api/v1/associations/<id or slug>.jsonld` */
  @Get('associations/:idOrSlug.jsonld')
  @ApiDoc('schema.org Organization or NGO (JSON-LD) of one published association')
  @ApiFile('application/ld+json', 'A JSON-LD document', { $ref: '#/components/schemas/JsonLd' })
  async association(@Ctx() ctx: RequestContext, @IdOrSlugParam('harmonie-municipale') idOrSlug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendFeed(res, 'application/ld+json; charset=utf-8', JSON.stringify(await this.jsonLd.associationByIdOrSlug(ctx, idOrSlug, feedLinks(this.config, req))));
  }

  /** `GET /api/v1/procedures/<id or slug>.jsonld`: a GovernmentService with the documents to bring per situation. */
  @Get('procedures/:idOrSlug.jsonld')
  @ApiDoc('schema.org GovernmentService (JSON-LD) of one published procedure sheet')
  @ApiFile('application/ld+json', 'A JSON-LD document', { $ref: '#/components/schemas/JsonLd' })
  async procedure(@Ctx() ctx: RequestContext, @IdOrSlugParam('carte-identite') idOrSlug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendFeed(res, 'application/ld+json; charset=utf-8', JSON.stringify(await this.jsonLd.procedureByIdOrSlug(ctx, idOrSlug, feedLinks(this.config, req))));
  }
}
