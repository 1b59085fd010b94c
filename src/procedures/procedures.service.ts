import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { groupByKey, requestLoader } from '../common/dataloader';
import { FieldError, invalidField, invalidFields, notFound } from '../common/errors';
import { renderMarkdown } from '../common/markdown';
import { ConnectionShape } from '../common/pagination/connection';
import { KeysetSort, paginate } from '../common/pagination/keyset';
import { RequestContext } from '../common/request-context';
import { ChangeOptions, ContentLifecycle, ItemVersion } from '../content/content-lifecycle.service';
import { ContentReader, requireLiveItems, SlugLookup } from '../content/content-reader.service';
import { idsIn, registerContentType } from '../content/content-type';
import { ContentWrite } from '../content/content-write';
import { markdownMediaReferences } from '../content/markdown-media';
import { Channel, ContentTypeName } from '../content/content.types';
import { slugify } from '../content/slug';
import { MediaKind } from '../media/media-kind';
import { MediaEntity } from '../media/media.entity';
import { mediaUrl } from '../media/media.model';
import { MediaService } from '../media/media.service';
import { requireTerms, TaxonomyService } from '../taxonomy/taxonomy.service';
import { Vocabulary } from '../taxonomy/vocabulary';
import { CaseConditioned, checklistText, checkSelection, groupAlternatives, SelectionProblem, selectDocuments, selectLines } from './checklist';
import { CreateProcedureInput, OnlineServiceInput, ProcedureCaseInput, ProcedureFieldsInput, RequiredDocumentInput } from './dto/procedure.input';
import { ProceduresArgs } from './dto/procedures.args';
import {
  OnlineServiceValue, ProcedureCaseEntity, ProcedureDocumentCaseEntity, ProcedureDocumentEntity, ProcedureEntity, ProcedureRelationEntity,
} from './procedure.entity';
import { ChecklistResult, DocumentWithCases, toProcedure } from './procedure.model';
import { foldText, isCalendarDate, locationProblems, onlineServiceProblems, structureProblems, undeclaredCaseProblems } from './procedure-rules';
import { isUuid } from '../common/ids';
import { likeContains } from '../common/like-pattern';
import { DocumentRequirement, ProcedureAudience, ProcedureLocationKind } from './procedure.types';

