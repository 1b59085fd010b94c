import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssociationsService } from '../associations/associations.service';
import { CommuneService } from '../commune/commune.service';
import { notFound } from '../common/errors';
import { byKey, requestLoader } from '../common/dataloader';
import { RequestContext } from '../common/request-context';
import { EventStatus } from '../events/event-status';
import { EventsService } from '../events/events.service';
import { Procedure, toProcedure } from '../procedures/procedure.model';
import { PROCEDURE_TYPE, ProceduresService } from '../procedures/procedures.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { FeedLinks, publicContext } from './feeds.service';
import { associationJsonLd, AssociationJsonLdSource, EventDate, eventJsonLd, EventJsonLdSource, JsonLd } from './json-ld';
import { procedureJsonLd } from './procedure-json-ld';

interface OccurrenceRow {
  event_id: string;
  starts_at: Date;
  ends_at: Date;
  event_status: EventStatus;
  rescheduled: boolean;
  original_starts_at: Date;
}

/** The commune's facts a procedure sheet's JSON-LD names (commune settings). */
interface CommuneFacts {
  name: string | null;
  inseeCode: string | null;
}

/** schema.org JSON-LD of events, associations and procedure sheets: the `.jsonld` routes and the `jsonLd` GraphQL fields. */
@Injectable()
export class JsonLdService {
  constructor(
    private readonly events: EventsService,
    private readonly associations: AssociationsService,
    private readonly procedures: ProceduresService,
    private readonly taxonomy: TaxonomyService,
    private readonly commune: CommuneService,
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

  async procedureByIdOrSlug(ctx: RequestContext, idOrSlug: string, links: FeedLinks): Promise<JsonLd> {
    const sheet = await this.procedures.findByIdOrSlug(publicContext(ctx), idOrSlug);
    if (!sheet) throw notFound(PROCEDURE_TYPE.label);
    return this.procedure(ctx, toProcedure(sheet), links);
  }

  /**
   * A sheet as a GovernmentService (procedure-json-ld.ts). Its cases and documents are read as the
   * caller sees the sheet; its theme, related sheets and the commune settings as the public does. All
   * batched per request: a list of sheets asking for `jsonLd` costs the same statements as one.
   */
  async procedure(ctx: RequestContext, sheet: Procedure, links: FeedLinks): Promise<JsonLd> {
    const publicCtx = publicContext(ctx);
    const [cases, documents, theme, related, commune] = await Promise.all([
      this.procedures.loadCases(ctx, sheet.id),
      this.procedures.loadDocuments(ctx, sheet.id),
      sheet.themeId ? this.taxonomy.loadTerm(publicCtx, sheet.themeId) : null,
      this.procedures.loadRelated(publicCtx, sheet.id),
      requestLoader<number, CommuneFacts>(ctx, 'jsonLd.commune', async (keys) => {
        const settings = await this.commune.read();
        return keys.map(() => ({ name: settings.name, inseeCode: settings.inseeCode }));
      }).load(0),
    ]);
    return procedureJsonLd({
      sheet, cases, documents, theme: theme?.label ?? null, commune, related,
      sheetUrl: (id) => links.url(`/api/v1/procedures/${id}`),
      absolute: (pathOrUrl) => links.absolute(pathOrUrl),
    });
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
