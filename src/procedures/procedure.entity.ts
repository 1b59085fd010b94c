import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ContentEntity } from '../content/content.entity';
import { TaxonomyTermEntity } from '../taxonomy/taxonomy-term.entity';
import { DocumentForm, DocumentRequirement, OnlineServiceKind, ProcedureAudience, ProcedureLocationKind } from './procedure.types';

/**
 * One link of a sheet to an online service or a form, kept inline (jsonb): it has no life of its own.
 * A form of the commune's own may be a document of the media library (`mediaId`); `url` is then the
 * library's address unless another one was given. Rows written before media had no `mediaId`.
 */
export interface OnlineServiceValue {
  name: string;
  url: string;
  kind: OnlineServiceKind;
  cerfaNumber: string | null;
  mediaId?: string | null;
  /** The cases the link is for, as a document's; empty (or absent, in a revision older than cases on links) for the whole sheet. */
  caseKeys?: string[];
}

/**
 * One line of what the procedure costs, as staff write it for residents ("Gratuit", "25 € (timbre
 * fiscal)"), for the cases it names (empty: the whole sheet). Kept inline (jsonb) like the links:
 * it has no life of its own. A checklist shows the lines of the chosen situation only.
 */
export interface CostLineValue {
  label: string;
  caseKeys: string[];
}

/**
 * A procedure sheet ("fiche démarche"): the explanatory note of one frequent request, where to go,
 * what it costs, and (in child tables) the situations it covers and the documents to bring.
 * `sortTitle` and `searchText` are derived from the title and summary at write time (accents and
 * case folded) so that lists sort and search the French way without a database extension.
 */
@Entity('procedures')
@Index('uq_procedures_slug', ['slug'], { unique: true, where: '"deleted_at" IS NULL' })
// Serves the default list order (keyset on sort_title, id).
@Index('ix_procedures_sort_title', ['sortTitle', 'id'], { where: '"deleted_at" IS NULL' })
// Serves the theme filter, and the RESTRICT check when a theme term is deleted.
@Index('ix_procedures_theme', ['themeId'])
// No index on `audiences` or `search_text`: the cabinet of frequent requests holds tens of sheets, a
// scan is what the planner would choose anyway; full-text search belongs to the search module.
@Check('ck_procedures_slug', `"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check('ck_procedures_audiences', `cardinality("audiences") >= 1`)
@Check('ck_procedures_office', `"location_kind" <> 'other_office' OR "office_name" IS NOT NULL`)
@Check('ck_procedures_costs', `jsonb_typeof("costs") = 'array'`)
export class ProcedureEntity extends ContentEntity {
  @Column({ type: 'text' })
  title!: string;

  // "C": the folded key orders the same whatever the server's locale (see the associations' sort_name).
  @Column({ type: 'text', collation: 'C' })
  sortTitle!: string;

  @Column({ type: 'text', default: '' })
  searchText!: string;

  @Column({ type: 'enum', enum: ProcedureAudience, enumName: 'procedure_audience', array: true, default: [ProcedureAudience.INDIVIDUALS] })
  audiences!: ProcedureAudience[];

  @Column({ type: 'uuid', nullable: true })
  themeId!: string | null;

  @ManyToOne(() => TaxonomyTermEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'theme_id', foreignKeyConstraintName: 'fk_procedures_theme' })
  theme?: TaxonomyTermEntity | null;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  /** Markdown source of the explanatory note. */
  @Column({ type: 'text', default: '' })
  explanation!: string;

  /** Sanitised HTML rendered from `explanation` at write time. */
  @Column({ type: 'text', default: '' })
  explanationHtml!: string;

  @Column({ type: 'enum', enum: ProcedureLocationKind, enumName: 'procedure_location_kind', default: ProcedureLocationKind.TOWN_HALL_DESK })
  locationKind!: ProcedureLocationKind;

  @Column({ type: 'text', nullable: true })
  officeName!: string | null;

  @Column({ type: 'text', nullable: true })
  officeAddress!: string | null;

  @Column({ type: 'text', nullable: true })
  officeOpeningHours!: string | null;

  /** The cost lines, each for some cases or the whole sheet: "Gratuit" for a first request, "25 € (timbre fiscal)" after a loss. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  costs!: CostLineValue[];

  @Column({ type: 'text', nullable: true })
  processingTime!: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  onlineServices!: OnlineServiceValue[];

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  legalReferences!: string[];

  /** ISO date (YYYY-MM-DD) of the last check of the sheet against the official sources. */
  @Column({ type: 'date', nullable: true })
  lastReviewedOn!: string | null;
}

/** "See also" link from a sheet to another, in the order the editor gave. */
@Entity('procedure_relations')
// Serves the reverse lookup: the sheets that link to a given sheet.
@Index('ix_procedure_relations_related', ['relatedId'])
@Check('ck_procedure_relations_not_self', '"procedure_id" <> "related_id"')
@Check('ck_procedure_relations_position', '"position" >= 0')
export class ProcedureRelationEntity {
  @PrimaryColumn({ type: 'uuid' })
  procedureId!: string;

  @PrimaryColumn({ type: 'uuid' })
  relatedId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @ManyToOne(() => ProcedureEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'procedure_id', foreignKeyConstraintName: 'fk_procedure_relations_procedure' })
  procedure?: ProcedureEntity;

  @ManyToOne(() => ProcedureEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'related_id', foreignKeyConstraintName: 'fk_procedure_relations_related' })
  related?: ProcedureEntity;
}

/** One situation a sheet covers, e.g. question "Âge", case "Majeur". */
@Entity('procedure_cases')
// uq_procedure_cases_key (procedure_id first) also serves the batched load of the cases of many sheets.
@Index('uq_procedure_cases_key', ['procedureId', 'key'], { unique: true })
@Index('uq_procedure_cases_label', ['procedureId', 'question', 'label'], { unique: true })
@Check('ck_procedure_cases_key', `"key" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check('ck_procedure_cases_position', '"position" >= 0')
export class ProcedureCaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  procedureId!: string;

  @ManyToOne(() => ProcedureEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'procedure_id', foreignKeyConstraintName: 'fk_procedure_cases_procedure' })
  procedure?: ProcedureEntity;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text' })
  question!: string;

  @Column({ type: 'integer' })
  position!: number;
}

