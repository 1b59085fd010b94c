import type { FieldError } from '../common/errors';
import { fold } from '../content/french-text';
import { DocumentRequirement, ProcedureLocationKind } from './procedure.types';

/**
 * Rules of a procedure sheet's structure that no single field can check: pure functions returning
 * every problem with its field path, so a form can show them all at once.
 */
export interface CaseShape {
  key: string;
  label: string;
  question: string;
}

/** A line that may name cases: a document, a cost line, an online service. */
export interface CaseConditionedShape {
  caseKeys?: readonly string[] | null;
}

export interface DocumentShape extends CaseConditionedShape {
  oneOfGroup?: string | null;
  requirement: DocumentRequirement;
  condition?: string | null;
}

/**
 * The naming convention of case keys, the same on every sheet (what the kiosk sends back, what
 * documents, costs and links name):
 * - kebab-case: lower-case ASCII letters and digits, words joined by single hyphens, starting with
 *   a letter, at most 60 characters (`premiere-demande`, `perte-vol`);
 * - the key names the answer, in French, without articles, never the sheet or the question;
 * - the same answer has the same key on every sheet (`majeur` / `mineur`, `premiere-demande` /
 *   `renouvellement` / `perte-vol`), so that a kiosk can carry an answer from one sheet to the next;
 * - a narrower answer is the broader key followed by its qualifier: the passport's fee depends on
 *   the age band (`mineur-moins-15`, `mineur-15-17`), the identity card's does not (`mineur`). A
 *   kiosk that knows `mineur-15-17` answers `mineur` where a sheet has no bands. Hence one question
 *   cannot have both a key and a narrower form of it: a resident would be both answers at once.
 */
export const CASE_KEY_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Whether `narrower` is `broader` followed by a qualifier (`mineur-15-17` of `mineur`). */
export function isNarrowerKey(narrower: string, broader: string): boolean {
  return narrower.startsWith(`${broader}-`);
}

/**
 * Lines naming cases may name only the sheet's own (declared) cases: documents, cost lines and
 * online services alike, each problem on its own line's `caseKeys`.
 */
export function undeclaredCaseProblems(declared: ReadonlySet<string>, lines: readonly CaseConditionedShape[], path: string): FieldError[] {
  return lines.flatMap((line, index) => {
    const unknown = (line.caseKeys ?? []).filter((key) => !declared.has(key));
    if (unknown.length === 0) return [];
    const known = declared.size > 0 ? `one of ${[...declared].join(', ')}` : 'none: this sheet has no cases';
    return [{ path: `${path}.${index}.caseKeys`, message: `Unknown case key ${unknown.map((key) => `"${key}"`).join(', ')} (the sheet's case keys: ${known})` }];
  });
}

/**
 * Lower-case, accents and ligatures folded, punctuation and spaces as single spaces: "État civil" →
 * "etat civil" (content/french-text.ts; this name is kept until the imports point there).
 */
export const foldText = fold;

/**
 * Case keys unique in the sheet, case labels unique within their question, documents naming only
 * cases of the same sheet, a condition exactly on conditional documents, and "one of" groups of at
 * least two documents.
 */
export function structureProblems(cases: readonly CaseShape[], documents: readonly DocumentShape[],
  paths: { cases: string; documents: string }): FieldError[] {
  const problems: FieldError[] = [];
  const keys = new Set<string>();
  const labels = new Set<string>();
  cases.forEach((item, index) => {
    if (keys.has(item.key)) {
      problems.push({ path: `${paths.cases}.${index}.key`, message: `Another case of this sheet already has the key "${item.key}"` });
    }
    const broader = cases.find((other) => foldText(other.question) === foldText(item.question) && isNarrowerKey(item.key, other.key));
    if (broader) {
      problems.push({
        path: `${paths.cases}.${index}.key`,
        message: `"${item.key}" is a narrower form of "${broader.key}", an answer to the same question: a resident would be both. Qualify every answer (e.g. "${broader.key}-moins-15" and "${broader.key}-15-17") or none`,
      });
    }
    keys.add(item.key);
    const label = `${foldText(item.question)}\u0000${foldText(item.label)}`;
    if (labels.has(label)) {
      problems.push({ path: `${paths.cases}.${index}.label`, message: `The question "${item.question}" already has a case "${item.label}"` });
    }
    labels.add(label);
  });
  const groupSizes = new Map<string, number>();
  for (const document of documents) {
    if (document.oneOfGroup) groupSizes.set(document.oneOfGroup, (groupSizes.get(document.oneOfGroup) ?? 0) + 1);
  }
  problems.push(...undeclaredCaseProblems(keys, documents, paths.documents));
  documents.forEach((document, index) => {
    const path = `${paths.documents}.${index}`;
    const hasCondition = Boolean(document.condition?.trim());
    if (document.requirement === DocumentRequirement.CONDITIONAL && !hasCondition) {
      problems.push({ path: `${path}.condition`, message: 'A conditional document needs its condition, e.g. "si vous êtes hébergé"' });
    }
    if (document.requirement === DocumentRequirement.MANDATORY && hasCondition) {
      problems.push({ path: `${path}.condition`, message: 'Only a conditional document has a condition: make it conditional or remove the condition' });
    }
    if (document.oneOfGroup && groupSizes.get(document.oneOfGroup) === 1) {
      problems.push({ path: `${path}.oneOfGroup`, message: `"${document.oneOfGroup}" is the only document of its "one of" group: give the alternatives the same group, or leave it empty` });
    }
  });
  return problems;
}

export interface OnlineServiceShape {
  url?: string | null;
  mediaId?: string | null;
}

/** Each link needs somewhere to go: its https address, or a form of the media library (which brings its own address). */
export function onlineServiceProblems(services: readonly OnlineServiceShape[], path: string): FieldError[] {
  return services.flatMap((service, index) => (service.url || service.mediaId ? [] : [{
    path: `${path}.${index}.url`,
    message: 'Give the https address of the service or form, or attach a form of the media library (mediaId)',
  }]));
}

/** Another office must be named; the desk and online-only sheets may leave it out. */
export function locationProblems(location: { kind: ProcedureLocationKind; officeName?: string | null }, path: string): FieldError[] {
  if (location.kind === ProcedureLocationKind.OTHER_OFFICE && !location.officeName?.trim()) {
    return [{ path: `${path}.officeName`, message: 'Name the office where the resident must go' }];
  }
  return [];
}

/** A real calendar day written YYYY-MM-DD (the DTO checks the shape; this refuses 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

