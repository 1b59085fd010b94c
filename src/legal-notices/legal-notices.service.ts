import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { conflict, invalid, invalidField, invalidFields } from '../common/errors';
import { renderMarkdown } from '../common/markdown';
import { ConnectionShape } from '../common/pagination/connection';
import { KeysetSort, paginate } from '../common/pagination/keyset';
import { RequestContext } from '../common/request-context';
import { ChangeOptions, ContentLifecycle, ItemVersion } from '../content/content-lifecycle.service';
import { ContentReader } from '../content/content-reader.service';
import { registerContentType } from '../content/content-type';
import { ContentWrite } from '../content/content-write';
import { markdownMediaReferences } from '../content/markdown-media';
import { Channel, ContentOperation, ContentStatus, ContentTypeName } from '../content/content.types';
import { CommuneService } from '../commune/commune.service';
import { MediaKind } from '../media/media-kind';
import { MediaEntity } from '../media/media.entity';
import { mediaUrl } from '../media/media.model';
import { MediaService } from '../media/media.service';
import { CreateLegalNoticeInput, LegalNoticeDocumentInput, LegalNoticeFieldsInput } from './dto/legal-notice.input';
import { LegalNoticeLookupArgs, LegalNoticesArgs, LegalNoticesOnDisplayArgs, LegalNoticesQuery } from './dto/legal-notices.args';
import { computeFingerprint } from './fingerprint';
import { LegalNoticeDocumentValue, LegalNoticeEntity } from './legal-notice.entity';
import { substanceOf, toLegalNotice } from './legal-notice.model';
import {
  effectiveDisplayStart, extensionViolation, instructionViolations, noticeRuleViolations, noticeSlug, publicationViolations, RuleViolation, yearOf,
} from './legal-rules';
import { AttachedFile, documentValues, unverifiableDocuments } from './notice-documents';

/** What staff read when they try to change, unpublish or delete a published notice. */
const STAYS_PUBLIC = 'The law wants a published act to stay visible: use withdrawLegalNotice to withdraw it early with a reason, '
  + 'or publish a correcting notice that supersedes it (supersedesId)';

export const LEGAL_NOTICE_TYPE = registerContentType<LegalNoticeEntity>({
  name: ContentTypeName.LEGAL_NOTICE,
  label: 'Legal notice',
  restPath: 'legal-notices',
  entity: LegalNoticeEntity,
  titleProperty: 'title',
  // Restore operations answer staff only.
  toApi: (notice) => toLegalNotice(notice, true),
  constraintMessages: {
    uq_legal_notices_reference: 'Another notice of this kind already has this number for this year',
    uq_legal_notices_supersedes: 'This notice has already been corrected by another published notice',
    fk_legal_notices_supersedes: 'The notice to correct does not exist',
    ck_legal_notices_display_period: 'displayUntil must be after displayFrom',
    tg_legal_notices_keep_published: 'A published legal notice cannot be changed: publish a correcting notice or withdraw it',
    ck_legal_notices_instruction: 'Only a planning-permission application notice has an instruction period',
  },
  uniqueKeys: [{ properties: ['kind', 'referenceYear', 'reference'], field: 'reference', noun: 'number' }],
  mediaReferences: (notice) => [
    ...notice.documents.flatMap((document, index) => (document.mediaId ? [{ mediaId: document.mediaId, field: `documents.${index}.mediaId` }] : [])),
    ...markdownMediaReferences(notice.body, 'body'),
  ],
  // The law wants a published act to stay as it was published (the database refuses it too).
  guard: (notice, operation) => {
    if (notice.status !== ContentStatus.PUBLISHED) return;
    if (operation === ContentOperation.UNPUBLISH) throw conflict(`A published notice cannot be unpublished. ${STAYS_PUBLIC}`);
    if (operation === ContentOperation.DELETE) throw conflict(`A published notice cannot be deleted. ${STAYS_PUBLIC}`);
    if (operation === ContentOperation.RESTORE) throw conflict(`A published notice cannot be restored to an earlier version. ${STAYS_PUBLIC}`);
  },
  derivedColumns: ['body_html', 'reference_year'],
});