/** One document to bring; applies to the whole sheet or to some of its cases (procedure_document_cases). */
@Entity('procedure_documents')
// Serves the batched load of the documents of many sheets, in their order.
@Index('ix_procedure_documents_procedure', ['procedureId', 'position'])
@Check('ck_procedure_documents_quantity', '"quantity" BETWEEN 1 AND 10')
@Check('ck_procedure_documents_position', '"position" >= 0')
@Check('ck_procedure_documents_condition', `("requirement" = 'conditional') = ("condition" IS NOT NULL)`)
export class ProcedureDocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  procedureId!: string;

  @ManyToOne(() => ProcedureEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'procedure_id', foreignKeyConstraintName: 'fk_procedure_documents_procedure' })
  procedure?: ProcedureEntity;

  @Column({ type: 'text' })
  label!: string;

  /** Printed right after the label: "de moins de 3 mois". */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'enum', enum: DocumentForm, enumName: 'procedure_document_form' })
  form!: DocumentForm;

  @Column({ type: 'integer', default: 1 })
  quantity!: number;

  @Column({ type: 'enum', enum: DocumentRequirement, enumName: 'procedure_document_requirement' })
  requirement!: DocumentRequirement;

  @Column({ type: 'text', nullable: true })
  condition!: string | null;

  /** Documents of one sheet sharing this key are "one of:" alternatives. */
  @Column({ type: 'text', nullable: true })
  oneOfGroup!: string | null;

  @Column({ type: 'integer' })
  position!: number;

  @OneToMany(() => ProcedureDocumentCaseEntity, (link) => link.document)
  caseLinks?: ProcedureDocumentCaseEntity[];
}

/** The cases a document applies to; none means the whole sheet. */
@Entity('procedure_document_cases')
// Serves the cascade when a case is deleted with its sheet's children.
@Index('ix_procedure_document_cases_case', ['caseId'])
export class ProcedureDocumentCaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  documentId!: string;

  @PrimaryColumn({ type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => ProcedureDocumentEntity, (document) => document.caseLinks, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_procedure_document_cases_document' })
  document?: ProcedureDocumentEntity;

  @ManyToOne(() => ProcedureCaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_procedure_document_cases_case' })
  case?: ProcedureCaseEntity;
}

export const PROCEDURE_ENTITIES = [ProcedureEntity, ProcedureRelationEntity, ProcedureCaseEntity, ProcedureDocumentEntity, ProcedureDocumentCaseEntity];
