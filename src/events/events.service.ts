import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AssociationEntity } from '../associations/association.entity';
import { AssociationsService } from '../associations/associations.service';
import { groupByKey, requestLoader } from '../common/dataloader';
import { DomainError, FieldError, invalid, invalidField } from '../common/errors';
import { renderMarkdown } from '../common/markdown';
import { RequestContext } from '../common/request-context';
import { ContentLifecycle, ContentTypeDefinition, markdownMediaReferences, ReadFilter } from '../content/content-lifecycle.service';
import { Channel, ContentOperation, ContentStatus } from '../content/content.types';
import { SLUG_MAX_LENGTH, slugify } from '../content/slug';
import { MediaKind } from '../media/media-kind';
import { MediaEntity } from '../media/media.entity';
import { MediaService } from '../media/media.service';
import { TaxonomyTermEntity } from '../taxonomy/taxonomy-term.entity';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { Vocabulary } from '../taxonomy/vocabulary';
import { CreateEventInput, EventFieldsInput } from './dto/event.input';
import { EventsArgs, MAX_UPCOMING } from './dto/events.args';
import { EventCategoryEntity, EventEntity } from './event.entity';
import { OccurrenceOf, OccurrencePage, pageOfOccurrences } from './event-occurrences';
import { resolveEventRules } from './event-rules';
import { MAX_WINDOW_DAYS, toLocalDate, Window, windowProblem } from './recurrence';

export const EVENT_TYPE: ContentTypeDefinition<EventEntity> = {
  name: 'event',
  label: 'Event',
  entity: EventEntity,
  constraintMessages: {
    uq_events_slug: 'Another event already has this slug: choose another one',
    ck_events_ends_after_start: 'The end must not be before the start',
    fk_events_organizer_association: 'The organising association does not exist',
    fk_event_categories_term: 'A category does not exist',
  },
  mediaReferences: (event) => [
    ...(event.imageMediaId ? [{ mediaId: event.imageMediaId, field: 'imageMediaId' }] : []),
    ...markdownMediaReferences(event.body, 'body'),
  ],
};

const DAY_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type EventOccurrencePage = OccurrencePage<EventEntity>;

