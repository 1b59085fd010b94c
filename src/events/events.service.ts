import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { AssociationEntity } from '../associations/association.entity';
import { ASSOCIATION_TYPE, AssociationsService } from '../associations/associations.service';
import { byKey, requestLoader } from '../common/dataloader';
import { invalidField, invalidFields } from '../common/errors';
import { renderMarkdown } from '../common/markdown';
import { JsonEntityReader } from '../database/json-entities';
import { RequestContext } from '../common/request-context';
import { ChangeOptions, ContentLifecycle, ContentSteps, ItemVersion } from '../content/content-lifecycle.service';
import { Edge, PageInfo, pageSize } from '../common/pagination/connection';
import { decodeCursor, encodeCursor } from '../common/pagination/keyset';
import { ContentReader, requireLiveItems, SlugLookup } from '../content/content-reader.service';
import { idsIn, registerContentType } from '../content/content-type';
import { markdownMediaReferences } from '../content/markdown-media';
import { Channel, ContentStatus, ContentTypeName } from '../content/content.types';
import { SLUG_MAX_LENGTH, slugify } from '../content/slug';
import { MediaKind } from '../media/media-kind';
import { MediaEntity } from '../media/media.entity';
import { MediaService } from '../media/media.service';
import { TaxonomyTermEntity } from '../taxonomy/taxonomy-term.entity';
import { linkedTermIdsSql, replaceLinkedTerms, requireTerms, TaxonomyService, TermLinkTable } from '../taxonomy/taxonomy.service';
import { Vocabulary } from '../taxonomy/vocabulary';
import { ContentWrite } from '../content/content-write';
import { CreateEventInput, EventFieldsInput } from './dto/event.input';
import { EventsArgs, MAX_UPCOMING } from './dto/events.args';
import { EventCategoryEntity, EventEntity } from './event.entity';
import { toEvent } from './event.model';
import {
  countOccurrences, firstOccurrencesByOrganizer, OccurrenceCursor, OccurrenceFilter, OccurrenceRecord, pageOfOccurrencesWithEvents,
} from './event-occurrences.query';
import { writeOccurrences } from './event-occurrences.store';
import { resolveEventRules } from './event-rules';
import { toLocalDate } from './recurrence';

const CATEGORY_LINKS: TermLinkTable<EventCategoryEntity> = {
  entity: EventCategoryEntity, owner: 'eventId', table: 'event_categories', ownerColumn: 'event_id',
};

export const EVENT_TYPE = registerContentType<EventEntity>({
  name: ContentTypeName.EVENT,
  label: 'Event',
  restPath: 'events',
  entity: EventEntity,
  titleProperty: 'title',
  toApi: toEvent,
  constraintMessages: {
    uq_events_slug: 'Another event already has this slug: choose another one',
    ck_events_ends_after_start: 'The end must not be before the start',
    fk_events_organizer_association: 'The organising association does not exist',
    fk_event_categories_term: 'A category does not exist',
  },
  uniqueKeys: [{ properties: ['slug'], field: 'slug', noun: 'slug' }],
  mediaReferences: (event) => [
    ...(event.imageMediaId ? [{ mediaId: event.imageMediaId, field: 'imageMediaId' }] : []),
    ...markdownMediaReferences(event.body, 'body'),
  ],
  // The organiser, when the event names an association of the directory, must exist (drafts included).
  checkReferences: async (event, write, fieldPrefix) => {
    if (event.organizerAssociationId) {
      await requireLiveItems(write, ASSOCIATION_TYPE, [event.organizerAssociationId], () => `${fieldPrefix}organizerAssociationId`);
    }
  },
  relationsSql: `jsonb_build_object('categoryIds', ${linkedTermIdsSql(CATEGORY_LINKS)})`,
  restoreRelations: async (event, relations, write) => {
    const categoryIds = idsIn(relations.categoryIds);
    await requireTerms(write.manager, Vocabulary.CATEGORY, categoryIds, 'categoryIds');
    await replaceLinkedTerms(write.manager, CATEGORY_LINKS, event.id, categoryIds);
  },
  // Revisions saved before events had occurrence overrides: none (revisions are append-only, never rewritten).
  upgradeSnapshotFields: (fields) => ('occurrence_overrides' in fields ? fields : { ...fields, occurrence_overrides: [] }),
  // The occurrence index follows every write: schedule, overrides, status, channels, organiser, categories, deletion.
  afterWrite: async (id, item, write) => {
    const event = item ?? await write.manager.getRepository(EventEntity).findOneOrFail({ where: { id }, withDeleted: true });
    await writeOccurrences(write.manager, [event]);
  },
  derivedColumns: ['body_html', 'series_ends_at', 'occurrence_count'],
});

