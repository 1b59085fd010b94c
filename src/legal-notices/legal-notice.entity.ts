import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ContentEntity } from '../content/content.entity';
import { LegalNoticeKind, PublicationMode } from './legal-notice-kind';

/**
 * A document attached to a notice (the signed PDF, an annex). Kept in the notice's row as an
 * ordered jsonb list: documents are part of the act's immutable substance (the fingerprint covers
 * their SHA-256 in order), they have no life of their own, and they are always read with the notice.
 * With a `mediaId` (a document of the media library), `sha256` is the media's and `url` defaults to its
 * address; without, `url` and `sha256` describe a file kept elsewhere.
 */
export interface LegalNoticeDocumentValue {
  title: string;
  url: string;
  sha256: string | null;
  mediaId: string | null;
}

/**
 * An act or notice the commune must make public ("affichage légal"). Once published its substance
 * never changes (the service refuses, and a trigger in the migration guarantees it): a correction is
 * a new notice that supersedes it, and an early withdrawal keeps it visible with its reason.
 */
@Entity('legal_notices')
@Index('uq_legal_notices_reference', ['kind', 'referenceYear', 'reference'], { unique: true, where: '"deleted_at" IS NULL' })
@Index('uq_legal_notices_supersedes', ['supersedesId'], { unique: true, where: `"status" = 'published' AND "deleted_at" IS NULL` })
@Index('ix_legal_notices_display', ['effectiveDisplayFrom', 'displayUntil'])
@Index('ix_legal_notices_kind_act_date', ['kind', 'actDate'])
@Index('ix_legal_notices_act_date', ['actDate'])
@Index('ix_legal_notices_reference', ['reference'])
@Check('ck_legal_notices_display_period', '"display_until" > "display_from"')
@Check('ck_legal_notices_reference_year', '"reference_year" = EXTRACT(YEAR FROM "act_date")')
@Check('ck_legal_notices_reference', `"reference" ~ '^[0-9A-Za-z]+([-/._][0-9A-Za-z]+)*$'`)
@Check('ck_legal_notices_withdrawal', '("withdrawn_at" IS NULL) = ("withdrawal_reason" IS NULL)')
@Check('ck_legal_notices_withdrawn_published', `"withdrawn_at" IS NULL OR "status" = 'published'`)
@Check('ck_legal_notices_fingerprint', `("status" <> 'published' OR "fingerprint" IS NOT NULL) AND ("fingerprint" IS NULL OR "fingerprint" ~ '^[0-9a-f]{64}$')`)
@Check('ck_legal_notices_documents', `jsonb_typeof("documents") = 'array'`)
@Check('ck_legal_notices_publication_mode', `"publication_mode" = 'electronic' OR "publication_mode_decision" IS NOT NULL`)
@Check('ck_legal_notices_not_own_correction', '"supersedes_id" IS NULL OR "supersedes_id" <> "id"')
@Check('ck_legal_notices_effective_display', `"status" <> 'published' OR "effective_display_from" IS NOT NULL`)
@Check('ck_legal_notices_published_mode', `"status" <> 'published' OR "publication_mode" IS NOT NULL`)
@Check('ck_legal_notices_instruction', `"instruction_ends_on" IS NULL OR "kind" = 'planning_permission_application'`)
export class LegalNoticeEntity extends ContentEntity {
  @Column({ type: 'enum', enum: LegalNoticeKind, enumName: 'legal_notice_kind' })
  kind!: LegalNoticeKind;

  /** The act's number as the commune writes it, e.g. `2026-045`. */
  @Column({ type: 'text' })
  reference!: string;

  /** Year of the act date, kept in the row for the uniqueness of (kind, year, reference). */
  @Column({ type: 'integer' })
  referenceYear!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  /** Markdown text of the act (in full, or an extract for planning-permission decisions). */
  @Column({ type: 'text', default: '' })
  body!: string;

  @Column({ type: 'text', default: '' })
  bodyHtml!: string;

  /** Calendar date (YYYY-MM-DD) the act was made or signed. */
  @Column({ type: 'date' })
  actDate!: string;

  /** Council meeting the act comes from (deliberations and their list). */
  @Column({ type: 'date', nullable: true })
  meetingDate!: string | null;

  @Column({ type: 'text' })
  signatoryName!: string;

  /** e.g. `Le Maire`, `L'adjoint délégué à l'urbanisme`. */
  @Column({ type: 'text' })
  signatoryRole!: string;

  /** The commune's publication mode in force when the notice was published (commune settings); null for a draft. */
  @Column({ type: 'enum', enum: PublicationMode, enumName: 'legal_publication_mode', nullable: true })
  publicationMode!: PublicationMode | null;

  /** The council deliberation that chose paper or posting, as in force at publication (null when electronic). */
  @Column({ type: 'text', nullable: true })
  publicationModeDecision!: string | null;

  /** Its date (YYYY-MM-DD). */
  @Column({ type: 'date', nullable: true })
  publicationModeDecisionDate!: string | null;

  /** As the staff declared it; the display really starts at `effectiveDisplayFrom`. */
  @Column({ type: 'timestamptz' })
  displayFrom!: Date;

  /**
   * Set at publication: the later of `displayFrom` and the moment the notice was put online. The
   * board and the legal minimum count from it (the display period never starts before publication).
   */
  @Column({ type: 'timestamptz', nullable: true })
  effectiveDisplayFrom!: Date | null;

  @Column({ type: 'timestamptz' })
  displayUntil!: Date;

  /** Planning-permission applications: the last day of the instruction (YYYY-MM-DD); the notice stays displayed until it is over. */
  @Column({ type: 'date', nullable: true })
  instructionEndsOn!: string | null;

  @Column({ type: 'jsonb' })
  documents!: LegalNoticeDocumentValue[];

  /** How to get an accessible version of the documents (RGAA 13.3), beyond the text given here. */
  @Column({ type: 'text', nullable: true })
  accessibilityNote!: string | null;

  /** The earlier notice this one corrects. */
  @Column({ type: 'uuid', nullable: true })
  supersedesId!: string | null;

  @ManyToOne(() => LegalNoticeEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supersedes_id', foreignKeyConstraintName: 'fk_legal_notices_supersedes' })
  supersedes?: LegalNoticeEntity | null;

  /** The published notice that corrects this one; set when that correction is published. */
  @Column({ type: 'uuid', nullable: true })
  supersededById!: string | null;

  @ManyToOne(() => LegalNoticeEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'superseded_by_id', foreignKeyConstraintName: 'fk_legal_notices_superseded_by' })
  supersededBy?: LegalNoticeEntity | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  withdrawalReason!: string | null;

  /** SHA-256 of the canonical substance (fingerprint.ts), computed at publication. */
  @Column({ type: 'text', nullable: true })
  fingerprint!: string | null;
}