@Injectable()
export class EventsService {
  constructor(
    private readonly content: ContentLifecycle,
    private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly associations: AssociationsService,
    private readonly media: MediaService,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  /** One event by id or by slug (exactly one of them), if the caller may see it. */
  async findOne(ctx: RequestContext, lookup: { id?: string; slug?: string; channel?: Channel }): Promise<EventEntity | null> {
    if ((lookup.id === undefined) === (lookup.slug === undefined)) {
      throw invalidField(lookup.id === undefined ? 'id' : 'slug', 'Give either id or slug, not both');
    }
    const query = this.content.readQuery(ctx, EVENT_TYPE, 'event', { channel: lookup.channel });
    if (lookup.id !== undefined) query.andWhere('event.id = :id', { id: lookup.id });
    else query.andWhere('event.slug = :slug', { slug: lookup.slug });
    return query.getOne();
  }

  /** For REST paths: `/events/<uuid>` or `/events/<slug>`. */
  findByIdOrSlug(ctx: RequestContext, idOrSlug: string): Promise<EventEntity | null> {
    return this.findOne(ctx, UUID.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
  }

  /** The occurrences in a window, chronological, as a cursor connection (see WINDOW_DESCRIPTION). */
  async occurrences(ctx: RequestContext, args: EventsArgs): Promise<EventOccurrencePage> {
    const window = { from: args.from, to: args.to };
    const problem = windowProblem(window);
    if (problem) throw invalidField('to', problem);
    if (args.category) await this.taxonomy.requireTerms(Vocabulary.CATEGORY, [args.category], 'category');
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
    return requestLoader<string, TaxonomyTermEntity[]>(ctx, 'event.categories', async (ids) => {
      const links = await this.dataSource.getRepository(EventCategoryEntity)
        .createQueryBuilder('link')
        .innerJoinAndSelect('link.term', 'term')
        .where('link.eventId IN (:...ids)', { ids: [...ids] })
        .orderBy('link.position', 'ASC')
        .addOrderBy('term.label', 'ASC')
        .getMany();
      return groupByKey(ids, links, (link) => link.eventId).map((group) => group.map((link) => link.term as TaxonomyTermEntity));
    }).load(eventId);
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

  create(ctx: RequestContext, input: CreateEventInput): Promise<EventEntity> {
    return this.content.write(ctx, 'content:write', EVENT_TYPE, async (write) => {
      const rules = resolveEventRules(input, null);
      if (rules.values === null) throw fieldErrors(rules.errors);
      const categoryIds = input.categoryIds ?? [];
      await this.taxonomy.requireTerms(Vocabulary.CATEGORY, categoryIds, 'input.categoryIds');
      await this.requireOrganizer(write.manager, rules.values.organizerAssociationId);
      if (input.imageMediaId) await this.requireImage(write.manager, input.imageMediaId, 'input.imageMediaId');
      const slug = await this.chooseSlug(write.manager, input, rules.values.startsAt);
      const event = await this.content.insert(write, EVENT_TYPE, {
        ...this.plainFields(input),
        ...rules.values,
        slug,
        channels: input.channels ?? [Channel.WEB, Channel.KIOSK],
      });
      // After the insert (the links reference the new row); they only take key-share locks.
      await this.replaceCategories(write.manager, event.id, categoryIds);
      return event;
    });
  }

  update(ctx: RequestContext, id: string, version: number, input: EventFieldsInput): Promise<EventEntity> {
    return this.content.write(ctx, 'content:write', EVENT_TYPE, async (write) => {
      if (input.categoryIds) await this.taxonomy.requireTerms(Vocabulary.CATEGORY, input.categoryIds, 'input.categoryIds');
      const event = await this.content.lockForChange(write, EVENT_TYPE, id, version);
      const rules = resolveEventRules(input, event);
      if (rules.values === null) throw fieldErrors(rules.errors);
      if (rules.values.organizerAssociationId !== event.organizerAssociationId) {
        await this.requireOrganizer(write.manager, rules.values.organizerAssociationId);
      }
      if (input.slug !== undefined && input.slug !== event.slug) {
        await this.assertSlugFree(write.manager, input.slug, event.id);
        event.slug = input.slug;
      }
      if (input.imageMediaId && input.imageMediaId !== event.imageMediaId) {
        const image = await this.requireImage(write.manager, input.imageMediaId, 'input.imageMediaId');
        // What the public already sees must stay accessible: a published event only takes an image with alt text.
        if (event.status === ContentStatus.PUBLISHED) this.media.assertAccessible(image, 'input.imageMediaId');
      }
      Object.assign(event, this.plainFields(input), rules.values);
      if (input.channels) event.channels = input.channels;
      if (input.categoryIds) await this.replaceCategories(write.manager, event.id, input.categoryIds);
      return this.content.saveChange(write, EVENT_TYPE, event, ContentOperation.UPDATE);
    });
  }

  /** Refused while the image is one without a text alternative (RGAA 1.1). */
  publish(ctx: RequestContext, id: string, version: number): Promise<EventEntity> {
    return this.content.publish(ctx, EVENT_TYPE, id, version, async (event, write) => {
      if (!event.imageMediaId) return;
      this.media.assertAccessible(await this.requireImage(write.manager, event.imageMediaId, 'imageMediaId'), 'imageMediaId');
    });
  }

  /** Batched: the image of each event of a list in one query per request. */
  loadImage(ctx: RequestContext, event: { imageMediaId: string | null }): Promise<MediaEntity | null> {
    return this.media.loadById(ctx, event.imageMediaId);
  }

  unpublish(ctx: RequestContext, id: string, version: number): Promise<EventEntity> {
    return this.content.unpublish(ctx, EVENT_TYPE, id, version);
  }

  /** Soft delete: the row and its categories stay for the journal and history; no read returns it. */
  remove(ctx: RequestContext, id: string, version: number): Promise<EventEntity> {
    return this.content.remove(ctx, EVENT_TYPE, id, version);
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Visible events with at least one occurrence that may overlap the window (one indexed range test). */
  private windowQuery(ctx: RequestContext, window: Window, filter: ReadFilter = {}): SelectQueryBuilder<EventEntity> {
    return this.content.readQuery(ctx, EVENT_TYPE, 'event', filter)
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

  private async requireImage(manager: EntityManager, mediaId: string, field: string): Promise<MediaEntity> {
    const [image] = await this.media.requireMedia([mediaId], field, { kind: MediaKind.IMAGE }, manager);
    return image;
  }

  private async requireOrganizer(manager: EntityManager, associationId: string | null): Promise<void> {
    if (associationId) await this.associations.requireAssociation(manager, associationId, 'input.organizerAssociationId');
  }

  /**
   * The slug given, if free; otherwise one derived from the title, with the first day added when
   * the title is already taken (events often share titles: "Loto", "Conseil municipal").
   */
  private async chooseSlug(manager: EntityManager, input: CreateEventInput, startsAt: Date): Promise<string> {
    if (input.slug !== undefined) {
      await this.assertSlugFree(manager, input.slug);
      return input.slug;
    }
    const base = slugify(input.title);
    if (!base) throw invalidField('input.slug', 'Give a slug: the title has no letters or digits to build one from');
    const dated = `${base.slice(0, SLUG_MAX_LENGTH - 14).replace(/-+$/, '')}-${toLocalDate(startsAt)}`;
    const candidates = [base, dated, ...Array.from({ length: 20 }, (_, index) => `${dated}-${index + 2}`)];
    const taken = new Set((await manager.getRepository(EventEntity).createQueryBuilder('event')
      .select('event.slug', 'slug')
      .where('event.slug IN (:...candidates)', { candidates })
      .getRawMany<{ slug: string }>()).map((row) => row.slug));
    const free = candidates.find((candidate) => !taken.has(candidate));
    if (!free) throw invalidField('input.slug', 'Many events already have this title: give a slug');
    return free;
  }

  private async assertSlugFree(manager: EntityManager, slug: string, exceptId?: string): Promise<void> {
    const existing = await manager.getRepository(EventEntity).findOne({ where: { slug } });
    if (existing && existing.id !== exceptId) {
      throw invalidField('input.slug', `Another event already has the slug "${slug}": choose another one`);
    }
  }

  private async replaceCategories(manager: EntityManager, eventId: string, categoryIds: string[]): Promise<void> {
    const repository = manager.getRepository(EventCategoryEntity);
    await repository.delete({ eventId });
    if (categoryIds.length === 0) return;
    await repository.insert(categoryIds.map((termId, position) => ({ eventId, termId, position })));
  }
}

function upcomingWindow(now: Date): Window {
  return { from: now, to: new Date(now.getTime() + MAX_WINDOW_DAYS * DAY_MS) };
}

function fieldErrors(errors: FieldError[]): DomainError {
  return invalid(errors.length === 1 ? errors[0].message : `${errors.length} fields are invalid`, errors);
}
