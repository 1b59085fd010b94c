import { Injectable } from '@nestjs/common';
import { invalidField, invalidFields } from '../common/errors';
import { renderMarkdown } from '../common/markdown';
import { ConnectionShape } from '../common/pagination/connection';
import { KeysetSort, paginate } from '../common/pagination/keyset';
import { RequestContext } from '../common/request-context';
import { ChangeOptions, ContentLifecycle, ContentSteps, ItemVersion } from '../content/content-lifecycle.service';
import { ContentReader, SlugLookup } from '../content/content-reader.service';
import { markdownMediaReferences } from '../content/markdown-media';
import { idsIn, registerContentType } from '../content/content-type';
import { Channel, ContentTypeName } from '../content/content.types';
import { slugify } from '../content/slug';
import { MediaKind } from '../media/media-kind';
import { MediaEntity } from '../media/media.entity';
import { MediaService } from '../media/media.service';
import { TaxonomyTermEntity } from '../taxonomy/taxonomy-term.entity';
import { linkedTermIdsSql, replaceLinkedTerms, requireTerms, TaxonomyService, TermLinkTable } from '../taxonomy/taxonomy.service';
import { Vocabulary } from '../taxonomy/vocabulary';
import { AssociationCategoryEntity, AssociationEntity } from './association.entity';
import { toAssociation } from './association.model';
import { indexLetter, searchNameOf, searchPattern, sortNameOf } from './association-names';
import { crossFieldErrors } from './association-rules';
import { AssociationFieldsInput, CreateAssociationInput } from './dto/association.input';
import { AssociationsArgs } from './dto/associations.args';
import { toE164 } from './phone';

const CATEGORY_LINKS: TermLinkTable<AssociationCategoryEntity> = {
  entity: AssociationCategoryEntity, owner: 'associationId', table: 'association_categories', ownerColumn: 'association_id',
};

export const ASSOCIATION_TYPE = registerContentType<AssociationEntity>({
  name: ContentTypeName.ASSOCIATION,
  label: 'Association',
  restPath: 'associations',
  entity: AssociationEntity,
  titleProperty: 'name',
  toApi: toAssociation,
  constraintMessages: {
    uq_associations_slug: 'Another association already has this slug: choose another one',
    fk_association_categories_term: 'A category was deleted meanwhile: reload the list of categories',
    ck_associations_siret_of_siren: 'The SIRET must start with the SIREN',
    ck_associations_geo_pair: 'Give both latitude and longitude, or neither',
  },
  uniqueKeys: [{ properties: ['slug'], field: 'slug', noun: 'slug' }],
  mediaReferences: (association) => [
    ...(association.logoMediaId ? [{ mediaId: association.logoMediaId, field: 'logoMediaId' }] : []),
    ...markdownMediaReferences(association.body, 'body'),
  ],
  relationsSql: `jsonb_build_object('categoryIds', ${linkedTermIdsSql(CATEGORY_LINKS)})`,
  restoreRelations: async (association, relations, write) => {
    const categoryIds = idsIn(relations.categoryIds);
    await requireTerms(write.manager, Vocabulary.CATEGORY, categoryIds, 'categoryIds');
    await replaceLinkedTerms(write.manager, CATEGORY_LINKS, association.id, categoryIds);
  },
  derivedColumns: ['sort_name', 'search_name', 'body_html'],
});

/** The directory's order: French alphabetical on the significant word (see association-names.ts). */
const BY_NAME: KeysetSort<AssociationEntity> = {
  column: 'association.sortName', idColumn: 'association.id', direction: 'ASC', kind: 'string',
  valueOf: (association) => association.sortName, idOf: (association) => association.id,
};

/** Optional text: trimmed, and empty means none. */
const text = (value: string | null | undefined): string | null => value?.trim() || null;

