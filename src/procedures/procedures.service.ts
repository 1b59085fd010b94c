import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { byKey, groupByKey, requestLoader } from '../common/dataloader';
import { FieldError, invalid, invalidField, notFound } from '../common/errors';
import { renderMarkdown } from '../common/markdown';
import { ConnectionShape } from '../common/pagination/connection';
import { KeysetSort, paginate } from '../common/pagination/keyset';
import { RequestContext } from '../common/request-context';
import { ContentLifecycle, ContentTypeDefinition, markdownMediaReferences } from '../content/content-lifecycle.service';
import { Channel } from '../content/content.types';
import { slugify } from '../content/slug';
import { MediaKind } from '../media/media-kind';
import { MediaEntity } from '../media/media.entity';
import { mediaUrl } from '../media/media.model';
import { MediaService } from '../media/media.service';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { Vocabulary } from '../taxonomy/vocabulary';
import { checklistText, checkSelection, groupAlternatives, SelectionProblem, selectDocuments } from './checklist';
import { CreateProcedureInput, OnlineServiceInput, ProcedureCaseInput, ProcedureFieldsInput, RequiredDocumentInput } from './dto/procedure.input';
import { ProceduresArgs } from './dto/procedures.args';
import {
  OnlineServiceValue, ProcedureCaseEntity, ProcedureDocumentCaseEntity, ProcedureDocumentEntity, ProcedureEntity, ProcedureRelationEntity,
} from './procedure.entity';
import { ChecklistResult, DocumentWithCases } from './procedure.model';
import { foldText, isCalendarDate, locationProblems, onlineServiceProblems, structureProblems } from './procedure-rules';
import { likeContains } from '../common/like-pattern';
import { DocumentRequirement, ProcedureAudience, ProcedureLocationKind } from './procedure.types';

