import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { byKey, groupByKey, requestLoader } from '../common/dataloader';
import { invalid, invalidField } from '../common/errors';
import { renderMarkdown } from '../common/markdown';
import { ConnectionShape } from '../common/pagination/connection';
import { KeysetSort, paginate } from '../common/pagination/keyset';
import { RequestContext } from '../common/request-context';
import { ContentLifecycle, ContentTypeDefinition, markdownMediaReferences } from '../content/content-lifecycle.service';
import { Channel, ContentOperation, ContentStatus } from '../content/content.types';
import { slugify } from '../content/slug';
import { MediaKind } from '../media/media-kind';
import { MediaEntity } from '../media/media.entity';
import { MediaService } from '../media/media.service';
import { TaxonomyTermEntity } from '../taxonomy/taxonomy-term.entity';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { Vocabulary } from '../taxonomy/vocabulary';
import { AssociationCategoryEntity, AssociationEntity } from './association.entity';
import { indexLetter, searchNameOf, searchPattern, sortNameOf } from './association-names';
import { CrossFieldValues, crossFieldErrors } from './association-rules';
import { AssociationFieldsInput, CreateAssociationInput } from './dto/association.input';
import { AssociationsArgs } from './dto/associations.args';
import { toE164 } from './phone';

export const ASSOCIATION_TYPE: ContentTypeDefinition<AssociationEntity> = {
  name: 'association',
  label: 'Association',
  entity: AssociationEntity,
  constraintMessages: {
    uq_associations_slug: 'Another association already has this slug: choose another one',
    fk_association_categories_term: 'A category was deleted meanwhile: reload the list of categories',
    ck_associations_siret_of_siren: 'The SIRET must start with the SIREN',
    ck_associations_geo_pair: 'Give both latitude and longitude, or neither',
  },
  mediaReferences: (association) => [
    ...(association.logoMediaId ? [{ mediaId: association.logoMediaId, field: 'logoMediaId' }] : []),
    ...markdownMediaReferences(association.body, 'body'),
  ],
};