export const PROCEDURE_TYPE = registerContentType<ProcedureEntity>({
  name: ContentTypeName.PROCEDURE,
  label: 'Procedure sheet',
  restPath: 'procedures',
  entity: ProcedureEntity,
  titleProperty: 'title',
  toApi: toProcedure,
  constraintMessages: {
    uq_procedures_slug: 'Another procedure sheet already has this slug: choose another',
    fk_procedures_theme: 'The theme does not exist',
    fk_procedure_relations_related: 'A related sheet does not exist',
    uq_procedure_cases_key: 'Two cases of the sheet have the same key',
    uq_procedure_cases_label: 'Two cases of one question have the same label',
  },
  uniqueKeys: [{ properties: ['slug'], field: 'slug', noun: 'slug' }],
  mediaReferences: (sheet) => [
    ...sheet.onlineServices.flatMap((service, index) => (service.mediaId ? [{ mediaId: service.mediaId, field: `onlineServices.${index}.mediaId` }] : [])),
    ...markdownMediaReferences(sheet.explanation, 'explanation'),
  ],
  checkReferences: async (sheet, write, fieldPrefix) => {
    if (sheet.themeId) await requireTerms(write.manager, Vocabulary.PROCEDURE_THEME, [sheet.themeId], `${fieldPrefix}themeId`);
  },
  /** Publishing needs a summary: lists and the kiosk show it. */
  checkPublishable: (sheet) => {
    if (!sheet.summary) throw invalidField('summary', 'Write a summary before publishing: lists and the kiosk show it');
  },
  relationsSql: `jsonb_build_object(
    'cases', (SELECT coalesce(jsonb_agg(jsonb_build_object('key', c.key, 'label', c.label, 'question', c.question) ORDER BY c.position), '[]'::jsonb)
                FROM procedure_cases c WHERE c.procedure_id = item.id),
    'documents', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                    'label', d.label, 'note', d.note, 'form', d.form, 'quantity', d.quantity, 'requirement', d.requirement,
                    'condition', d.condition, 'oneOfGroup', d.one_of_group,
                    'caseKeys', (SELECT coalesce(jsonb_agg(c.key ORDER BY c.position), '[]'::jsonb)
                                   FROM procedure_document_cases dc JOIN procedure_cases c ON c.id = dc.case_id WHERE dc.document_id = d.id)
                  ) ORDER BY d.position), '[]'::jsonb)
                FROM procedure_documents d WHERE d.procedure_id = item.id),
    'relatedProcedureIds', (SELECT coalesce(jsonb_agg(r.related_id ORDER BY r.position), '[]'::jsonb)
                FROM procedure_relations r WHERE r.procedure_id = item.id))`,
  restoreRelations: async (sheet, relations, write) => {
    const relatedIds = idsIn(relations.relatedProcedureIds);
    await requireLiveItems(write, PROCEDURE_TYPE, relatedIds, (index) => `relatedProcedureIds.${index}`);
    await replaceChildren(write.manager, sheet.id, (relations.cases ?? []) as ProcedureCaseInput[], (relations.documents ?? []) as RequiredDocumentInput[]);
    await replaceRelations(write.manager, sheet.id, relatedIds);
  },
  derivedColumns: ['sort_title', 'search_text', 'explanation_html'],
  upgradeSnapshotFields: upgradeProcedureSnapshot,
});

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
    private readonly reader: ContentReader,
    private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly media: MediaService,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  /** One sheet by id or by slug (exactly one of them), if the caller may see it. */
  findOne(ctx: RequestContext, lookup: SlugLookup): Promise<ProcedureEntity | null> {
    return this.reader.findOne(ctx, PROCEDURE_TYPE, lookup);
  }

  findByIdOrSlug(ctx: RequestContext, idOrSlug: string, channel?: Channel): Promise<ProcedureEntity | null> {
    return this.reader.findByIdOrSlug(ctx, PROCEDURE_TYPE, idOrSlug, channel);
  }

  /** Sheets by title, accents and case aside ("Élections" between "Déchets" and "Enfance"). */
  async list(ctx: RequestContext, args: ProceduresArgs): Promise<ConnectionShape<ProcedureEntity>> {
    const query = this.reader.readQuery(ctx, PROCEDURE_TYPE, 'procedure', { channel: args.channel, status: args.status });
    if (args.theme && isUuid(args.theme)) {
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
    return this.reader.loadById(ctx, PROCEDURE_TYPE, id);
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
      throw invalidFields(fields, 'problems with the chosen cases');
    }
    // One selection rule for documents, cost lines and links (checklist.ts).
    const chosen = selection.cases.map((item) => item.key);
    const entries = groupAlternatives(selectDocuments(cases, documents, chosen));
    const costs = selectLines(cases, sheet.costs, chosen);
    const onlineServices = selectLines(cases, sheet.onlineServices, chosen);
    return { sheet, selection, entries, costs, onlineServices, text: checklistText({ ...sheet, costs, onlineServices }, selection, entries) };
  }

  // ---- writes ------------------------------------------------------------------------------

  create(ctx: RequestContext, input: CreateProcedureInput, options?: ChangeOptions): Promise<ProcedureEntity> {
    const cases = input.cases ?? [];
    const documents = input.documents ?? [];
    return this.content.create(ctx, PROCEDURE_TYPE, {
      apply: async (sheet, write) => {
        const slug = input.slug ?? slugify(input.title);
        if (!slug) throw invalidField('input.slug', 'Give a slug: the title has no letters or digits to build one from');
        await this.validate(write, input, cases, documents, null, NO_LINES);
        Object.assign(sheet, {
          summary: null, explanation: '', explanationHtml: '', costs: [], processingTime: null, themeId: null, lastReviewedOn: null,
          locationKind: ProcedureLocationKind.TOWN_HALL_DESK, officeName: null, officeAddress: null, officeOpeningHours: null,
          onlineServices: [], legalReferences: [],
          ...this.editableFields(input),
          ...(input.onlineServices ? { onlineServices: await this.onlineServiceValues(write.manager, input.onlineServices) } : {}),
          slug,
          audiences: input.audiences ?? [ProcedureAudience.INDIVIDUALS],
          channels: input.channels ?? [Channel.WEB, Channel.KIOSK],
        });
        derive(sheet);
      },
      writeChildren: async (sheet, write) => {
        await replaceChildren(write.manager, sheet.id, cases, documents);
        await replaceRelations(write.manager, sheet.id, input.relatedProcedureIds ?? []);
      },
    }, options);
  }

  /**
   * Changes a sheet at the version the editor read. Cases and documents, when given, replace the
   * old ones as a whole in the same transaction: documents, cost lines and links alone are checked
   * against the sheet's current cases; cases alone are refused, since the current documents name
   * cases by key, and new cases are refused while a kept cost line or link names a case they drop.
   */
  update(ctx: RequestContext, at: ItemVersion, input: ProcedureFieldsInput, options?: ChangeOptions): Promise<ProcedureEntity> {
    let cases: ProcedureCaseInput[] = [];
    return this.content.update(ctx, PROCEDURE_TYPE, at, {
      apply: async (sheet, write) => {
        if (input.cases && !input.documents) {
          throw invalidField('input.documents', 'Send the documents with the cases: documents name the cases they apply to');
        }
        const namesCases = input.documents || input.costs || input.onlineServices;
        cases = input.cases
          ?? (namesCases ? (await write.manager.getRepository(ProcedureCaseEntity).find({ where: { procedureId: sheet.id }, order: { position: 'ASC' } })) : []);
        await this.validate(write, input, cases, input.documents ?? [], sheet.id, input.cases ? sheet : NO_LINES);
        derive(Object.assign(sheet, this.editableFields(input)));
        if (input.onlineServices) sheet.onlineServices = await this.onlineServiceValues(write.manager, input.onlineServices);
        if (input.audiences) sheet.audiences = input.audiences;
        if (input.channels) sheet.channels = input.channels;
      },
      writeChildren: async (sheet, write) => {
        if (input.documents) await replaceChildren(write.manager, sheet.id, cases, input.documents);
        if (input.relatedProcedureIds) await replaceRelations(write.manager, sheet.id, input.relatedProcedureIds);
      },
    }, options);
  }

  /** Publishing needs a summary (see PROCEDURE_TYPE.checkPublishable). */
  publish(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<ProcedureEntity> {
    return this.content.publish(ctx, PROCEDURE_TYPE, at, options);
  }

  unpublish(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<ProcedureEntity> {
    return this.content.unpublish(ctx, PROCEDURE_TYPE, at, options);
  }

  /** Soft delete: the sheet disappears from reads, and from the related sheets of others. */
  remove(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<ProcedureEntity> {
    return this.content.remove(ctx, PROCEDURE_TYPE, at, options);
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
    if (input.costs !== undefined) fields.costs = input.costs.map((line) => ({ label: line.label.trim(), caseKeys: line.caseKeys ?? [] }));
    if (input.processingTime !== undefined) fields.processingTime = input.processingTime?.trim() || null;
    if (input.legalReferences !== undefined) fields.legalReferences = input.legalReferences.map((reference) => reference.trim());
    if (input.lastReviewedOn !== undefined) fields.lastReviewedOn = input.lastReviewedOn ?? null;
    return fields;
  }

  /**
   * Every rule beyond single fields, reported together; then the related sheets, which need the
   * database (the theme is the core's `checkReferences`). `kept` holds the stored cost lines and
   * links, checked against new `cases` when the input keeps them.
   */
  private async validate(write: ContentWrite, input: ProcedureFieldsInput, cases: readonly ProcedureCaseInput[],
    documents: readonly RequiredDocumentInput[], selfId: string | null, kept: KeptLines): Promise<void> {
    const declared = new Set(cases.map((item) => item.key));
    const problems: FieldError[] = [
      ...structureProblems(cases, documents, STRUCTURE_PATHS),
      ...(input.costs ? undeclaredCaseProblems(declared, input.costs, 'input.costs') : keptLineProblems(declared, kept.costs, 'input.costs', 'cost line')),
      ...(input.onlineServices
        ? undeclaredCaseProblems(declared, input.onlineServices, 'input.onlineServices')
        : keptLineProblems(declared, kept.onlineServices, 'input.onlineServices', 'link')),
      ...(input.whereToGo ? locationProblems(input.whereToGo, 'input.whereToGo') : []),
      ...onlineServiceProblems(input.onlineServices ?? [], 'input.onlineServices'),
    ];
    if (input.lastReviewedOn && !isCalendarDate(input.lastReviewedOn)) {
      problems.push({ path: 'input.lastReviewedOn', message: `${input.lastReviewedOn} is not a day of the calendar` });
    }
    (input.relatedProcedureIds ?? []).forEach((relatedId, index) => {
      if (relatedId === selfId) problems.push({ path: `input.relatedProcedureIds.${index}`, message: 'A sheet cannot be related to itself' });
    });
    if (problems.length > 0) throw invalidFields(problems);
    // Share-locked: no related sheet is deleted before this write commits.
    await requireLiveItems(write, PROCEDURE_TYPE, input.relatedProcedureIds ?? [], (index) => `input.relatedProcedureIds.${index}`);
  }

  /**
   * Input links → stored ones. A `mediaId` must be a document of the library; the link's address
   * defaults to the library's. One query per form so that an error names its own field, as for
   * legal notice documents (at most 10, the DTO's limit).
   */
  private async onlineServiceValues(manager: EntityManager, services: readonly OnlineServiceInput[]): Promise<OnlineServiceValue[]> {
    const withForm = services.flatMap((service, index) => (service.mediaId ? [{ mediaId: service.mediaId, index }] : []));
    const forms = await this.media.requireMedia(manager, withForm.map((service) => service.mediaId),
      (position) => `input.onlineServices.${withForm[position].index}.mediaId`, { kind: MediaKind.DOCUMENT });
    const addresses = new Map<string, string>(forms.map((form) => [form.id, mediaUrl(form)]));
    return services.map((service, index) => {
      const url = service.url || (service.mediaId ? addresses.get(service.mediaId) : undefined);
      // validate() has already refused a link with neither; this only keeps an empty address out of the row.
      if (!url) throw invalidField(`input.onlineServices.${index}.url`, 'Give the https address of the service or form');
      return {
        name: service.name.trim(), url, kind: service.kind, cerfaNumber: service.cerfaNumber ?? null, mediaId: service.mediaId ?? null,
        caseKeys: service.caseKeys ?? [],
      };
    });
  }

}

/**
 * A revision saved before cost lines (migration 1796400400000): its `cost` text becomes one line
 * for the whole sheet, as the migration did for the stored rows; links without `caseKeys` are for
 * the whole sheet (selectLines reads a missing list as empty).
 */
export function upgradeProcedureSnapshot(fields: Record<string, unknown>): Record<string, unknown> {
  if ('costs' in fields || !('cost' in fields)) return fields;
  const { cost, ...rest } = fields;
  return { ...rest, costs: typeof cost === 'string' && cost.trim() ? [{ label: cost.trim(), caseKeys: [] }] : [] };
}

/** The stored lines that name cases: checked against new cases when the input keeps them. */
interface KeptLines {
  costs: readonly CaseConditioned[];
  onlineServices: readonly CaseConditioned[];
}

const NO_LINES: KeptLines = { costs: [], onlineServices: [] };

/** A kept line naming a case the new cases drop: the editor must send those lines with the cases. */
function keptLineProblems(declared: ReadonlySet<string>, lines: readonly CaseConditioned[], path: string, noun: string): FieldError[] {
  const dropped = [...new Set(lines.flatMap((line) => (line.caseKeys ?? []).filter((key) => !declared.has(key))))];
  if (dropped.length === 0) return [];
  return [{ path, message: `A ${noun} of the sheet names ${dropped.map((key) => `"${key}"`).join(', ')}, which the new cases do not have: send the ${noun}s with the cases` }];
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

/** Replaces the cases and documents of a sheet as a whole (positions follow the input order). */
async function replaceChildren(manager: EntityManager, procedureId: string, cases: readonly ProcedureCaseInput[],
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

async function replaceRelations(manager: EntityManager, procedureId: string, relatedIds: readonly string[]): Promise<void> {
  await manager.delete(ProcedureRelationEntity, { procedureId });
  if (relatedIds.length === 0) return;
  await manager.insert(ProcedureRelationEntity, relatedIds.map((relatedId, position) => ({ procedureId, relatedId, position })));
}