@Injectable()
export class AssociationsService {
  constructor(
    private readonly content: ContentLifecycle,
    private readonly reader: ContentReader,
    private readonly taxonomy: TaxonomyService,
    private readonly media: MediaService,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  /** One association by id or by slug (exactly one of them), if the caller may see it. */
  findOne(ctx: RequestContext, lookup: SlugLookup): Promise<AssociationEntity | null> {
    return this.reader.findOne(ctx, ASSOCIATION_TYPE, lookup);
  }

  /** For REST paths that take either: an id when it looks like one, otherwise a slug. */
  findByIdOrSlug(ctx: RequestContext, idOrSlug: string): Promise<AssociationEntity | null> {
    return this.reader.findByIdOrSlug(ctx, ASSOCIATION_TYPE, idOrSlug);
  }

  async list(ctx: RequestContext, args: AssociationsArgs): Promise<ConnectionShape<AssociationEntity>> {
    const query = this.reader.readQuery(ctx, ASSOCIATION_TYPE, 'association', { channel: args.channel, status: args.status });
    const termId = await this.categoryFilter(args);
    if (termId) {
      query.andWhere(
        'EXISTS (SELECT 1 FROM association_categories link WHERE link.association_id = association.id AND link.term_id = :termId)',
        { termId },
      );
    }
    if (args.letter !== undefined) {
      const letter = indexLetter(args.letter);
      if (!letter) throw invalidField('letter', 'letter must be one letter from A to Z');
      query.andWhere('association.sortName LIKE :prefix', { prefix: `${letter}%` });
    }
    if (args.search !== undefined) {
      const pattern = searchPattern(args.search);
      if (!pattern) throw invalidField('search', 'search must contain at least one letter or digit');
      query.andWhere('association.searchName LIKE :pattern', { pattern });
    }
    return paginate(query, args, BY_NAME);
  }

  /**
   * Batched: many associations by id in one query per request, with the caller's visibility
   * (anonymous callers get null for a draft). For other modules, e.g. an event's organiser.
   */
  loadById(ctx: RequestContext, id: string): Promise<AssociationEntity | null> {
    return this.reader.loadById(ctx, ASSOCIATION_TYPE, id);
  }

  /** Batched: the categories of many associations in one query per request, main category first. */
  loadCategories(ctx: RequestContext, associationId: string): Promise<TaxonomyTermEntity[]> {
    return this.taxonomy.loadLinkedTerms(ctx, CATEGORY_LINKS, associationId);
  }

  /** Batched: the logo of each association of a list in one query per request. */
  loadLogo(ctx: RequestContext, association: { logoMediaId: string | null }): Promise<MediaEntity | null> {
    return this.media.loadById(ctx, association.logoMediaId);
  }

  // ---- writes ------------------------------------------------------------------------------

  create(ctx: RequestContext, input: CreateAssociationInput, options?: ChangeOptions): Promise<AssociationEntity> {
    return this.content.create(ctx, ASSOCIATION_TYPE, this.creationSteps(input), options);
  }

  /** Several associations in one transaction, all or none (see ContentLifecycle.createMany). */
  createMany(ctx: RequestContext, inputs: CreateAssociationInput[], options?: ChangeOptions): Promise<AssociationEntity[]> {
    return this.content.createMany(ctx, ASSOCIATION_TYPE, inputs.map((input) => this.creationSteps(input)), options);
  }

  private creationSteps(input: CreateAssociationInput): ContentSteps<AssociationEntity> {
    const categoryIds = input.categoryIds ?? [];
    return {
      apply: async (association, write) => {
        const slug = input.slug ?? slugify(input.name);
        if (!slug) throw invalidField('input.slug', 'Give a slug: the name has no letters or digits to build one from');
        await requireTerms(write.manager, Vocabulary.CATEGORY, categoryIds, 'input.categoryIds');
        if (input.logoMediaId) await this.media.requireMedia(write.manager, [input.logoMediaId], 'input.logoMediaId', { kind: MediaKind.IMAGE });
        Object.assign(association, {
          latitude: null, longitude: null, siren: null, siret: null,
          ...this.editableFields(input),
          slug,
          acceptsNewMembers: input.acceptsNewMembers ?? true,
          channels: input.channels ?? [Channel.WEB, Channel.KIOSK],
        });
        this.assertConsistent(association, input);
      },
      writeChildren: (association, write) => replaceLinkedTerms(write.manager, CATEGORY_LINKS, association.id, categoryIds),
    };
  }

  update(ctx: RequestContext, at: ItemVersion, input: AssociationFieldsInput, options?: ChangeOptions): Promise<AssociationEntity> {
    return this.content.update(ctx, ASSOCIATION_TYPE, at, {
      apply: async (association, write) => {
        if (input.categoryIds) await requireTerms(write.manager, Vocabulary.CATEGORY, input.categoryIds, 'input.categoryIds');
        if (input.logoMediaId && input.logoMediaId !== association.logoMediaId) {
          await this.media.requireMedia(write.manager, [input.logoMediaId], 'input.logoMediaId', { kind: MediaKind.IMAGE });
        }
        if (input.slug !== undefined) association.slug = input.slug;
        Object.assign(association, this.editableFields(input));
        if (input.acceptsNewMembers !== undefined) association.acceptsNewMembers = input.acceptsNewMembers;
        if (input.channels) association.channels = input.channels;
        this.assertConsistent(association, input);
      },
      writeChildren: async (association, write) => {
        if (input.categoryIds) await replaceLinkedTerms(write.manager, CATEGORY_LINKS, association.id, input.categoryIds);
      },
    }, options);
  }

  /** Refused while the logo is an image without a text alternative (RGAA 1.1: the core checks every shown file). */
  publish(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<AssociationEntity> {
    return this.content.publish(ctx, ASSOCIATION_TYPE, at, options);
  }

  unpublish(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<AssociationEntity> {
    return this.content.unpublish(ctx, ASSOCIATION_TYPE, at, options);
  }

  /** Soft delete: the row and its categories stay for the journal and history; no read returns it. */
  remove(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<AssociationEntity> {
    return this.content.remove(ctx, ASSOCIATION_TYPE, at, options);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private async categoryFilter(args: AssociationsArgs): Promise<string | null> {
    if (args.category !== undefined && args.categorySlug !== undefined) {
      throw invalidField('categorySlug', 'Give either category or categorySlug, not both');
    }
    if (args.category !== undefined) return (await this.taxonomy.requireFilterTerm(Vocabulary.CATEGORY, args.category, 'category')).id;
    if (args.categorySlug !== undefined) {
      const term = await this.taxonomy.findBySlug(Vocabulary.CATEGORY, args.categorySlug);
      if (!term) throw invalidField('categorySlug', 'Unknown category: use a slug from the terms(vocabulary: CATEGORY) query');
      return term.id;
    }
    return null;
  }

  /** The input's fields as columns: text trimmed (empty is none), phone in E.164, derived names and HTML. */
  private editableFields(input: AssociationFieldsInput): Partial<AssociationEntity> {
    const fields: Partial<AssociationEntity> = {};
    if (input.name !== undefined) {
      fields.name = input.name.trim();
      fields.sortName = sortNameOf(fields.name);
      fields.searchName = searchNameOf(fields.name);
    }
    if (input.body !== undefined) {
      fields.body = input.body;
      fields.bodyHtml = renderMarkdown(input.body);
    }
    if (input.phone !== undefined) {
      // The DTO has checked the number; this also guards callers that skip it (seed, other modules).
      fields.phone = input.phone === null ? null : toE164(input.phone);
      if (input.phone !== null && fields.phone === null) throw invalidField('input.phone', 'phone must be a phone number, e.g. 03 27 59 51 11');
    }
    const texts = ['summary', 'contactName', 'contactRole', 'email', 'website', 'street', 'postalCode', 'city',
      'meetingPlace', 'schedule', 'rnaNumber', 'siren', 'siret'] as const;
    for (const key of texts) if (input[key] !== undefined) fields[key] = text(input[key]);
    if (input.latitude !== undefined) fields.latitude = input.latitude;
    if (input.longitude !== undefined) fields.longitude = input.longitude;
    if (input.logoMediaId !== undefined) fields.logoMediaId = input.logoMediaId;
    return fields;
  }

  private assertConsistent(association: AssociationEntity, input: AssociationFieldsInput): void {
    const errors = crossFieldErrors(association, (field) => input[field] !== undefined);
    if (errors.length > 0) throw invalidFields(errors);
  }
}

