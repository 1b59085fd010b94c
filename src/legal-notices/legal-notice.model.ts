import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/pagination/connection';
import { FINGERPRINT_ALGORITHM, fingerprintPayload } from './fingerprint';
import { LegalNoticeEntity } from './legal-notice.entity';
import { LegalNoticeKind, PublicationMode } from './legal-notice-kind';
import { DISPLAY_RULES, publishedLate } from './legal-rules';
import { ContentItem, contentItemFields, registerContentItemType } from '../content/content-item.model';
import { ContentTypeName } from '../content/content.types';

@ObjectType('LegalNoticeDocument', { description: 'A document attached to a legal notice' })
export class LegalNoticeDocument {
  @Field()
  title!: string;

  @Field({ description: 'Where to download the file: the media library address, unless another one was given' })
  url!: string;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the file (lower-case hex, the media\'s when from the library); covered by the notice fingerprint' })
  sha256!: string | null;

  @Field(() => ID, { nullable: true, description: 'The file in the media library (see the media field)' })
  mediaId!: string | null;
}

@ObjectType('LegalNoticeSignatory')
export class LegalNoticeSignatory {
  @Field()
  name!: string;

  @Field({ description: 'e.g. "Le Maire"' })
  role!: string;
}

@ObjectType('LegalDisplayRule', { description: 'The minimum display period the law sets for a kind of notice' })
export class LegalDisplayRule {
  @Field({ description: 'e.g. "2 months", "10 days"' })
  minimumPeriod!: string;

  @Field({ description: 'The legal basis, e.g. "Code civil art. 63 and 64"' })
  legalReference!: string;
}

@ObjectType('LegalNotice', { implements: () => [ContentItem], description: 'An act or notice the commune must make public (affichage légal)' })
export class LegalNotice extends ContentItem {
  @Field(() => LegalNoticeKind)
  kind!: LegalNoticeKind;

  @Field({ description: 'Number of the act, e.g. "2026-045"' })
  reference!: string;

  @Field(() => Int, { description: 'Year of the act date; (kind, year, reference) identifies the act' })
  referenceYear!: number;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field({ description: 'Markdown text of the act' })
  body!: string;

  @Field({ description: 'HTML rendered from the Markdown body, sanitised' })
  bodyHtml!: string;

  @Field({ description: 'Date of the act, YYYY-MM-DD' })
  actDate!: string;

  @Field(() => String, { nullable: true, description: 'Date of the council meeting, YYYY-MM-DD' })
  meetingDate!: string | null;

  @Field(() => LegalNoticeSignatory)
  signatory!: LegalNoticeSignatory;

  @Field(() => PublicationMode, { nullable: true, description: 'The commune\'s publication mode in force when the notice was published (see the commune query); null for a draft' })
  publicationMode!: PublicationMode | null;

  @Field(() => String, { nullable: true, description: 'The council deliberation that chose paper or posting, as in force at publication' })
  publicationModeDecision!: string | null;

  @Field(() => String, { nullable: true, description: 'Date of that deliberation, YYYY-MM-DD' })
  publicationModeDecisionDate!: string | null;

