import { DocumentForm, DocumentRequirement, OnlineServiceKind, ProcedureLocationKind } from './procedure.types';

/**
 * The checklist of a procedure sheet for one person's situation: pure functions, no Nest, no
 * database. A sheet's cases are grouped by the question they answer ("Âge" → "Majeur" / "Mineur");
 * the resident picks at most one case per question.
 *
 * Why single-choice: the cases of one question are mutually exclusive situations (one is an adult
 * or a minor; a request is a first one, a renewal or a replacement after loss). Two answers to one
 * question would describe two people or two requests, and the union of their documents is not what
 * anyone has to bring. A situation that combines (lost AND minor) is two questions, not two
 * answers to one.
 */
export interface ChecklistCase {
  key: string;
  label: string;
  question: string;
  position: number;
}

/**
 * A line of a sheet that may depend on the resident's situation: a document to bring, a cost, a
 * link to an online service. All three follow the same rule (`appliesToSelection`), so the fee of a
 * replacement after loss is shown exactly when the police report that goes with it is.
 */
export interface CaseConditioned {
  /** The cases the line applies to; empty means the whole sheet. */
  caseKeys?: readonly string[] | null;
}

export interface ChecklistDocument extends CaseConditioned {
  position: number;
  caseKeys: readonly string[];
  /** Documents sharing this key are alternatives: bring one of them. */
  oneOfGroup: string | null;
}

export interface Question<C extends ChecklistCase> {
  question: string;
  cases: C[];
}

export type SelectionProblem =
  | { kind: 'unknown-cases'; keys: string[] }
  | { kind: 'two-answers'; question: string; keys: string[] };

export interface Selection<C extends ChecklistCase> {
  /** The selected cases, in the order of the sheet. */
  cases: C[];
  /** Questions left without an answer: the documents that depend on them are not listed. */
  unansweredQuestions: string[];
}

/** The sheet's questions in the order of their first case, each with its cases in order. */
export function questionsOf<C extends ChecklistCase>(cases: readonly C[]): Question<C>[] {
  const byQuestion = new Map<string, C[]>();
  for (const item of [...cases].sort((a, b) => a.position - b.position)) {
    const group = byQuestion.get(item.question) ?? [];
    group.push(item);
    byQuestion.set(item.question, group);
  }
  return [...byQuestion].map(([question, grouped]) => ({ question, cases: grouped }));
}

/** Checks the answers given: every key must be a case of the sheet, and one answer per question at most. */
export function checkSelection<C extends ChecklistCase>(cases: readonly C[], keys: readonly string[]):
  { selection: Selection<C>; problems: SelectionProblem[] } {
  const wanted = new Set(keys);
  const known = new Map(cases.map((item) => [item.key, item]));
  const problems: SelectionProblem[] = [];
  const unknown = [...wanted].filter((key) => !known.has(key));
  if (unknown.length > 0) problems.push({ kind: 'unknown-cases', keys: unknown });
  const selected: C[] = [];
  const unansweredQuestions: string[] = [];
  for (const { question, cases: options } of questionsOf(cases)) {
    const answers = options.filter((option) => wanted.has(option.key));
    if (answers.length > 1) problems.push({ kind: 'two-answers', question, keys: answers.map((answer) => answer.key) });
    if (answers.length === 0) unansweredQuestions.push(question);
    selected.push(...answers);
  }
  return { selection: { cases: selected, unansweredQuestions }, problems };
}

/**
 * Whether a line (document, cost, online service) is on the list: a line without cases always is;
 * otherwise, for EVERY question in which it names cases, one of the selected cases must be among
 * them (AND across questions, OR within a question). "Timbre fiscal" with cases {perte-vol} is
 * listed only for a loss or theft; "Autorisation parentale" with {mineur, perte-vol, renouvellement}
 * is listed for a minor renewing, not for an adult renewing. A line whose question is unanswered is
 * left out (the list then says which questions to answer).
 */
export function appliesToSelection(line: CaseConditioned, questionOf: ReadonlyMap<string, string>,
  selectedKeys: ReadonlySet<string>): boolean {
  const caseKeys = line.caseKeys ?? [];
  if (caseKeys.length === 0) return true;
  const keysByQuestion = new Map<string, string[]>();
  for (const key of caseKeys) {
    const question = questionOf.get(key);
    // A key the sheet does not know matches no answer (validation of the sheet prevents it).
    if (question === undefined) return false;
    keysByQuestion.set(question, [...(keysByQuestion.get(question) ?? []), key]);
  }
  return [...keysByQuestion.values()].every((keys) => keys.some((key) => selectedKeys.has(key)));
}

/** The lines (costs, online services…) that apply to the selected cases, in their order. */
export function selectLines<L extends CaseConditioned>(cases: readonly ChecklistCase[], lines: readonly L[],
  selectedKeys: Iterable<string>): L[] {
  const questionOf = new Map(cases.map((item) => [item.key, item.question]));
  const selected = new Set(selectedKeys);
  return lines.filter((line) => appliesToSelection(line, questionOf, selected));
}

/** The documents that apply to the selected cases, in the sheet's order (by position). */
export function selectDocuments<D extends ChecklistDocument>(cases: readonly ChecklistCase[], documents: readonly D[],
  selectedKeys: Iterable<string>): D[] {
  return selectLines(cases, documents, selectedKeys).sort((a, b) => a.position - b.position);
}