/** An occurrence of a list with its event (without body). */
export interface OccurrenceNode {
  occurrence: OccurrenceRecord;
  event: EventEntity;
}

export interface EventOccurrencePage {
  edges: Edge<OccurrenceNode>[];
  pageInfo: PageInfo;
  /** Counts the occurrences of every page: a statement of its own, for clients that ask. */
  countAll: () => Promise<number>;
}

@Injectable()
export class EventsService {
  private summaryColumns?: string[];
  private summaryReader?: JsonEntityReader<EventEntity>;
  private organizerReader?: JsonEntityReader<AssociationEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly content: ContentLifecycle,
    private readonly reader: ContentReader,
    private readonly taxonomy: TaxonomyService,
    private readonly associations: AssociationsService,
    private readonly media: MediaService,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  /** One event by id or by slug (exactly one of them), if the caller may see it. */
  findOne(ctx: RequestContext, lookup: SlugLookup): Promise<EventEntity | null> {
    return this.reader.findOne(ctx, EVENT_TYPE, lookup);
  }

  /** For REST paths: `/events/<uuid>` or `/events/<slug>`. */
  findByIdOrSlug(ctx: RequestContext, idOrSlug: string): Promise<EventEntity | null> {
    return this.reader.findByIdOrSlug(ctx, EVENT_TYPE, idOrSlug);
  }

  /**
   * The occurrences of a list, chronological, as a cursor connection (see WINDOW_DESCRIPTION): one
   * indexed query on the occurrence index with ORDER BY and LIMIT, then the page's events in one
   * batched load (without their body). `countAll` runs the count only when a client asks for it.
   */
  async occurrences(ctx: RequestContext, args: EventsArgs, options: { withRelations?: boolean; now?: Date } = {}): Promise<EventOccurrencePage> {
    const now = options.now ?? new Date();
    const from = args.from ?? now;
    if (args.to && args.to.getTime() <= from.getTime()) throw invalidField('to', args.from ? 'to must be after from' : 'to must be in the future when from is left out');
    if (args.category) await this.taxonomy.requireFilterTerm(Vocabulary.CATEGORY, args.category, 'category');
    const filter: OccurrenceFilter = {
      from, to: args.to ?? null, contentStatus: this.visibleStatus(ctx, args.status), channel: args.channel,
      categoryId: args.category, organizerAssociationId: args.organizerAssociationId,
    };
    const first = pageSize(args.first);
    const cursor = args.after ? decodeCursor(args.after, 'date') : null;
    const records = await this.pageWithEvents(ctx, filter, cursor && { startsAt: cursor.value as Date, eventId: cursor.id }, first + 1,
      options.withRelations);
    const page = records.slice(0, first);
    const cursorOf = (record: OccurrenceRecord): string => encodeCursor(record.startsAt, record.eventId);
    const nodes = page.flatMap(({ occurrence, event }) => (event ? [{ occurrence, event }] : []));
    return {
      edges: nodes.map((node) => ({ cursor: cursorOf(node.occurrence), node })),
      pageInfo: { hasNextPage: records.length > first, endCursor: page.length > 0 ? cursorOf(page[page.length - 1].occurrence) : null },
      countAll: () => countOccurrences(this.dataSource.manager, filter),
    };
  }

