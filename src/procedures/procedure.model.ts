import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/pagination/connection';
import { ContentItem, contentItemFields, registerContentItemType } from '../content/content-item.model';
import { Channel, ContentStatus, ContentTypeName } from '../content/content.types';
import { ChecklistEntry as ChecklistGroup, Selection } from './checklist';
import { CostLineValue, OnlineServiceValue, ProcedureCaseEntity, ProcedureDocumentEntity, ProcedureEntity } from './procedure.entity';
import { DocumentForm, DocumentRequirement, OnlineServiceKind, ProcedureAudience, ProcedureLocationKind } from './procedure.types';

@ObjectType('ProcedureLocation', { description: 'Where the resident goes' })
export class ProcedureLocation {
  @Field(() => ProcedureLocationKind)
  kind!: ProcedureLocationKind;

  @Field(() => String, { nullable: true })
  officeName!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true })
  openingHours!: string | null;
}

@ObjectType('OnlineService', { description: 'An online service or a downloadable form' })
export class OnlineService {
  @Field()
  name!: string;

  @Field({ description: 'Where to go: an https address, or the media library address (relative to the API origin) of a form of the library' })
  url!: string;

  @Field(() => OnlineServiceKind)
  kind!: OnlineServiceKind;

  @Field(() => String, { nullable: true, description: 'e.g. 13753*04' })
  cerfaNumber!: string | null;

  @Field(() => ID, { nullable: true, description: 'The commune\'s own form in the media library (see the media field); url is then its address unless another was given' })
  mediaId!: string | null;

  @Field(() => [String], { description: 'Cases the link is for, as for a document; empty for the whole sheet' })
  caseKeys!: string[];
}

@ObjectType('CostLine', { description: 'One line of what the procedure costs, for some cases or the whole sheet' })
export class CostLine {
  @Field({ description: 'As written for residents: "Gratuit", "25 € (timbre fiscal)"' })
  label!: string;

  @Field(() => [String], { description: 'Cases the line is for, as for a document; empty for the whole sheet' })
  caseKeys!: string[];
}

@ObjectType('ProcedureCase', { description: 'One situation of a sheet, answering one of its questions' })
export class ProcedureCase {
  @Field()
  key!: string;

  @Field()
  label!: string;

  @Field()
  question!: string;

  @Field(() => Int)
  position!: number;
}

@ObjectType('ProcedureQuestion', { description: 'A question the kiosk asks, with its exclusive answers' })
export class ProcedureQuestion {
  @Field()
  question!: string;

  @Field(() => [ProcedureCase])
  cases!: ProcedureCase[];
}

@ObjectType('RequiredDocument', { description: 'A document to bring' })
export class RequiredDocument {
  @Field()
  label!: string;

  @Field(() => String, { nullable: true, description: 'Printed after the label, e.g. "de moins de 3 mois"' })
  note!: string | null;

  @Field(() => DocumentForm)
  form!: DocumentForm;

  @Field(() => Int)
  quantity!: number;

  @Field(() => DocumentRequirement)
  requirement!: DocumentRequirement;

  @Field(() => String, { nullable: true })
  condition!: string | null;

  @Field(() => String, { nullable: true, description: 'Documents sharing this key are "one of:" alternatives' })
  oneOfGroup!: string | null;

  @Field(() => Int, { description: 'Order in the sheet, from 0' })
  position!: number;

  @Field(() => [String], { description: 'Cases it applies to; empty for the whole sheet' })
  caseKeys!: string[];
}

/**
 * The practical lines a sheet and its checklists share: where to go, costs, delay, links. On a sheet,
 * every cost line and link with the cases it is for; on a checklist, those of the chosen situation
 * only (the same selection as the documents).
 */
@ObjectType({ isAbstract: true })
abstract class PracticalLines {
  @Field(() => ProcedureLocation)
  whereToGo!: ProcedureLocation;

  @Field(() => [CostLine], { description: 'What it costs, line by line; a checklist keeps the lines of the chosen cases' })
  costs!: CostLine[];

  @Field(() => String, { nullable: true })
  processingTime!: string | null;

  @Field(() => [OnlineService], { description: 'Online services and forms; a checklist keeps the links of the chosen cases' })
  onlineServices!: OnlineService[];
}

@ObjectType('Procedure', { implements: () => [ContentItem], description: 'A procedure sheet ("fiche démarche") with its required-document checklist' })
export class Procedure extends PracticalLines implements ContentItem {
  // The ContentItem fields: GraphQL takes them, with their descriptions, from the interface.
  id!: string;
  contentType!: ContentTypeName;
  slug!: string;
  channels!: Channel[];
  status!: ContentStatus;
  version!: number;
  publishedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;

  @Field()
  title!: string;