/** The directory's order: French alphabetical on the significant word (see association-names.ts). */
const BY_NAME: KeysetSort<AssociationEntity> = {
  column: 'association.sortName', idColumn: 'association.id', direction: 'ASC', kind: 'string',
  valueOf: (association) => association.sortName, idOf: (association) => association.id,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Optional text: trimmed, and empty means none. */
const text = (value: string | null | undefined): string | null => value?.trim() || null;

@Injectable()
export class AssociationsService {
  constructor(
    private readonly content: ContentLifecycle,
    private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly media: MediaService,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  /** One association by id or by slug (exactly one of them), if the caller may see it. */
  async findOne(ctx: RequestContext, lookup: { id?: string; slug?: string; channel?: Channel }): Promise<AssociationEntity | null> {
    if ((lookup.id === undefined) === (lookup.slug === undefined)) {
      throw invalidField(lookup.id === undefined ? 'id' : 'slug', 'Give either id or slug, not both');
    }
    const query = this.content.readQuery(ctx, ASSOCIATION_TYPE, 'association', { channel: lookup.channel });
    if (lookup.id !== undefined) query.andWhere('association.id = :id', { id: lookup.id });
    else query.andWhere('association.slug = :slug', { slug: lookup.slug });
    return query.getOne();
  }

  /** For REST paths that take either: an id when it looks like one, otherwise a slug. */
  findByIdOrSlug(ctx: RequestContext, idOrSlug: string): Promise<AssociationEntity | null> {
    return this.findOne(ctx, UUID.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
  }

  async list(ctx: RequestContext, args: AssociationsArgs): Promise<ConnectionShape<AssociationEntity>> {
    const query = this.content.readQuery(ctx, ASSOCIATION_TYPE, 'association', { channel: args.channel, status: args.status });
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
    return requestLoader<string, AssociationEntity | null>(ctx, 'association.byId', async (ids) => {
      const rows = await this.content.readQuery(ctx, ASSOCIATION_TYPE, 'association')
        .andWhere('association.id IN (:...ids)', { ids: [...ids] })
        .getMany();
      return byKey(ids, rows, (row) => row.id);
    }).load(id);
  }

  /** Batched: the categories of many associations in one query per request, main category first. */
  loadCategories(ctx: RequestContext, associationId: string): Promise<TaxonomyTermEntity[]> {
    return requestLoader<string, TaxonomyTermEntity[]>(ctx, 'association.categories', async (ids) => {
      const links = await this.dataSource.getRepository(AssociationCategoryEntity)
        .createQueryBuilder('link')
        .innerJoinAndSelect('link.term', 'term')
        .where('link.associationId IN (:...ids)', { ids: [...ids] })
        .orderBy('link.position', 'ASC')
        .addOrderBy('term.label', 'ASC')
        .getMany();
      return groupByKey(ids, links, (link) => link.associationId).map((group) => group.map((link) => link.term as TaxonomyTermEntity));
    }).load(associationId);
  }

  /**
   * For other modules' writes (an event's organiser): the association, draft or published but not
   * deleted, or a BAD_USER_INPUT on `field`. Pass the transaction's manager when inside one.
   */
  async requireAssociation(manager: EntityManager | null | undefined, id: string, field: string): Promise<AssociationEntity> {
    const found = UUID.test(id)
      ? await (manager ?? this.dataSource.manager).getRepository(AssociationEntity).findOne({ where: { id } })
      : null;
    if (!found) throw invalidField(field, 'Unknown association: use an id from the associations query');
    return found;
  }

  // ---- writes ------------------------------------------------------------------------------

  create(ctx: RequestContext, input: CreateAssociationInput): Promise<AssociationEntity> {
    return this.content.write(ctx, 'content:write', ASSOCIATION_TYPE, async (write) => {
      const slug = input.slug ?? slugify(input.name);
      if (!slug) throw invalidField('input.slug', 'Give a slug: the name has no letters or digits to build one from');
      const categoryIds = input.categoryIds ?? [];
      await this.taxonomy.requireTerms(Vocabulary.CATEGORY, categoryIds, 'input.categoryIds');
      await this.assertSlugFree(write.manager, slug, 'input.slug');
      if (input.logoMediaId) await this.requireLogo(write.manager, input.logoMediaId, 'input.logoMediaId');
      const fields = this.editableFields(input);
      const { latitude = null, longitude = null, siren = null, siret = null } = fields;
      this.assertConsistent({ latitude, longitude, siren, siret }, input);
      const association = await this.content.insert(write, ASSOCIATION_TYPE, {
        ...fields,
        slug,
        acceptsNewMembers: input.acceptsNewMembers ?? true,
        channels: input.channels ?? [Channel.WEB, Channel.KIOSK],
      });
      // After the insert (the links reference the new row); they only take key-share locks.
      await this.replaceCategories(write.manager, association.id, categoryIds);
      return association;
    });
  }

  update(ctx: RequestContext, id: string, version: number, input: AssociationFieldsInput): Promise<AssociationEntity> {
    return this.content.write(ctx, 'content:write', ASSOCIATION_TYPE, async (write) => {
      if (input.categoryIds) await this.taxonomy.requireTerms(Vocabulary.CATEGORY, input.categoryIds, 'input.categoryIds');
      const association = await this.content.lockForChange(write, ASSOCIATION_TYPE, id, version);
      if (input.slug !== undefined && input.slug !== association.slug) {
        await this.assertSlugFree(write.manager, input.slug, 'input.slug', association.id);
        association.slug = input.slug;
      }
      if (input.logoMediaId && input.logoMediaId !== association.logoMediaId) {
        const logo = await this.requireLogo(write.manager, input.logoMediaId, 'input.logoMediaId');
        // What the public already sees must stay accessible: a published association only takes an image with alt text.
        if (association.status === ContentStatus.PUBLISHED) this.media.assertAccessible(logo, 'input.logoMediaId');
      }
      Object.assign(association, this.editableFields(input));
      if (input.acceptsNewMembers !== undefined) association.acceptsNewMembers = input.acceptsNewMembers;
      if (input.channels) association.channels = input.channels;
      this.assertConsistent(association, input);
      if (input.categoryIds) await this.replaceCategories(write.manager, association.id, input.categoryIds);
      return this.content.saveChange(write, ASSOCIATION_TYPE, association, ContentOperation.UPDATE);
    });
  }

  /** Refused while the logo is an image without a text alternative (RGAA 1.1). */
  publish(ctx: RequestContext, id: string, version: number): Promise<AssociationEntity> {
    return this.content.publish(ctx, ASSOCIATION_TYPE, id, version, async (association, write) => {
      if (!association.logoMediaId) return;
      this.media.assertAccessible(await this.requireLogo(write.manager, association.logoMediaId, 'logoMediaId'), 'logoMediaId');
    });
  }

  /** Batched: the logo of each association of a list in one query per request. */
  loadLogo(ctx: RequestContext, association: { logoMediaId: string | null }): Promise<MediaEntity | null> {
    return this.media.loadById(ctx, association.logoMediaId);
  }

  unpublish(ctx: RequestContext, id: string, version: number): Promise<AssociationEntity> {
    return this.content.unpublish(ctx, ASSOCIATION_TYPE, id, version);
  }

  /** Soft delete: the row and its categories stay for the journal and history; no read returns it. */
  remove(ctx: RequestContext, id: string, version: number): Promise<AssociationEntity> {
    return this.content.remove(ctx, ASSOCIATION_TYPE, id, version);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private async categoryFilter(args: AssociationsArgs): Promise<string | null> {
    if (args.category !== undefined && args.categorySlug !== undefined) {
      throw invalidField('categorySlug', 'Give either category or categorySlug, not both');
    }
    if (args.category !== undefined) {
      await this.taxonomy.requireTerms(Vocabulary.CATEGORY, [args.category], 'category');
      return args.category;
    }
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

  private assertConsistent(values: CrossFieldValues, input: AssociationFieldsInput): void {
    const errors = crossFieldErrors(values, (field) => input[field] !== undefined);
    if (errors.length > 0) throw invalid(errors.length === 1 ? errors[0].message : `${errors.length} fields are invalid`, errors);
  }

  private async requireLogo(manager: EntityManager, mediaId: string, field: string): Promise<MediaEntity> {
    const [logo] = await this.media.requireMedia([mediaId], field, { kind: MediaKind.IMAGE }, manager);
    return logo;
  }

  private async assertSlugFree(manager: EntityManager, slug: string, field: string, exceptId?: string): Promise<void> {
    const existing = await manager.getRepository(AssociationEntity).findOne({ where: { slug } });
    if (existing && existing.id !== exceptId) {
      throw invalidField(field, `Another association already has the slug "${slug}": choose another one`);
    }
  }

  private async replaceCategories(manager: EntityManager, associationId: string, categoryIds: string[]): Promise<void> {
    const repository = manager.getRepository(AssociationCategoryEntity);
    await repository.delete({ associationId });
    if (categoryIds.length === 0) return;
    await repository.insert(categoryIds.map((termId, position) => ({ associationId, termId, position })));
  }
}