  /** The next occurrences from now (those going on included), for the kiosk's home screen. */
  async upcoming(ctx: RequestContext, args: { first: number; channel?: Channel }, options: { withRelations?: boolean; now?: Date } = {}):
    Promise<OccurrenceNode[]> {
    const filter: OccurrenceFilter = { from: options.now ?? new Date(), contentStatus: this.visibleStatus(ctx), channel: args.channel };
    return (await this.pageWithEvents(ctx, filter, null, args.first, options.withRelations)).flatMap(({ occurrence, event }) => (event ? [{ occurrence, event }] : []));
  }

  /** Batched: the next occurrences of the events of many associations, in one query per request. */
  upcomingForAssociation(ctx: RequestContext, associationId: string, first: number, now = new Date()): Promise<OccurrenceNode[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_UPCOMING) throw invalidField('first', `first must be from 1 to ${MAX_UPCOMING}`);
    return requestLoader<string, OccurrenceNode[]>(ctx, `event.upcomingByAssociation.${first}`, async (ids) => {
      const groups = await firstOccurrencesByOrganizer(this.dataSource.manager, ids, { from: now, contentStatus: this.visibleStatus(ctx) }, first);
      return Promise.all(groups.map((group) => this.withEvents(ctx, group)));
    }).load(associationId);
  }

  /** Batched: an event without its body (what lists show), with the caller's visibility. */
  loadSummary(ctx: RequestContext, id: string): Promise<EventEntity | null> {
    return this.summaryLoader(ctx).load(id);
  }

  private summaryLoader(ctx: RequestContext): DataLoader<string, EventEntity | null> {
    return requestLoader<string, EventEntity | null>(ctx, 'event.summaryById', async (ids) => {
      const rows = await this.reader.readQuery(ctx, EVENT_TYPE, 'event')
        .select(this.summaryProperties().map((property) => `event.${property}`))
        .andWhere('event.id IN (:...ids)', { ids: [...ids] })
        .getMany();
      return byKey(ids, rows, (row) => row.id);
    });
  }

  /** Batched: the Markdown body and its HTML, for the events of a list whose client asks for them. */
  loadBody(ctx: RequestContext, id: string): Promise<{ body: string; bodyHtml: string } | null> {
    return requestLoader<string, EventEntity | null>(ctx, 'event.bodyById', async (ids) => {
      const rows = await this.reader.readQuery(ctx, EVENT_TYPE, 'event')
        .select(['event.id', 'event.body', 'event.bodyHtml'])
        .andWhere('event.id IN (:...ids)', { ids: [...ids] })
        .getMany();
      return byKey(ids, rows, (row) => row.id);
    }).load(id);
  }

  /** Batched: the categories of many events in one query per request, main category first. */
  loadCategories(ctx: RequestContext, eventId: string): Promise<TaxonomyTermEntity[]> {
    return this.taxonomy.loadLinkedTerms(ctx, CATEGORY_LINKS, eventId);
  }

  /** Batched, visibility-aware (a draft association is null for the public): the organiser of an event. */
  loadOrganizer(ctx: RequestContext, event: { organizerAssociationId: string | null }): Promise<AssociationEntity | null> {
    return event.organizerAssociationId ? this.associations.loadById(ctx, event.organizerAssociationId) : Promise.resolve(null);
  }

  /** For the demo seed: a possible organiser among the visible associations, by slug. */
  findOrganizerBySlug(ctx: RequestContext, slug: string): Promise<AssociationEntity | null> {
    return this.associations.findOne(ctx, { slug });
  }

  // ---- writes ------------------------------------------------------------------------------

  create(ctx: RequestContext, input: CreateEventInput, options?: ChangeOptions): Promise<EventEntity> {
    return this.content.create(ctx, EVENT_TYPE, this.creationSteps(input), options);
  }

  /** Several events in one transaction, all or none (see ContentLifecycle.createMany). */
  createMany(ctx: RequestContext, inputs: CreateEventInput[], options?: ChangeOptions): Promise<EventEntity[]> {
    return this.content.createMany(ctx, EVENT_TYPE, inputs.map((input) => this.creationSteps(input)), options);
  }

  private creationSteps(input: CreateEventInput): ContentSteps<EventEntity> {
    const categoryIds = input.categoryIds ?? [];
    return {
      apply: async (event, write) => {
        const rules = resolveEventRules(input, null);
        if (rules.values === null) throw invalidFields(rules.errors);
        await requireTerms(write.manager, Vocabulary.CATEGORY, categoryIds, 'input.categoryIds');
        if (input.imageMediaId) await this.media.requireMedia(write.manager, [input.imageMediaId], 'input.imageMediaId', { kind: MediaKind.IMAGE });
        Object.assign(event, {
          imageMediaId: null,
          ...this.plainFields(input),
          ...rules.values,
          slug: await this.chooseSlug(write, input, rules.values.startsAt),
          channels: input.channels ?? [Channel.WEB, Channel.KIOSK],
        });
      },
      writeChildren: (event, write) => replaceLinkedTerms(write.manager, CATEGORY_LINKS, event.id, categoryIds),
    };
  }

  update(ctx: RequestContext, at: ItemVersion, input: EventFieldsInput, options?: ChangeOptions): Promise<EventEntity> {
    return this.content.update(ctx, EVENT_TYPE, at, {
      apply: async (event, write) => {
        if (input.categoryIds) await requireTerms(write.manager, Vocabulary.CATEGORY, input.categoryIds, 'input.categoryIds');
        const rules = resolveEventRules(input, event);
        if (rules.values === null) throw invalidFields(rules.errors);
        if (input.imageMediaId && input.imageMediaId !== event.imageMediaId) {
          await this.media.requireMedia(write.manager, [input.imageMediaId], 'input.imageMediaId', { kind: MediaKind.IMAGE });
        }
        if (input.slug !== undefined) event.slug = input.slug;
        Object.assign(event, this.plainFields(input), rules.values);
        if (input.channels) event.channels = input.channels;
      },
      writeChildren: async (event, write) => {
        if (input.categoryIds) await replaceLinkedTerms(write.manager, CATEGORY_LINKS, event.id, input.categoryIds);
      },
    }, options);
  }

  /** Refused while the image is one without a text alternative (RGAA 1.1: the core checks every shown file). */
  publish(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<EventEntity> {
    return this.content.publish(ctx, EVENT_TYPE, at, options);
  }

  /** Batched: the image of each event of a list in one query per request. */
  loadImage(ctx: RequestContext, event: { imageMediaId: string | null }): Promise<MediaEntity | null> {
    return this.media.loadById(ctx, event.imageMediaId);
  }

  unpublish(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<EventEntity> {
    return this.content.unpublish(ctx, EVENT_TYPE, at, options);
  }

  /** Soft delete: the row and its categories stay for the journal and history; no read returns it. */
  remove(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<EventEntity> {
    return this.content.remove(ctx, EVENT_TYPE, at, options);
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** The content status a caller's lists show: published only for the public, as ContentReader.readQuery. */
  private visibleStatus(ctx: RequestContext, asked?: ContentStatus): ContentStatus | null {
    return ctx.isAuthenticated ? asked ?? null : ContentStatus.PUBLISHED;
  }

  /**
   * A page of occurrences with their events (without body) in ONE statement, the events read as JSON
   * (see JsonEntityReader); an event the caller may not see is null. Each event primes the request's
   * summary loader, so that a later load of the same event costs nothing; `withRelations` reads each
   * event's categories and organiser in the same statement too and primes their loaders (REST lists
   * always show them; GraphQL loads them only when a query selects them).
   */
  private async pageWithEvents(ctx: RequestContext, filter: OccurrenceFilter, cursor: OccurrenceCursor | null, limit: number,
    withRelations = false): Promise<Array<{ occurrence: OccurrenceRecord; event: EventEntity | null }>> {
    this.summaryReader ??= new JsonEntityReader<EventEntity>(this.dataSource.getMetadata(EventEntity), ['body', 'bodyHtml']);
    this.organizerReader ??= new JsonEntityReader<AssociationEntity>(this.dataSource.getMetadata(AssociationEntity));
    const [reader, organizerReader] = [this.summaryReader, this.organizerReader];
    const eventVisible = this.reader.visibleSql(ctx, EVENT_TYPE, 'e');
    // Events have no public rule beyond status and deletion, so their visibility is plain SQL.
    if (!eventVisible) throw new Error('Events need a visibility condition in SQL');
    const organizerVisible = this.reader.visibleSql(ctx, ASSOCIATION_TYPE, 'a');
    const related: Record<string, string> = {};
    if (withRelations) {
      related.categories = this.taxonomy.linkedTermsJsonSql(CATEGORY_LINKS, 'e');
      if (organizerVisible) related.organizer = `(SELECT to_jsonb(a) FROM "associations" a WHERE a."id" = e."organizer_association_id" AND ${organizerVisible})`;
    }
    const rows = await pageOfOccurrencesWithEvents(this.dataSource.manager, filter, cursor, limit,
      { eventJson: reader.selectSql('e'), visibleSql: eventVisible, related });
    return rows.map(({ occurrence, event, related: values }) => {
      const entity = event && reader.entity(event);
      if (entity) {
        this.summaryLoader(ctx).prime(entity.id, entity);
        if ('categories' in values) this.taxonomy.primeLinkedTerms(ctx, CATEGORY_LINKS, entity.id, values.categories as Record<string, unknown>[]);
        if ('organizer' in values && entity.organizerAssociationId) {
          const organizer = values.organizer as Record<string, unknown> | null;
          this.reader.primeById(ctx, ASSOCIATION_TYPE, entity.organizerAssociationId, organizer && organizerReader.entity(organizer));
        }
      }
      return { occurrence, event: entity };
    });
  }

  /** The events of occurrences, batched; an occurrence whose event is no longer visible is left out. */
  private async withEvents(ctx: RequestContext, records: readonly OccurrenceRecord[]): Promise<OccurrenceNode[]> {
    const events = await Promise.all(records.map((record) => this.loadSummary(ctx, record.eventId)));
    return records.flatMap((occurrence, index) => {
      const event = events[index];
      return event ? [{ occurrence, event }] : [];
    });
  }

  /** Every column of an event but its body and rendered HTML. */
  private summaryProperties(): string[] {
    this.summaryColumns ??= this.dataSource.getMetadata(EventEntity).columns
      .map((column) => column.propertyName)
      .filter((property) => property !== 'body' && property !== 'bodyHtml');
    return this.summaryColumns;
  }

  /** Fields without cross-field rules: text trimmed (empty is none), Markdown rendered. */
  private plainFields(input: EventFieldsInput): Partial<EventEntity> {
    const fields: Partial<EventEntity> = {};
    if (input.title !== undefined) fields.title = input.title.trim();
    if (input.body !== undefined) {
      fields.body = input.body;
      fields.bodyHtml = renderMarkdown(input.body);
    }
    const texts = ['summary', 'placeName', 'street', 'postalCode', 'city', 'registrationUrl', 'accessibilityNotes'] as const;
    for (const key of texts) if (input[key] !== undefined) fields[key] = input[key]?.trim() || null;
    if (input.imageMediaId !== undefined) fields.imageMediaId = input.imageMediaId;
    return fields;
  }

  /**
   * The slug given, if free; otherwise one derived from the title, with the first day added when
   * the title is already taken (events often share titles: "Loto", "Conseil municipal").
   */
  private async chooseSlug(write: ContentWrite, input: CreateEventInput, startsAt: Date): Promise<string> {
    if (input.slug !== undefined) return input.slug;
    const base = slugify(input.title);
    if (!base) throw invalidField('input.slug', 'Give a slug: the title has no letters or digits to build one from');
    const dated = `${base.slice(0, SLUG_MAX_LENGTH - 14).replace(/-+$/, '')}-${toLocalDate(startsAt)}`;
    const candidates = [base, dated, ...Array.from({ length: 20 }, (_, index) => `${dated}-${index + 2}`)];
    const taken = new Set((await write.manager.getRepository(EventEntity).createQueryBuilder('event')
      .select('event.slug', 'slug')
      .where('event.slug IN (:...candidates)', { candidates })
      .getRawMany<{ slug: string }>()).map((row) => row.slug));
    const free = candidates.find((candidate) => !taken.has(candidate));
    if (!free) throw invalidField('input.slug', 'Many events already have this title: give a slug');
    return free;
  }
}