/** The board shows published notices only, whose effective start is always set. */
const BY_DISPLAY_START: KeysetSort<LegalNoticeEntity> = {
  column: 'notice.effectiveDisplayFrom', idColumn: 'notice.id', direction: 'DESC', kind: 'date',
  valueOf: (notice) => notice.effectiveDisplayFrom ?? notice.displayFrom, idOf: (notice) => notice.id,
};
const BY_ACT_DATE: KeysetSort<LegalNoticeEntity> = {
  column: 'notice.actDate', idColumn: 'notice.id', direction: 'DESC', kind: 'string',
  valueOf: (notice) => notice.actDate, idOf: (notice) => notice.id,
};

@Injectable()
export class LegalNoticesService {
  constructor(
    private readonly content: ContentLifecycle,
    private readonly reader: ContentReader,
    private readonly media: MediaService,
    private readonly commune: CommuneService,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  /** One notice by id, or by kind + reference + year, if the caller may see it. */
  async findOne(ctx: RequestContext, lookup: LegalNoticeLookupArgs): Promise<LegalNoticeEntity | null> {
    const query = this.reader.readQuery(ctx, LEGAL_NOTICE_TYPE, 'notice');
    const byNumber = lookup.kind !== undefined || lookup.reference !== undefined || lookup.year !== undefined;
    if (lookup.id !== undefined) {
      if (byNumber) throw invalidField('id', 'Give either id, or kind with reference and year, not both');
      return query.andWhere('notice.id = :id', { id: lookup.id }).getOne();
    }
    const missing = (['kind', 'reference', 'year'] as const).filter((field) => lookup[field] === undefined);
    if (missing.length > 0) {
      throw invalid('Give id, or kind with reference and year', missing.map((path) => ({ path, message: `${path} is required to find a notice by its number` })));
    }
    return query
      .andWhere('notice.kind = :kind AND notice.referenceYear = :year AND notice.reference = :reference',
        { kind: lookup.kind, year: lookup.year, reference: lookup.reference })
      .getOne();
  }

  /**
   * The board: published notices on display at `at` (withdrawn ones included, marked), newest display
   * first. On display means from the effective start (never before publication) until displayUntil.
   */
  onDisplay(ctx: RequestContext, args: LegalNoticesOnDisplayArgs): Promise<ConnectionShape<LegalNoticeEntity>> {
    const query = this.reader.readQuery(ctx, LEGAL_NOTICE_TYPE, 'notice', { channel: args.channel, status: ContentStatus.PUBLISHED })
      .andWhere('notice.effectiveDisplayFrom <= :at AND notice.displayUntil > :at', { at: args.at ?? new Date() });
    if (args.kind) query.andWhere('notice.kind = :kind', { kind: args.kind });
    return paginate(query, args, BY_DISPLAY_START);
  }

  /** The archive: published notices (staff also see drafts), newest act first. */
  archive(ctx: RequestContext, args: LegalNoticesArgs): Promise<ConnectionShape<LegalNoticeEntity>> {
    const query = this.reader.readQuery(ctx, LEGAL_NOTICE_TYPE, 'notice', { channel: args.channel, status: args.status });
    if (args.kind) query.andWhere('notice.kind = :kind', { kind: args.kind });
    if (args.year !== undefined) query.andWhere('notice.referenceYear = :year', { year: args.year });
    if (args.reference !== undefined) query.andWhere('notice.reference = :reference', { reference: args.reference });
    return paginate(query, args, BY_ACT_DATE);
  }

  /** REST list: the archive, or the board with `onDisplay=true`. */
  list(ctx: RequestContext, query: LegalNoticesQuery): Promise<ConnectionShape<LegalNoticeEntity>> {
    if (!query.onDisplay) {
      if (query.at !== undefined) throw invalidField('at', 'at only applies to the board: add onDisplay=true');
      return this.archive(ctx, query);
    }
    const archiveOnly = (['year', 'reference', 'status'] as const).filter((field) => query[field] !== undefined);
    if (archiveOnly.length > 0) {
      throw invalid('year, reference and status filter the archive, not the board',
        archiveOnly.map((path) => ({ path, message: `${path} does not apply with onDisplay=true` })));
    }
    return this.onDisplay(ctx, query);
  }

  /** Batched: notices by id (the `supersedes` / `supersededBy` links of a list) in one query per request. */
  loadNotice(ctx: RequestContext, id: string): Promise<LegalNoticeEntity | null> {
    return this.reader.loadById(ctx, LEGAL_NOTICE_TYPE, id);
  }

  // ---- writes ------------------------------------------------------------------------------

  create(ctx: RequestContext, input: CreateLegalNoticeInput, options?: ChangeOptions): Promise<LegalNoticeEntity> {
    return this.content.create(ctx, LEGAL_NOTICE_TYPE, {
      apply: async (notice, write) => {
        Object.assign(notice, {
          summary: null, body: '', meetingDate: null, publicationMode: null, publicationModeDecision: null, publicationModeDecisionDate: null,
          effectiveDisplayFrom: null, instructionEndsOn: null, documents: [], accessibilityNote: null, supersedesId: null, supersededById: null,
          withdrawnAt: null, withdrawalReason: null, fingerprint: null, channels: [Channel.WEB, Channel.KIOSK],
        });
        await this.applyDraftChange(write, notice, input);
      },
    }, options);
  }

  /** Drafts only: a published notice is never edited (see STAYS_PUBLIC). */
  update(ctx: RequestContext, at: ItemVersion, input: LegalNoticeFieldsInput, options?: ChangeOptions): Promise<LegalNoticeEntity> {
    return this.content.update(ctx, LEGAL_NOTICE_TYPE, at, {
      apply: async (notice, write) => {
        if (notice.status === ContentStatus.PUBLISHED) {
          throw conflict(`This notice is published and can no longer be edited. ${STAYS_PUBLIC}. To keep it on display longer, use extendLegalNoticeDisplay`);
        }
        await this.applyDraftChange(write, notice, input);
      },
    }, options);
  }

  /**
   * Puts the notice online, in one transaction: records `publishedAt`; the effective start of display
   * (the later of displayFrom and now), refusing a window already over or shorter than the legal
   * minimum counted from that start; the commune's publication mode in force; the fingerprint of its
   * substance; and, for a correction, marks the corrected notice as superseded.
   */
  publish(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<LegalNoticeEntity> {
    return this.publishAt(ctx, at, options);
  }

  /**
   * For the demo seed only (never reachable from the API): publishes as if the notice had been put
   * online at `onlineAt`, so that the demo board has notices put online weeks ago, some already over.
   */
  publishAsOf(ctx: RequestContext, at: ItemVersion, onlineAt: Date): Promise<LegalNoticeEntity> {
    return this.publishAt(ctx, at, {}, onlineAt);
  }

  private publishAt(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions, onlineAt?: Date): Promise<LegalNoticeEntity> {
    return this.content.publish(ctx, LEGAL_NOTICE_TYPE, at, options, async (notice, write) => {
      if (onlineAt) notice.publishedAt = onlineAt;
      const online = notice.publishedAt as Date;
      this.assertRules(notice, '');
      throwViolations(publicationViolations(notice, online), '');
      notice.effectiveDisplayFrom = effectiveDisplayStart(notice.displayFrom, online);
      const mode = await this.commune.publicationModeInForce(write.manager);
      notice.publicationMode = mode.mode;
      notice.publicationModeDecision = mode.decisionReference;
      notice.publicationModeDecisionDate = mode.decisionDate;
      await this.takeShaFromMedia(write.manager, notice);
      throwViolations(unverifiableDocuments(notice.documents), '');
      notice.fingerprint = computeFingerprint(substanceOf(notice, notice.publishedAt as Date));
      if (notice.supersedesId) {
        const corrected = await this.lockCorrected(write.manager, notice.supersedesId);
        corrected.supersededById = notice.id;
        await write.saveAlongside(LEGAL_NOTICE_TYPE, corrected, ContentOperation.SUPERSEDE,
          `Superseded by notice ${notice.reference} (${notice.id})`);
      }
    });
  }

  /**
   * The one change a published notice accepts: a later end of display (an inquiry prolonged, an
   * instruction that lasts longer, with its new last day). Never shorter: the law wants the act to stay.
   * The legal minimum counts from the effective start of display.
   */
  extendDisplay(ctx: RequestContext, at: ItemVersion, displayUntil: Date, options?: ChangeOptions,
    instructionEndsOn?: string): Promise<LegalNoticeEntity> {
    return this.content.update(ctx, LEGAL_NOTICE_TYPE, at, {
      apply: (notice) => {
        const violation = extensionViolation(notice.kind, notice.effectiveDisplayFrom ?? notice.displayFrom, notice.displayUntil, displayUntil);
        if (violation) throw invalidField(violation.field, violation.message);
        if (instructionEndsOn !== undefined && notice.instructionEndsOn && instructionEndsOn < notice.instructionEndsOn) {
          throw invalidField('instructionEndsOn', `The instruction can only be extended: instructionEndsOn must be on or after ${notice.instructionEndsOn}`);
        }
        const next = { ...notice, displayUntil, instructionEndsOn: instructionEndsOn ?? notice.instructionEndsOn };
        throwViolations(instructionViolations(next), '');
        notice.displayUntil = displayUntil;
        notice.instructionEndsOn = next.instructionEndsOn;
      },
    }, options);
  }

  /** Early withdrawal: the notice stays visible, marked withdrawn with its reason and date. */
  withdraw(ctx: RequestContext, at: ItemVersion, reason: string, options?: ChangeOptions): Promise<LegalNoticeEntity> {
    return this.content.update(ctx, LEGAL_NOTICE_TYPE, at, {
      apply: (notice) => {
        if (notice.status !== ContentStatus.PUBLISHED) throw conflict('Only a published notice can be withdrawn: a draft is not public, delete it instead');
        if (notice.withdrawnAt) throw conflict(`This notice was already withdrawn on ${notice.withdrawnAt.toISOString()}`);
        notice.withdrawnAt = new Date();
        notice.withdrawalReason = reason;
      },
    }, options, ContentOperation.WITHDRAW);
  }

  /** Refused for a published notice; a draft is already unpublished (nothing changes). */
  unpublish(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<LegalNoticeEntity> {
    return this.content.unpublish(ctx, LEGAL_NOTICE_TYPE, at, options);
  }

  /** Drafts only. */
  remove(ctx: RequestContext, at: ItemVersion, options?: ChangeOptions): Promise<LegalNoticeEntity> {
    return this.content.remove(ctx, LEGAL_NOTICE_TYPE, at, options);
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Applies the input to a draft, derives what follows from it, and checks every rule on the result. */
  private async applyDraftChange(write: ContentWrite, notice: LegalNoticeEntity, input: LegalNoticeFieldsInput): Promise<void> {
    const manager = write.manager;
    Object.assign(notice, editableFields(input));
    if (input.documents !== undefined) notice.documents = await this.documentValues(manager, input.documents);
    notice.referenceYear = yearOf(notice.actDate);
    notice.slug = noticeSlug(notice.kind, notice.referenceYear, notice.reference);
    this.assertRules(notice, 'input.');
    if (input.supersedesId) await this.requireCorrectable(manager, input.supersedesId, notice.id);
  }

  private assertRules(notice: LegalNoticeEntity, prefix: string): void {
    throwViolations(noticeRuleViolations({ ...notice, documentCount: notice.documents.length }), prefix);
  }

  /** Input documents → stored ones; a `mediaId` must be a document of the library, whose SHA-256 and address it brings. */
  private async documentValues(manager: EntityManager, documents: LegalNoticeDocumentInput[]): Promise<LegalNoticeDocumentValue[]> {
    const attached = documents.flatMap((document, index) => (document.mediaId ? [{ mediaId: document.mediaId, index }] : []));
    const media = await this.media.requireMedia(manager, attached.map((document) => document.mediaId),
      (position) => `input.documents.${attached[position].index}.mediaId`, { kind: MediaKind.DOCUMENT });
    const files = new Map<string, AttachedFile>(media.map((file) => [file.id, attachedFile(file)]));
    const { values, violations } = documentValues(documents, files);
    throwViolations(violations, 'input.');
    return values;
  }

  /**
   * At publication, the SHA-256 of each library file is read again from the media row, so that the
   * fingerprint covers exactly the files the library serves (one query).
   */
  private async takeShaFromMedia(manager: EntityManager, notice: LegalNoticeEntity): Promise<void> {
    const attached = notice.documents.filter((document) => document.mediaId !== null);
    if (attached.length === 0) return;
    const media = await this.media.requireMedia(manager, attached.map((document) => document.mediaId as string), 'documents', { kind: MediaKind.DOCUMENT });
    attached.forEach((document, index) => { document.sha256 = media[index].sha256; });
    notice.documents = [...notice.documents];
  }

  /** Batched: the media of the documents of a list of notices in one query per request. */
  loadDocumentMedia(ctx: RequestContext, mediaId: string | null): Promise<MediaEntity | null> {
    return this.media.loadById(ctx, mediaId);
  }

  /** A correction must point to a published notice that no other published notice corrects yet. */
  private async requireCorrectable(manager: EntityManager, supersedesId: string, selfId: string | undefined): Promise<void> {
    const field = 'input.supersedesId';
    if (supersedesId === selfId) throw invalidField(field, 'A notice cannot correct itself');
    const target = await manager.getRepository(LegalNoticeEntity).findOne({ where: { id: supersedesId } });
    if (!target) throw invalidField(field, 'The notice to correct does not exist');
    if (target.status !== ContentStatus.PUBLISHED) throw invalidField(field, 'Only a published notice can be corrected: edit the draft instead');
    if (target.supersededById) throw invalidField(field, 'This notice has already been corrected: correct the latest correction instead');
  }

  /** At publication, under a row lock: the corrected notice is still published and not corrected by someone else meanwhile. */
  private async lockCorrected(manager: EntityManager, supersedesId: string): Promise<LegalNoticeEntity> {
    const target = await manager.getRepository(LegalNoticeEntity).createQueryBuilder('notice')
      .setLock('pessimistic_write').where('notice.id = :id', { id: supersedesId }).getOne();
    if (!target || target.status !== ContentStatus.PUBLISHED) throw conflict('The notice this one corrects is no longer published');
    if (target.supersededById) throw conflict('The notice this one corrects has already been corrected by another published notice');
    return target;
  }
}

function throwViolations(violations: RuleViolation[], prefix: string): void {
  if (violations.length === 0) return;
  const fields = violations.map((violation) => ({ path: `${prefix}${violation.field}`, message: violation.message }));
  throw invalidFields(fields, 'fields break the rules of legal notices');
}

function attachedFile(media: MediaEntity): AttachedFile {
  return { sha256: media.sha256, url: mediaUrl(media) };
}

function editableFields(input: LegalNoticeFieldsInput): Partial<LegalNoticeEntity> {
  const fields: Partial<LegalNoticeEntity> = {};
  const text = (value: string | null | undefined): string | null => value?.trim() || null;
  if (input.kind !== undefined) fields.kind = input.kind;
  if (input.reference !== undefined) fields.reference = input.reference;
  if (input.title !== undefined) fields.title = input.title.trim();
  if (input.summary !== undefined) fields.summary = text(input.summary);
  if (input.body !== undefined) {
    fields.body = input.body;
    fields.bodyHtml = renderMarkdown(input.body);
  }
  if (input.actDate !== undefined) fields.actDate = input.actDate;
  if (input.meetingDate !== undefined) fields.meetingDate = input.meetingDate ?? null;
  if (input.signatoryName !== undefined) fields.signatoryName = input.signatoryName.trim();
  if (input.signatoryRole !== undefined) fields.signatoryRole = input.signatoryRole.trim();
  if (input.displayFrom !== undefined) fields.displayFrom = input.displayFrom;
  if (input.displayUntil !== undefined) fields.displayUntil = input.displayUntil;
  if (input.instructionEndsOn !== undefined) fields.instructionEndsOn = input.instructionEndsOn ?? null;
  if (input.accessibilityNote !== undefined) fields.accessibilityNote = text(input.accessibilityNote);
  if (input.supersedesId !== undefined) fields.supersedesId = input.supersedesId ?? null;
  if (input.channels !== undefined) fields.channels = input.channels;
  return fields;
}