  @Field(() => [ProcedureAudience])
  audiences!: ProcedureAudience[];

  @Field(() => ID, { nullable: true })
  themeId!: string | null;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field({ description: 'Markdown source of the explanatory note' })
  explanation!: string;

  @Field({ description: 'HTML rendered from the explanation, sanitised' })
  explanationHtml!: string;

  @Field(() => [String])
  legalReferences!: string[];

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  lastReviewedOn!: string | null;

}

export const ProcedureConnection = Connection(Procedure, 'Procedure');

@ObjectType('ChecklistEntry', { description: 'One line of a checklist: a document, or "one of" several alternatives' })
export class ChecklistEntry {
  @Field(() => String, { nullable: true, description: 'Set when the entry offers alternatives (bring one of them)' })
  oneOfGroup!: string | null;

  @Field(() => [RequiredDocument])
  documents!: RequiredDocument[];
}

@ObjectType('ProcedureChecklist', { description: 'What one resident must bring, for the cases they chose' })
export class ProcedureChecklist extends PracticalLines {
  @Field(() => Procedure)
  procedure!: Procedure;

  @Field(() => [ProcedureCase], { description: 'The chosen cases, in the order of the sheet' })
  selectedCases!: ProcedureCase[];

  @Field(() => [String], { description: 'Questions left unanswered: documents depending on them are not listed' })
  unansweredQuestions!: string[];

  @Field(() => [ChecklistEntry], { description: 'In the order of the sheet' })
  entries!: ChecklistEntry[];

  @Field({ description: 'The printable plain-text tick-list' })
  text!: string;
}

/** A document as the service loads it: the row and the keys of its cases. */
export type DocumentWithCases = ProcedureDocumentEntity & { caseKeys: string[] };

/** The checklist of one sheet for the cases a resident chose, as the service computes it. */
export interface ChecklistResult {
  sheet: ProcedureEntity;
  selection: Selection<ProcedureCaseEntity>;
  entries: ChecklistGroup<DocumentWithCases>[];
  /** The sheet's cost lines and links that apply to the chosen cases. */
  costs: CostLineValue[];
  onlineServices: OnlineServiceValue[];
  text: string;
}

/** Entity → API shape: the one mapping used by GraphQL and REST. */
export function toProcedure(entity: ProcedureEntity): Procedure {
  return Object.assign(contentItemFields(entity, ContentTypeName.PROCEDURE), {
    title: entity.title,
    audiences: entity.audiences,
    themeId: entity.themeId,
    summary: entity.summary,
    explanation: entity.explanation,
    explanationHtml: entity.explanationHtml,
    whereToGo: toLocation(entity),
    costs: entity.costs.map(toCostLine),
    processingTime: entity.processingTime,
    onlineServices: entity.onlineServices.map(toOnlineService),
    legalReferences: entity.legalReferences,
    lastReviewedOn: entity.lastReviewedOn,
  });
}

export function toCostLine(line: CostLineValue): CostLine {
  return { label: line.label, caseKeys: line.caseKeys ?? [] };
}

export function toOnlineService(service: OnlineServiceValue): OnlineService {
  return {
    name: service.name, url: service.url, kind: service.kind, cerfaNumber: service.cerfaNumber ?? null, mediaId: service.mediaId ?? null,
    caseKeys: service.caseKeys ?? [],
  };
}

export function toLocation(entity: ProcedureEntity): ProcedureLocation {
  return { kind: entity.locationKind, officeName: entity.officeName, address: entity.officeAddress, openingHours: entity.officeOpeningHours };
}

export function toProcedureCase(entity: ProcedureCaseEntity): ProcedureCase {
  return { key: entity.key, label: entity.label, question: entity.question, position: entity.position };
}

export function toRequiredDocument(document: DocumentWithCases): RequiredDocument {
  return {
    label: document.label,
    note: document.note,
    form: document.form,
    quantity: document.quantity,
    requirement: document.requirement,
    condition: document.condition,
    oneOfGroup: document.oneOfGroup,
    position: document.position,
    caseKeys: document.caseKeys,
  };
}

export function toChecklist(result: ChecklistResult): ProcedureChecklist {
  const procedure = toProcedure(result.sheet);
  return {
    procedure,
    selectedCases: result.selection.cases.map(toProcedureCase),
    unansweredQuestions: result.selection.unansweredQuestions,
    entries: result.entries.map((entry) => ({ oneOfGroup: entry.oneOfGroup, documents: entry.documents.map(toRequiredDocument) })),
    whereToGo: procedure.whereToGo,
    costs: result.costs.map(toCostLine),
    processingTime: procedure.processingTime,
    onlineServices: result.onlineServices.map(toOnlineService),
    text: result.text,
  };
}

registerContentItemType(ContentTypeName.PROCEDURE, 'Procedure');
