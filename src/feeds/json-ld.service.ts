import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssociationsService } from '../associations/associations.service';
import { notFound } from '../common/errors';
import { byKey, requestLoader } from '../common/dataloader';
import { RequestContext } from '../common/request-context';
import { EventStatus } from '../events/event-status';
import { EventsService } from '../events/events.service';
import { FeedLinks, publicContext } from './feeds.service';
import { associationJsonLd, AssociationJsonLdSource, EventDate, eventJsonLd, EventJsonLdSource, JsonLd } from './json-ld';

interface OccurrenceRow {
  event_id: string;
  starts_at: Date;
  ends_at: Date;
  event_status: EventStatus;
  rescheduled: boolean;
  original_starts_at: Date;
}

/** schema.org JSON-LD of events and associations: the `.jsonld` routes and the `jsonLd` GraphQL fields. */
@Injectable()
export class JsonLdService {
  constructor(
    private readonly events: EventsService,
    private readonly associations: AssociationsService,
    private readonly dataSource: DataSource,
  ) {}

  async eventByIdOrSlug(ctx: RequestContext, idOrSlug: string, links: FeedLinks): Promise<JsonLd> {
    const event = await this.events.findByIdOrSlug(publicContext(ctx), idOrSlug);
    if (!event) throw notFound('Event');
    return this.event(ctx, event, links);
  }

  async associationByIdOrSlug(ctx: RequestContext, idOrSlug: string, links: FeedLinks): Promise<JsonLd> {
    const association = await this.associations.findByIdOrSlug(publicContext(ctx), idOrSlug);
    if (!association) throw notFound('Association');
    return this.association(association, links);
  }

  /** The event at its next date (a series at its next occurrence; a past event at its last). */
  async event(ctx: RequestContext, event: EventJsonLdSource, links: FeedLinks): Promise<JsonLd> {
    const publicCtx = publicContext(ctx);
    const [date, categories, organizer] = await Promise.all([
      this.nextDate(ctx, event), this.events.loadCategories(publicCtx, event.id), this.events.loadOrganizer(publicCtx, event),
    ]);
    return eventJsonLd({
      event, date, url: links.event(event), categories: categories.map((term) => term.label), imageUrl: null,
      organizer: organizer
        ? { name: organizer.name, url: organizer.website ?? links.url(`/api/v1/associations/${organizer.id}`) }
        : event.organizerName ? { name: event.organizerName, url: null } : null,
    });
  }

  association(association: AssociationJsonLdSource, links: FeedLinks): JsonLd {
    return associationJsonLd(association, links.url(`/api/v1/associations/${association.id}`), null);
  }

  /**
   * From the occurrence index: the next date still to come (or under way), else the last one; a
   * postponed date that has moved is skipped for the date it moved to. Batched per request: an
   * events list asking for `jsonLd` costs one statement, not one per event.
   */
  private async nextDate(ctx: RequestContext, event: EventJsonLdSource): Promise<EventDate> {
    const loader = requestLoader<string, OccurrenceRow | null>(ctx, 'jsonLd.nextDate', async (ids) => {
      const rows = await this.dataSource.query<OccurrenceRow[]>(`
        SELECT DISTINCT ON (event_id) event_id, starts_at, ends_at, event_status, rescheduled, original_starts_at
          FROM event_occurrences
         WHERE event_id = ANY($1::uuid[]) AND moved_to IS NULL
         ORDER BY event_id, ends_at < now(), CASE WHEN ends_at >= now() THEN starts_at END, starts_at DESC`, [ids]);
      return byKey(ids, rows, (row) => row.event_id);
    });
    const row = await loader.load(event.id);
    if (!row) return { startsAt: event.startsAt, endsAt: event.endsAt, status: event.eventStatus, previousStartsAt: null };
    return {
      startsAt: row.starts_at, endsAt: row.ends_at, status: row.event_status,
      previousStartsAt: row.rescheduled ? row.original_starts_at : null,
    };
  }
}
