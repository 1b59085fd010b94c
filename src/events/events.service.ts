import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import { AssociationEntity } from '../associations/association.entity';
import { ASSOCIATION_TYPE, AssociationsService } from '../associations/associations.service';
import { groupByKey, requestLoader } from '../common/dataloader';
import { invalidField, invalidFields } from '../common/errors';
import { renderMarkdown } from '../common/markdown';
import { RequestContext } from '../common/request-context';
import { ChangeOptions, ContentLifecycle, ItemVersion } from '../content/content-lifecycle.service';
import { ContentReader, ReadFilter, requireLiveItems, SlugLookup } from '../content/content-reader.service';
import { idsIn, registerContentType } from '../content/content-type';
import { markdownMediaReferences } from '../content/markdown-media';
import { Channel, ContentTypeName } from '../content/content.types';
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
import { OccurrenceOf, OccurrencePage, pageOfOccurrences } from './event-occurrences';
import { resolveEventRules } from './event-rules';
import { MAX_WINDOW_DAYS, toLocalDate, Window, windowProblem } from './recurrence';

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
  derivedColumns: ['body_html', 'series_ends_at', 'occurrence_count'],
});

const DAY_MS = 24 * 60 * 60 * 1000;

export type EventOccurrencePage = OccurrencePage<EventEntity>;

@Injectable()
export class EventsService {
  constructor(
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

  /** The occurrences in a window, chronological, as a cursor connection (see WINDOW_DESCRIPTION). */
  async occurrences(ctx: RequestContext, args: EventsArgs): Promise<EventOccurrencePage> {
    const window = { from: args.from, to: args.to };
    const problem = windowProblem(window);
    if (problem) throw invalidField('to', problem);
    if (args.category) await this.taxonomy.requireFilterTerm(Vocabulary.CATEGORY, args.category, 'category');
    const query = this.windowQuery(ctx, window, { channel: args.channel, status: args.status });
    if (args.category) {
      query.andWhere('EXISTS (SELECT 1 FROM event_categories link WHERE link.event_id = event.id AND link.term_id = :category)',
        { category: args.category });
    }
    if (args.organizerAssociationId) {
      query.andWhere('event.organizerAssociationId = :organizer', { organizer: args.organizerAssociationId });
    }
    const events = await query.getMany();
    return pageOfOccurrences(events, window, args);
  }

  /** The next occurrences from now (those going on included), for the kiosk's home screen. */
  async upcoming(ctx: RequestContext, args: { first: number; channel?: Channel }, now = new Date()): Promise<OccurrenceOf<EventEntity>[]> {
    const window = upcomingWindow(now);
    const events = await this.windowQuery(ctx, window, { channel: args.channel }).getMany();
    return pageOfOccurrences(events, window, { first: args.first }).edges.map((edge) => edge.node);
  }

  /** Batched: the next occurrences of the events of many associations, in one query per request. */
  upcomingForAssociation(ctx: RequestContext, associationId: string, first: number, now = new Date()): Promise<OccurrenceOf<EventEntity>[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_UPCOMING) throw invalidField('first', `first must be from 1 to ${MAX_UPCOMING}`);
    const window = upcomingWindow(now);
    return requestLoader<string, OccurrenceOf<EventEntity>[]>(ctx, `event.upcomingByAssociation.${first}`, async (ids) => {
      const events = await this.windowQuery(ctx, window)
        .andWhere('event.organizerAssociationId IN (:...ids)', { ids: [...ids] })
        .getMany();
      return groupByKey(ids, events, (event) => event.organizerAssociationId as string)
        .map((group) => pageOfOccurrences(group, window, { first }).edges.map((edge) => edge.node));
    }).load(associationId);
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
    const categoryIds = input.categoryIds ?? [];
    return this.content.create(ctx, EVENT_TYPE, {
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
    }, options);
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

  /** Visible events with at least one occurrence that may overlap the window (one indexed range test). */
  private windowQuery(ctx: RequestContext, window: Window, filter: ReadFilter = {}): SelectQueryBuilder<EventEntity> {
    return this.reader.readQuery(ctx, EVENT_TYPE, 'event', filter)
      .andWhere('event.seriesEndsAt >= :from AND event.startsAt < :to', { from: window.from, to: window.to });
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

function upcomingWindow(now: Date): Window {
  return { from: now, to: new Date(now.getTime() + MAX_WINDOW_DAYS * DAY_MS) };
}