export interface ChecklistEntry<D> {
  /** Set when the entry gathers the "one of:" alternatives of a group. */
  oneOfGroup: string | null;
  documents: D[];
}

/**
 * One entry per document, except that the documents of a "one of" group become one entry, placed
 * where the first of them stands. A group of which only one document applies is a plain entry.
 */
export function groupAlternatives<D extends ChecklistDocument>(documents: readonly D[]): ChecklistEntry<D>[] {
  const entries: ChecklistEntry<D>[] = [];
  const groups = new Map<string, ChecklistEntry<D>>();
  for (const document of documents) {
    const group = document.oneOfGroup ? groups.get(document.oneOfGroup) : undefined;
    if (group) {
      group.documents.push(document);
      continue;
    }
    const entry: ChecklistEntry<D> = { oneOfGroup: document.oneOfGroup, documents: [document] };
    if (document.oneOfGroup) groups.set(document.oneOfGroup, entry);
    entries.push(entry);
  }
  return entries.map((entry) => (entry.documents.length > 1 ? entry : { oneOfGroup: null, documents: entry.documents }));
}

// ---- printable tick-list -------------------------------------------------------------------

export interface PrintableDocument extends ChecklistDocument {
  label: string;
  note: string | null;
  form: DocumentForm;
  quantity: number;
  requirement: DocumentRequirement;
  condition: string | null;
}

export interface PrintableSheet {
  title: string;
  locationKind: ProcedureLocationKind;
  officeName: string | null;
  officeAddress: string | null;
  officeOpeningHours: string | null;
  /** The cost lines of the chosen situation (selectLines): "Gratuit", "25 € (timbre fiscal)". */
  costs: readonly { label: string }[];
  processingTime: string | null;
  /** The links of the chosen situation (selectLines). */
  onlineServices: readonly { name: string; url: string; kind: OnlineServiceKind; cerfaNumber: string | null }[];
}

const FORM_LABELS: Record<DocumentForm, string> = {
  [DocumentForm.ORIGINAL]: 'original',
  [DocumentForm.COPY]: 'copie',
  [DocumentForm.ORIGINAL_AND_COPY]: 'original et copie',
};

/** "Photo d'identité de moins de 6 mois (original, 1) — si …" */
export function documentLine(document: PrintableDocument): string {
  const label = document.note ? `${document.label} ${document.note}` : document.label;
  const condition = document.requirement === DocumentRequirement.CONDITIONAL && document.condition ? ` — ${document.condition}` : '';
  return `${label} (${FORM_LABELS[document.form]}, ${document.quantity})${condition}`;
}

export function whereToGoLine(sheet: PrintableSheet): string {
  const office = [sheet.officeName, sheet.officeAddress].filter(Boolean).join(', ');
  const hours = sheet.officeOpeningHours ? ` (horaires : ${sheet.officeOpeningHours})` : '';
  switch (sheet.locationKind) {
    case ProcedureLocationKind.TOWN_HALL_DESK:
      return `${office || 'Mairie, Espace Services Publics'}${hours}`;
    case ProcedureLocationKind.OTHER_OFFICE:
      return `${office}${hours}`;
    case ProcedureLocationKind.ONLINE_ONLY:
      return 'En ligne uniquement (l\'agent d\'accueil peut vous aider sur la borne de la mairie)';
  }
}

/**
 * The list as the desk agent prints it and the resident ticks it: situation, one "☐" per document
 * (alternatives indented under "Un des documents suivants"), then where to go, cost, delay and links
 * (`sheet` carries only the cost and link lines of the chosen situation).
 */
export function checklistText(sheet: PrintableSheet, selection: Selection<ChecklistCase>,
  entries: readonly ChecklistEntry<PrintableDocument>[]): string {
  const lines: string[] = [sheet.title, ''];
  if (selection.cases.length > 0) {
    lines.push(`Votre situation : ${selection.cases.map((item) => `${item.question} : ${item.label}`).join(' ; ')}`);
  }
  if (selection.unansweredQuestions.length > 0) {
    lines.push(`Liste à compléter : répondez aussi à ${selection.unansweredQuestions.map((question) => `« ${question} »`).join(', ')}`);
  }
  lines.push('', 'Documents à apporter :');
  if (entries.length === 0) lines.push('(aucun document à apporter)');
  for (const entry of entries) {
    if (entry.documents.length === 1) {
      lines.push(`☐ ${documentLine(entry.documents[0])}`);
      continue;
    }
    lines.push('☐ Un des documents suivants :');
    for (const document of entry.documents) lines.push(`    ○ ${documentLine(document)}`);
  }
  lines.push('', `Où : ${whereToGoLine(sheet)}`);
  if (sheet.costs.length > 0) lines.push(`Coût : ${sheet.costs.map((cost) => cost.label).join(' ; ')}`);
  if (sheet.processingTime) lines.push(`Délai : ${sheet.processingTime}`);
  if (sheet.onlineServices.length > 0) {
    lines.push('En ligne :');
    for (const service of sheet.onlineServices) {
      const cerfa = service.cerfaNumber ? ` (cerfa n° ${service.cerfaNumber})` : '';
      // A form of the media library has an address relative to the site, useless on paper.
      const where = service.url.startsWith('/') ? 'sur le site de la commune' : service.url;
      lines.push(`- ${service.name}${cerfa} : ${where}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