export const PROCEDURE_TYPE: ContentTypeDefinition<ProcedureEntity> = {
  name: 'procedure',
  label: 'Procedure sheet',
  entity: ProcedureEntity,
  constraintMessages: {
    uq_procedures_slug: 'Another procedure sheet already has this slug: choose another',
    fk_procedures_theme: 'The theme does not exist',
    fk_procedure_relations_related: 'A related sheet does not exist',
    uq_procedure_cases_key: 'Two cases of the sheet have the same key',
    uq_procedure_cases_label: 'Two cases of one question have the same label',
  },
  mediaReferences: (sheet) => [
    ...sheet.onlineServices.flatMap((service, index) => (service.mediaId ? [{ mediaId: service.mediaId, field: `onlineServices.${index}.mediaId` }] : [])),
    ...markdownMediaReferences(sheet.explanation, 'explanation'),
  ],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STRUCTURE_PATHS = { cases: 'input.cases', documents: 'input.documents' };

const BY_TITLE: KeysetSort<ProcedureEntity> = {
  column: 'procedure.sortTitle', idColumn: 'procedure.id', direction: 'ASC', kind: 'string',
  valueOf: (procedure) => procedure.sortTitle, idOf: (procedure) => procedure.id,
};

interface Relations {
  /** What the sheet itself links to, in the editor's order. */
  declared: string[];
  /** Sheets that link to this one. */
  incoming: string[];
}

@Injectable()
export class ProceduresService {
  constructor(
    private readonly content: ContentLifecycle,
    private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly media: MediaService,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  /** One sheet by id or by slug (exactly one of them), if the caller may see it. */
  async findOne(ctx: RequestContext, lookup: { id?: string; slug?: string; channel?: Channel }): Promise<ProcedureEntity | null> {
    if ((lookup.id === undefined) === (lookup.slug === undefined)) {
      throw invalidField(lookup.id === undefined ? 'id' : 'slug', 'Give either id or slug, not both');
    }
    const query = this.content.readQuery(ctx, PROCEDURE_TYPE, 'procedure', { channel: lookup.channel });
    if (lookup.id !== undefined) query.andWhere('procedure.id = :id', { id: lookup.id });
    else query.andWhere('procedure.slug = :slug', { slug: lookup.slug });
    return query.getOne();
  }

  findByIdOrSlug(ctx: RequestContext, idOrSlug: string, channel?: Channel): Promise<ProcedureEntity | null> {
    return this.findOne(ctx, UUID.test(idOrSlug) ? { id: idOrSlug, channel } : { slug: idOrSlug, channel });
  }

  /** Sheets by title, accents and case aside ("Élections" between "Déchets" and "Enfance"). */
  async list(ctx: RequestContext, args: ProceduresArgs): Promise<ConnectionShape<ProcedureEntity>> {
    const query = this.content.readQuery(ctx, PROCEDURE_TYPE, 'procedure', { channel: args.channel, status: args.status });
    if (args.theme && UUID.test(args.theme)) {
      query.andWhere('procedure.themeId = :theme', { theme: args.theme });
    } else if (args.theme) {
      query.andWhere('procedure.themeId IN (SELECT term.id FROM taxonomy_terms term WHERE term.vocabulary = :vocabulary AND term.slug = :theme)',
        { vocabulary: Vocabulary.PROCEDURE_THEME, theme: args.theme });
    }
    if (args.audience) {
      query.andWhere('procedure.audiences @> ARRAY[CAST(:audience AS procedure_audience)]', { audience: args.audience });
    }
    foldText(args.search ?? '').split(' ').filter(Boolean).forEach((word, index) => {
      query.andWhere(`procedure.searchText LIKE :word${index} ESCAPE '\\'`, { [`word${index}`]: likeContains(word) });
    });
    return paginate(query, args, BY_TITLE);
  }

  /** Batched: visible sheets by id (related sheets of a list). */
  loadById(ctx: RequestContext, id: string): Promise<ProcedureEntity | null> {
    return requestLoader<string, ProcedureEntity | null>(ctx, 'procedure.byId', async (ids) => {
      const rows = await this.content.readQuery(ctx, PROCEDURE_TYPE, 'procedure').andWhere('procedure.id IN (:...ids)', { ids: [...ids] }).getMany();
      return byKey(ids, rows, (row) => row.id);
    }).load(id);
  }

  /** Batched: the cases of many sheets in one query, in their order. */
  loadCases(ctx: RequestContext, procedureId: string): Promise<ProcedureCaseEntity[]> {
    return requestLoader<string, ProcedureCaseEntity[]>(ctx, 'procedure.cases', async (ids) => {
      const rows = await this.dataSource.getRepository(ProcedureCaseEntity).find({
        where: { procedureId: In([...ids]) }, order: { position: 'ASC' },
      });
      return groupByKey(ids, rows, (row) => row.procedureId);
    }).load(procedureId);
  }

  /** Batched: the documents of many sheets, with the keys of their cases, in one query. */
  loadDocuments(ctx: RequestContext, procedureId: string): Promise<DocumentWithCases[]> {
    return requestLoader<string, DocumentWithCases[]>(ctx, 'procedure.documents', async (ids) => {
      const rows = await this.dataSource.getRepository(ProcedureDocumentEntity).createQueryBuilder('document')
        .leftJoinAndSelect('document.caseLinks', 'link')
        .leftJoinAndSelect('link.case', 'case')
        .where('document.procedureId IN (:...ids)', { ids: [...ids] })
        .orderBy('document.position', 'ASC')
        .addOrderBy('case.position', 'ASC')
        .getMany();
      const documents = rows.map((row) => Object.assign(row, {
        caseKeys: (row.caseLinks ?? []).flatMap((link) => (link.case ? [link.case] : []))
          .sort((a, b) => a.position - b.position).map((item) => item.key),
      }));
      return groupByKey(ids, documents, (row) => row.procedureId);
    }).load(procedureId);
  }

  /** Batched: the relation rows of many sheets, both directions, in one query. */
  private loadRelations(ctx: RequestContext, procedureId: string): Promise<Relations> {
    return requestLoader<string, Relations>(ctx, 'procedure.relations', async (ids) => {
      const rows = await this.dataSource.getRepository(ProcedureRelationEntity).find({
        where: [{ procedureId: In([...ids]) }, { relatedId: In([...ids]) }],
        order: { position: 'ASC' },
      });
      return ids.map((id) => ({
        declared: rows.filter((row) => row.procedureId === id).map((row) => row.relatedId),
        incoming: rows.filter((row) => row.relatedId === id).map((row) => row.procedureId),
      }));
    }).load(procedureId);
  }

  /** The ids the sheet itself links to, as the editor ordered them (what `relatedProcedureIds` edits). */
  async loadRelatedIds(ctx: RequestContext, procedureId: string): Promise<string[]> {
    return (await this.loadRelations(ctx, procedureId)).declared;
  }

  /**
   * Related sheets, read both ways: a link is made once, on either sheet ("cession de véhicule" →
   * "certificat de non-gage"), and each of the two shows the other. The sheet's own links come
   * first in its order, then the sheets linking to it, by title. Only sheets the caller may see.
   */
  async loadRelated(ctx: RequestContext, procedureId: string, channel?: Channel): Promise<ProcedureEntity[]> {
    const { declared, incoming } = await this.loadRelations(ctx, procedureId);
    const visible = async (ids: string[]): Promise<ProcedureEntity[]> => (await Promise.all(ids.map((id) => this.loadById(ctx, id))))
      .filter((item): item is ProcedureEntity => item !== null && (!channel || item.channels.includes(channel)));
    const own = await visible(declared);
    const others = (await visible(incoming.filter((id) => !declared.includes(id))))
      .sort((a, b) => (a.sortTitle === b.sortTitle ? a.id.localeCompare(b.id) : a.sortTitle < b.sortTitle ? -1 : 1));
    return [...own, ...others];
  }

  /** Batched: the forms of the media library of a list of sheets in one query per request. */
  loadOnlineServiceMedia(ctx: RequestContext, service: { mediaId: string | null }): Promise<MediaEntity | null> {
    return this.media.loadById(ctx, service.mediaId ?? null);
  }

  /** The exact list for one resident's situation; unknown cases and two answers to one question are refused. */
  async checklist(ctx: RequestContext, idOrSlug: string, caseKeys: readonly string[], channel?: Channel): Promise<ChecklistResult> {
    const sheet = await this.findByIdOrSlug(ctx, idOrSlug, channel);
    if (!sheet) throw notFound(PROCEDURE_TYPE.label);
    const [cases, documents] = await Promise.all([this.loadCases(ctx, sheet.id), this.loadDocuments(ctx, sheet.id)]);
    const { selection, problems } = checkSelection(cases, caseKeys);
    if (problems.length > 0) {
      const fields = problems.map((problem) => ({ path: 'cases', message: describeSelectionProblem(problem, cases) }));
      throw invalid(fields.length === 1 ? fields[0].message : `${fields.length} problems with the chosen cases`, fields);
    }
    const entries = groupAlternatives(selectDocuments(cases, documents, selection.cases.map((item) => item.key)));
    return { sheet, selection, entries, text: checklistText(sheet, selection, entries) };
  }

  // ---- writes ------------------------------------------------------------------------------

  create(ctx: RequestContext, input: CreateProcedureInput): Promise<ProcedureEntity> {
    return this.content.write(ctx, 'content:write', PROCEDURE_TYPE, async (write) => {
      const slug = input.slug ?? slugify(input.title);
      if (!slug) throw invalidField('input.slug', 'Give a slug: the title has no letters or digits to build one from');
      const cases = input.cases ?? [];
      const documents = input.documents ?? [];
      await this.validate(write.manager, input, cases, documents, null);
      await this.assertSlugFree(write.manager, slug, null);
      const sheet = Object.assign(new ProcedureEntity(), {
        summary: null, explanation: '', explanationHtml: '', cost: null, processingTime: null, themeId: null, lastReviewedOn: null,
        locationKind: ProcedureLocationKind.TOWN_HALL_DESK, officeName: null, officeAddress: null, officeOpeningHours: null,
        onlineServices: [], legalReferences: [],
        ...this.editableFields(input),
        ...(input.onlineServices ? { onlineServices: await this.onlineServiceValues(write.manager, input.onlineServices) } : {}),
        slug,
        audiences: input.audiences ?? [ProcedureAudience.INDIVIDUALS],
        channels: input.channels ?? [Channel.WEB, Channel.KIOSK],
      });
      const created = await this.content.insert(write, PROCEDURE_TYPE, derive(sheet));
      // After the journal row, these writes only touch the new sheet's own rows and sheets that
      // validate() already share-locked, so no lock is taken behind the journal lock.
      await this.replaceChildren(write.manager, created.id, cases, documents);
      await this.replaceRelations(write.manager, created.id, input.relatedProcedureIds ?? []);
      return created;
    });
  }

  /**
   * Changes a sheet at the version the editor read. Cases and documents, when given, replace the
   * old ones as a whole in the same transaction: documents alone are checked against the sheet's
   * current cases; cases alone are refused, since the current documents name cases by key.
   */
  update(ctx: RequestContext, id: string, version: number, input: ProcedureFieldsInput): Promise<ProcedureEntity> {
    return this.content.update(ctx, PROCEDURE_TYPE, id, version, async (sheet, write) => {
      if (input.cases && !input.documents) {
        throw invalidField('input.documents', 'Send the documents with the cases: documents name the cases they apply to');
      }
      const cases: ProcedureCaseInput[] = input.cases
        ?? (input.documents ? (await write.manager.getRepository(ProcedureCaseEntity).find({ where: { procedureId: id }, order: { position: 'ASC' } })) : []);
      await this.validate(write.manager, input, cases, input.documents ?? [], id);
      if (input.slug !== undefined && input.slug !== sheet.slug) await this.assertSlugFree(write.manager, input.slug, id);
      derive(Object.assign(sheet, this.editableFields(input)));
      if (input.onlineServices) sheet.onlineServices = await this.onlineServiceValues(write.manager, input.onlineServices);
      if (input.audiences) sheet.audiences = input.audiences;
      if (input.channels) sheet.channels = input.channels;
      if (input.documents) await this.replaceChildren(write.manager, id, cases, input.documents);
      if (input.relatedProcedureIds) await this.replaceRelations(write.manager, id, input.relatedProcedureIds);
    });
  }

  /** Publishing needs a summary: lists and the kiosk show it. */
  publish(ctx: RequestContext, id: string, version: number): Promise<ProcedureEntity> {
    return this.content.publish(ctx, PROCEDURE_TYPE, id, version, (sheet) => {
      if (!sheet.summary) throw invalidField('summary', 'Write a summary before publishing: lists and the kiosk show it');
    });
  }

  unpublish(ctx: RequestContext, id: string, version: number): Promise<ProcedureEntity> {
    return this.content.unpublish(ctx, PROCEDURE_TYPE, id, version);
  }

  /** Soft delete: the sheet disappears from reads, and from the related sheets of others. */
  remove(ctx: RequestContext, id: string, version: number): Promise<ProcedureEntity> {
    return this.content.remove(ctx, PROCEDURE_TYPE, id, version);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private editableFields(input: ProcedureFieldsInput): Partial<ProcedureEntity> {
    const fields: Partial<ProcedureEntity> = {};
    if (input.title !== undefined) fields.title = input.title.trim();
    if (input.slug !== undefined) fields.slug = input.slug;
    if (input.themeId !== undefined) fields.themeId = input.themeId ?? null;
    if (input.summary !== undefined) fields.summary = input.summary?.trim() || null;
    if (input.explanation !== undefined) {
      fields.explanation = input.explanation;
      fields.explanationHtml = renderMarkdown(input.explanation);
    }
    if (input.whereToGo !== undefined) {
      fields.locationKind = input.whereToGo.kind;
      fields.officeName = input.whereToGo.officeName?.trim() || null;
      fields.officeAddress = input.whereToGo.address?.trim() || null;
      fields.officeOpeningHours = input.whereToGo.openingHours?.trim() || null;
    }
    if (input.cost !== undefined) fields.cost = input.cost?.trim() || null;
    if (input.processingTime !== undefined) fields.processingTime = input.processingTime?.trim() || null;
    if (input.legalReferences !== undefined) fields.legalReferences = input.legalReferences.map((reference) => reference.trim());
    if (input.lastReviewedOn !== undefined) fields.lastReviewedOn = input.lastReviewedOn ?? null;
    return fields;
  }

  /** Every rule beyond single fields, reported together; then theme and related sheets, which need the database. */
  private async validate(manager: EntityManager, input: ProcedureFieldsInput, cases: readonly ProcedureCaseInput[],
    documents: readonly RequiredDocumentInput[], selfId: string | null): Promise<void> {
    const problems: FieldError[] = [
      ...structureProblems(cases, documents, STRUCTURE_PATHS),
      ...(input.whereToGo ? locationProblems(input.whereToGo, 'input.whereToGo') : []),
      ...onlineServiceProblems(input.onlineServices ?? [], 'input.onlineServices'),
    ];
    if (input.lastReviewedOn && !isCalendarDate(input.lastReviewedOn)) {
      problems.push({ path: 'input.lastReviewedOn', message: `${input.lastReviewedOn} is not a day of the calendar` });
    }
    (input.relatedProcedureIds ?? []).forEach((relatedId, index) => {
      if (relatedId === selfId) problems.push({ path: `input.relatedProcedureIds.${index}`, message: 'A sheet cannot be related to itself' });
    });
    if (problems.length > 0) throw invalid(problems.length === 1 ? problems[0].message : `${problems.length} fields are invalid`, problems);
    if (input.themeId) await this.taxonomy.requireTerms(Vocabulary.PROCEDURE_THEME, [input.themeId], 'input.themeId');
    await this.lockRelated(manager, input.relatedProcedureIds ?? []);
  }

  /**
   * Input links → stored ones. A `mediaId` must be a document of the library; the link's address
   * defaults to the library's. One query per form so that an error names its own field, as for
   * legal notice documents (at most 10, the DTO's limit).
   */
  private async onlineServiceValues(manager: EntityManager, services: readonly OnlineServiceInput[]): Promise<OnlineServiceValue[]> {
    const withForm = services.flatMap((service, index) => (service.mediaId ? [{ mediaId: service.mediaId, index }] : []));
    const forms = await this.media.requireMedia(withForm.map((service) => service.mediaId),
      (position) => `input.onlineServices.${withForm[position].index}.mediaId`, { kind: MediaKind.DOCUMENT }, manager);
    const addresses = new Map<string, string>(forms.map((form) => [form.id, mediaUrl(form)]));
    return services.map((service, index) => {
      const url = service.url || (service.mediaId ? addresses.get(service.mediaId) : undefined);
      // validate() has already refused a link with neither; this only keeps an empty address out of the row.
      if (!url) throw invalidField(`input.onlineServices.${index}.url`, 'Give the https address of the service or form');
      return { name: service.name.trim(), url, kind: service.kind, cerfaNumber: service.cerfaNumber ?? null, mediaId: service.mediaId ?? null };
    });
  }

  /**
   * Checks that the related sheets exist (drafts included: staff link sheets before publishing them)
   * and share-locks them so that none is deleted before this transaction commits.
   */
  private async lockRelated(manager: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await manager.getRepository(ProcedureEntity).createQueryBuilder('procedure')
      .select('procedure.id')
      .where('procedure.id IN (:...ids)', { ids: [...ids] })
      .setLock('pessimistic_read')
      .getMany();
    const found = new Set(rows.map((row) => row.id));
    const missing = ids.flatMap((id, index) => (found.has(id) ? [] : [{ path: `input.relatedProcedureIds.${index}`, message: 'No procedure sheet has this id' }]));
    if (missing.length > 0) throw invalid(missing[0].message, missing);
  }

  private async assertSlugFree(manager: EntityManager, slug: string, exceptId: string | null): Promise<void> {
    const existing = await manager.getRepository(ProcedureEntity).findOne({ where: { slug } });
    if (existing && existing.id !== exceptId) throw invalidField('input.slug', `Another procedure sheet already has the slug "${slug}"`);
  }

  /** Replaces the cases and documents of a sheet as a whole (positions follow the input order). */
  private async replaceChildren(manager: EntityManager, procedureId: string, cases: readonly ProcedureCaseInput[],
    documents: readonly RequiredDocumentInput[]): Promise<void> {
    await manager.delete(ProcedureDocumentEntity, { procedureId });
    await manager.delete(ProcedureCaseEntity, { procedureId });
    const caseIds = new Map<string, string>();
    if (cases.length > 0) {
      const inserted = await manager.insert(ProcedureCaseEntity, cases.map((item, position) => ({
        procedureId, key: item.key, label: item.label.trim(), question: item.question.trim(), position,
      })));
      cases.forEach((item, index) => caseIds.set(item.key, String(inserted.identifiers[index].id)));
    }
    if (documents.length === 0) return;
    const inserted = await manager.insert(ProcedureDocumentEntity, documents.map((document, position) => ({
      procedureId,
      label: document.label.trim(),
      note: document.note?.trim() || null,
      form: document.form,
      quantity: document.quantity,
      requirement: document.requirement,
      condition: document.requirement === DocumentRequirement.CONDITIONAL ? document.condition?.trim() || null : null,
      oneOfGroup: document.oneOfGroup ?? null,
      position,
    })));
    const links = documents.flatMap((document, index) => (document.caseKeys ?? []).map((key) => ({
      documentId: String(inserted.identifiers[index].id), caseId: caseIds.get(key) as string,
    })));
    if (links.length > 0) await manager.insert(ProcedureDocumentCaseEntity, links);
  }

  private async replaceRelations(manager: EntityManager, procedureId: string, relatedIds: readonly string[]): Promise<void> {
    await manager.delete(ProcedureRelationEntity, { procedureId });
    if (relatedIds.length === 0) return;
    await manager.insert(ProcedureRelationEntity, relatedIds.map((relatedId, position) => ({ procedureId, relatedId, position })));
  }
}

/** The columns computed from others: folded title for sorting, folded words for searching. */
function derive(sheet: ProcedureEntity): ProcedureEntity {
  sheet.sortTitle = foldText(sheet.title);
  sheet.searchText = foldText(`${sheet.title} ${sheet.summary ?? ''}`);
  return sheet;
}

function describeSelectionProblem(problem: SelectionProblem, cases: readonly ProcedureCaseEntity[]): string {
  switch (problem.kind) {
    case 'unknown-cases': {
      const known = cases.length > 0 ? cases.map((item) => item.key).join(', ') : 'none';
      return `Unknown case ${problem.keys.map((key) => `"${key}"`).join(', ')} (this sheet's cases: ${known})`;
    }
    case 'two-answers':
      return `Choose one answer to "${problem.question}", not ${problem.keys.map((key) => `"${key}"`).join(' and ')}: its cases exclude each other`;
  }
}