  @Field({ description: 'Start of display as staff declared it; the display never starts before the notice is put online (see effectiveDisplayFrom)' })
  displayFrom!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the notice really went (or goes) on display: the later of displayFrom and publishedAt, the moment it was put online. '
      + 'The legal minimum period counts from it. Null for a draft',
  })
  effectiveDisplayFrom!: Date | null;

  @Field()
  displayUntil!: Date;

  @Field(() => String, { nullable: true, description: 'Planning-permission applications: the last day of the instruction (YYYY-MM-DD); displayUntil is not earlier' })
  instructionEndsOn!: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Staff only: a list of deliberations that went on display more than a week after its meeting (accepted, marked late). Null for the public, other kinds and drafts',
  })
  publishedLate!: boolean | null;

  @Field(() => LegalDisplayRule, { description: 'The legal minimum display period for this kind' })
  displayRule!: LegalDisplayRule;

  @Field(() => [LegalNoticeDocument])
  documents!: LegalNoticeDocument[];

  @Field(() => String, { nullable: true, description: 'How to get an accessible version of the documents (RGAA 13.3)' })
  accessibilityNote!: string | null;

  @Field(() => ID, { nullable: true, description: 'The earlier notice this one corrects' })
  supersedesId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The published notice that corrects this one' })
  supersededById!: string | null;

  @Field({ description: 'Withdrawn early: still shown, with the reason' })
  withdrawn!: boolean;

  @Field(() => Date, { nullable: true })
  withdrawnAt!: Date | null;

  @Field(() => String, { nullable: true })
  withdrawalReason!: string | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 (hex) of fingerprintPayload, computed when the notice was published' })
  fingerprint!: string | null;

  @Field({ description: 'How the fingerprint is computed' })
  fingerprintAlgorithm!: string;

  @Field(() => String, { nullable: true, description: 'The exact canonical JSON whose SHA-256 is the fingerprint (published notices)' })
  fingerprintPayload!: string | null;
}

export const LegalNoticeConnection = Connection(LegalNotice, 'LegalNotice');

/** The substance covered by the fingerprint, from the stored notice. */
export function substanceOf(entity: LegalNoticeEntity, publishedAt: Date): Parameters<typeof fingerprintPayload>[0] {
  return {
    kind: entity.kind,
    reference: entity.reference,
    title: entity.title,
    text: entity.body,
    actDate: entity.actDate,
    signatory: { name: entity.signatoryName, role: entity.signatoryRole },
    publishedAt,
    documentSha256: entity.documents.map((document) => document.sha256),
  };
}

/**
 * Entity → API shape: the one mapping used by GraphQL and REST. `staff`: the caller is authenticated
 * (staff-only fields, such as a late list of deliberations, are null for the public).
 */
export function toLegalNotice(entity: LegalNoticeEntity, staff = false): LegalNotice {
  const rule = DISPLAY_RULES[entity.kind];
  return Object.assign(contentItemFields(entity, ContentTypeName.LEGAL_NOTICE), {
    kind: entity.kind,
    reference: entity.reference,
    referenceYear: entity.referenceYear,
    title: entity.title,
    summary: entity.summary,
    body: entity.body,
    bodyHtml: entity.bodyHtml,
    actDate: entity.actDate,
    meetingDate: entity.meetingDate,
    signatory: { name: entity.signatoryName, role: entity.signatoryRole },
    publicationMode: entity.publicationMode,
    publicationModeDecision: entity.publicationModeDecision,
    publicationModeDecisionDate: entity.publicationModeDecisionDate,
    displayFrom: entity.displayFrom,
    effectiveDisplayFrom: entity.effectiveDisplayFrom,
    displayUntil: entity.displayUntil,
    instructionEndsOn: entity.instructionEndsOn,
    publishedLate: staff ? publishedLate(entity.kind, entity.meetingDate, entity.effectiveDisplayFrom) : null,
    displayRule: { minimumPeriod: rule.label, legalReference: rule.legalReference },
    documents: entity.documents.map((document) => ({
      title: document.title, url: document.url, sha256: document.sha256, mediaId: document.mediaId,
    })),
    accessibilityNote: entity.accessibilityNote,
    supersedesId: entity.supersedesId,
    supersededById: entity.supersededById,
    withdrawn: entity.withdrawnAt !== null,
    withdrawnAt: entity.withdrawnAt,
    withdrawalReason: entity.withdrawalReason,
    fingerprint: entity.fingerprint,
    fingerprintAlgorithm: FINGERPRINT_ALGORITHM,
    fingerprintPayload: entity.fingerprint && entity.publishedAt ? fingerprintPayload(substanceOf(entity, entity.publishedAt)) : null,
  });
}

registerContentItemType(ContentTypeName.LEGAL_NOTICE, 'LegalNotice');
