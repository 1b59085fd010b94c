import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, EntityManager, In } from 'typeorm';
import { requirePermission } from '../auth/permissions';
import { translateConstraintError } from '../common/database-errors';
import { byKey, groupByKey, requestLoader } from '../common/dataloader';
import { conflict, invalidField, notFound } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { slugify } from '../content/slug';
import { JsonEntityReader } from '../database/json-entities';
import { TermInput } from './dto/taxonomy.args';
import { TaxonomyTermEntity } from './taxonomy-term.entity';
import { Vocabulary } from './vocabulary';

const CONSTRAINTS = { uq_taxonomy_terms_slug: 'This list already has a term with this slug' };

/** A join table from content items to terms (`event_categories`, `association_categories`). */
export interface TermLinkTable<L extends TermLink> {
  entity: new () => L;
  /** The property holding the item's id: `eventId`. */
  owner: keyof L & string;
  /** The table and owner column, for SQL: `event_categories`, `event_id`. */
  table: string;
  ownerColumn: string;
}

export interface TermLink {
  termId: string;
  position: number;
  term?: TaxonomyTermEntity;
}

/** SQL (item alias `item`) of the term ids an item links to, in order: for revision snapshots. */
export function linkedTermIdsSql(table: Pick<TermLinkTable<TermLink>, 'table' | 'ownerColumn'>): string {
  return `(SELECT coalesce(jsonb_agg(link.term_id ORDER BY link.position), '[]'::jsonb) FROM ${table.table} link WHERE link.${table.ownerColumn} = item.id)`;
}

/**
 * Staff-managed lists of terms. Content modules validate term ids with `requireTerms` and load
 * them with the batched `loadTerm`; their join tables reference `taxonomy_terms` with
 * ON DELETE RESTRICT, so a term in use cannot disappear under content.
 */
/**
 * Inside a write: checks that every id is a term of `vocabulary` and share-locks them until the
 * write commits; `field` names the input field in the error, with the unknown id.
 */
export async function requireTerms(manager: EntityManager, vocabulary: Vocabulary, ids: readonly string[], field: string): Promise<TaxonomyTermEntity[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await manager.getRepository(TaxonomyTermEntity).createQueryBuilder('term')
    .where('term.id IN (:...ids) AND term.vocabulary = :vocabulary', { ids: unique, vocabulary })
    .setLock('pessimistic_read')
    .getMany();
  const missing = unique.filter((id) => !rows.some((row) => row.id === id));
  if (missing.length > 0) {
    throw invalidField(field, `Unknown ${vocabularyNoun(vocabulary)} ${missing.join(', ')} (it may have been deleted): use ids from the terms(vocabulary:) query`);
  }
  return unique.map((id) => rows.find((row) => row.id === id) as TaxonomyTermEntity);
}

/** Inside a write: the item's links become exactly these terms, in this order. */
export async function replaceLinkedTerms<L extends TermLink>(manager: EntityManager, table: TermLinkTable<L>, ownerId: string,
  termIds: readonly string[]): Promise<void> {
  const repository = manager.getRepository(table.entity);
  await repository.delete({ [table.owner]: ownerId } as never);
  if (termIds.length === 0) return;
  await repository.insert(termIds.map((termId, position) => ({ [table.owner]: ownerId, termId, position })) as never[]);
}

@Injectable()
export class TaxonomyService {
  private termReader?: JsonEntityReader<TaxonomyTermEntity>;

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

  /** For a read's filter: the term, or BAD_USER_INPUT on `field`. */
  async requireFilterTerm(vocabulary: Vocabulary, id: string, field: string): Promise<TaxonomyTermEntity> {
    const term = await this.dataSource.getRepository(TaxonomyTermEntity).findOne({ where: { id, vocabulary } });
    if (!term) throw invalidField(field, `Unknown ${vocabularyNoun(vocabulary)}: use ids from the terms(vocabulary:) query`);
    return term;
  }

  /** Batched: the terms many items link to, in one query per request and table, in the editor's order. */
  loadLinkedTerms<L extends TermLink>(ctx: RequestContext, table: TermLinkTable<L>, ownerId: string): Promise<TaxonomyTermEntity[]> {
    return this.linkedTermsLoader(ctx, table).load(ownerId);
  }

  /**
   * For a statement that reads owners (alias `ownerAlias`): their linked terms as one JSON array, in
   * loadLinkedTerms's order; give each owner's array to `primeLinkedTerms`.
   */
  linkedTermsJsonSql<L extends TermLink>(table: TermLinkTable<L>, ownerAlias: string): string {
    return `COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY l."position", t."label") FROM "${table.table}" l
      JOIN "taxonomy_terms" t ON t."id" = l."term_id" WHERE l."${table.ownerColumn}" = ${ownerAlias}."id"), '[]'::jsonb)`;
  }

  /** Gives loadLinkedTerms an owner's terms read by `linkedTermsJsonSql`. */
  primeLinkedTerms<L extends TermLink>(ctx: RequestContext, table: TermLinkTable<L>, ownerId: string, termsJson: Record<string, unknown>[]): void {
    this.termReader ??= new JsonEntityReader<TaxonomyTermEntity>(this.dataSource.getMetadata(TaxonomyTermEntity));
    const reader = this.termReader;
    this.linkedTermsLoader(ctx, table).prime(ownerId, termsJson.map((json) => reader.entity(json)));
  }

  private linkedTermsLoader<L extends TermLink>(ctx: RequestContext, table: TermLinkTable<L>): DataLoader<string, TaxonomyTermEntity[]> {
    return requestLoader<string, TaxonomyTermEntity[]>(ctx, `terms.${table.table}`, async (ids) => {
      const links = await this.dataSource.getRepository(table.entity).createQueryBuilder('link')
        .innerJoinAndSelect('link.term', 'term')
        .where(`link.${table.owner} IN (:...ids)`, { ids: [...ids] })
        .orderBy('link.position', 'ASC')
        .addOrderBy('term.label', 'ASC')
        .getMany();
      return groupByKey(ids, links, (link) => String(link[table.owner])).map((group) => group.map((link) => link.term as TaxonomyTermEntity));
    });
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

function vocabularyNoun(vocabulary: Vocabulary): string {
  return vocabulary === Vocabulary.CATEGORY ? 'category' : 'theme';
}
