import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { translateConstraintError } from '../common/database-errors';
import { byKey, requestLoader } from '../common/dataloader';
import { conflict, invalidField, notFound } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { requirePermission } from '../content/content-lifecycle.service';
import { slugify } from '../content/slug';
import { TermInput } from './dto/taxonomy.args';
import { TaxonomyTermEntity } from './taxonomy-term.entity';
import { Vocabulary } from './vocabulary';

const CONSTRAINTS = { uq_taxonomy_terms_slug: 'This list already has a term with this slug' };

/**
 * Staff-managed lists of terms. Content modules validate term ids with `requireTerms` and load
 * them with the batched `loadTerm`; their join tables reference `taxonomy_terms` with
 * ON DELETE RESTRICT, so a term in use cannot disappear under content.
 */
@Injectable()
export class TaxonomyService {
  constructor(private readonly dataSource: DataSource) {}

  list(vocabulary: Vocabulary): Promise<TaxonomyTermEntity[]> {
    return this.dataSource.getRepository(TaxonomyTermEntity).find({ where: { vocabulary }, order: { position: 'ASC', label: 'ASC' } });
  }

  findBySlug(vocabulary: Vocabulary, slug: string): Promise<TaxonomyTermEntity | null> {
    return this.dataSource.getRepository(TaxonomyTermEntity).findOne({ where: { vocabulary, slug } });
  }

  /** Batched lookup of terms by id for GraphQL fields. */
  loadTerm(ctx: RequestContext, id: string): Promise<TaxonomyTermEntity | null> {
    return requestLoader<string, TaxonomyTermEntity | null>(ctx, 'taxonomy.byId', async (ids) => {
      const rows = await this.dataSource.getRepository(TaxonomyTermEntity).findBy({ id: In([...ids]) });
      return byKey(ids, rows, (row) => row.id);
    }).load(id);
  }

  /** Checks that every id is a term of `vocabulary`; `field` names the input field in the error. */
  async requireTerms(vocabulary: Vocabulary, ids: string[], field: string): Promise<TaxonomyTermEntity[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const rows = await this.dataSource.getRepository(TaxonomyTermEntity).findBy({ id: In(unique), vocabulary });
    if (rows.length !== unique.length) {
      throw invalidField(field, `Unknown ${vocabulary === Vocabulary.CATEGORY ? 'category' : 'theme'}: use ids from the terms(vocabulary:) query`);
    }
    return unique.map((id) => rows.find((row) => row.id === id) as TaxonomyTermEntity);
  }

  async create(ctx: RequestContext, vocabulary: Vocabulary, input: TermInput): Promise<TaxonomyTermEntity> {
    requirePermission(ctx, 'content:publish');
    if (!input.label) throw invalidField('input.label', 'label must not be empty');
    const slug = input.slug ?? slugify(input.label);
    if (!slug) throw invalidField('input.slug', 'Give a slug: the label has no letters or digits to build one from');
    const repository = this.dataSource.getRepository(TaxonomyTermEntity);
    if (await repository.findOne({ where: { vocabulary, slug } })) throw invalidField('input.slug', `This list already has a term "${slug}"`);
    try {
      return await repository.save(repository.create({ vocabulary, slug, label: input.label.trim(), position: input.position ?? 0 }));
    } catch (error) {
      throw translateConstraintError(error, CONSTRAINTS);
    }
  }

  async update(ctx: RequestContext, id: string, version: number, input: TermInput): Promise<TaxonomyTermEntity> {
    requirePermission(ctx, 'content:publish');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const term = await manager.getRepository(TaxonomyTermEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!term) throw notFound('Term');
        if (term.version !== version) throw conflict(`Term was changed by someone else (current version ${term.version})`, term.version);
        if (input.label !== undefined) term.label = input.label.trim();
        if (input.slug !== undefined) term.slug = input.slug;
        if (input.position !== undefined) term.position = input.position;
        term.version += 1;
        return manager.getRepository(TaxonomyTermEntity).save(term);
      });
    } catch (error) {
      throw translateConstraintError(error, CONSTRAINTS);
    }
  }

  /** Refused (CONFLICT) while content still uses the term: the join tables' foreign keys say so. */
  async remove(ctx: RequestContext, id: string, version: number): Promise<TaxonomyTermEntity> {
    requirePermission(ctx, 'content:delete');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const term = await manager.getRepository(TaxonomyTermEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!term) throw notFound('Term');
        if (term.version !== version) throw conflict(`Term was changed by someone else (current version ${term.version})`, term.version);
        await manager.getRepository(TaxonomyTermEntity).delete(id);
        return term;
      });
    } catch (error) {
      const translated = translateConstraintError(error);
      throw translated instanceof Error && (error as { driverError?: { code?: string } }).driverError?.code === '23503'
        ? conflict('This term is still used by some content: remove it from that content first')
        : translated;
    }
  }
}
