import {
  ChecklistCase, ChecklistEntry, documentLine, groupAlternatives, PrintableDocument, questionsOf, selectDocuments, selectLines,
} from '../procedures/checklist';
import { OnlineServiceKind, ProcedureAudience, ProcedureLocationKind } from '../procedures/procedure.types';
import { compact, JsonLd, SCHEMA } from './json-ld';

/**
 * schema.org JSON-LD of a procedure sheet ("fiche démarche"). Pure: no Nest, no database.
 *
 * What it is, and why:
 * - The sheet is a **`GovernmentService`** (schema.org: "a service provided by a government
 *   organization, e.g. food stamps, veterans benefits"): an identity card, an electoral registration,
 *   a waste-bin request are services the public obtains from an administration. `provider` is the
 *   commune as a `GovernmentOrganization` and `areaServed` the commune as a `City`, both named from
 *   the commune settings with the INSEE code as an `identifier` (schema.org has no property of its
 *   own for it); `audience` says who it is for; `serviceType` is the sheet's theme.
 * - `availableChannel` lists the **`ServiceChannel`**s: each online service (`serviceUrl`), and the
 *   desk where one goes (`serviceLocation`: the town hall as a `CityHall`, another office as a
 *   `GovernmentOffice`, with the address as written and the hours in the description, since
 *   schema.org's `openingHours` has a syntax that free text would break). An online-only sheet has no desk.
 * - Each cost line is an **`Offer`**: price 0 for "Gratuit", the amount when the line states one
 *   amount in euros (`priceOf`), the line itself as `name` always.
 * - The documents to bring are a **`HowTo`** with one `HowToSupply` per document (a "one of"
 *   group is one supply listing its alternatives), attached by `subjectOf` (a work about the service).
 *   When the sheet has situations (cases), there is **one HowTo per complete situation** (one answer
 *   to every question: "Majeur, Renouvellement"), holding exactly the documents, forms and costs the
 *   printed checklist gives for it (the same selection functions, `checklist.ts`), with that
 *   checklist's address as its `url`. Past `MAX_SITUATIONS` combinations, one HowTo lists every
 *   document with the situations it is for in words.
 * - No `step`: a sheet records no ordered steps (its explanation is free Markdown), and none is made
 *   up. Search engines give procedure sheets no rich result: Google has none for GovernmentService and
 *   retired HowTo rich results in 2023. The document is for integrators and for search engines'
 *   understanding of the page, so it follows schema.org's vocabulary strictly rather than a rich
 *   result's list of required fields; what has no fitting property (processing time as free text,
 *   legal references) is left out rather than put in a property of another type.
 */

/** What the JSON-LD reads of a sheet: the GraphQL model has it (REST maps its entity to that model first). */
export interface ProcedureJsonLdSheet {
  id: string;
  title: string;
  summary: string | null;
  audiences: readonly ProcedureAudience[];
  whereToGo: { kind: ProcedureLocationKind; officeName: string | null; address: string | null; openingHours: string | null };
  costs: readonly { label: string; caseKeys: readonly string[] }[];
  onlineServices: readonly { name: string; url: string; kind: OnlineServiceKind; cerfaNumber: string | null; caseKeys: readonly string[] }[];
}

export type ProcedureJsonLdDocument = PrintableDocument & { caseKeys: readonly string[] };

export interface ProcedureJsonLdInput {
  sheet: ProcedureJsonLdSheet;
  cases: readonly ChecklistCase[];
  documents: readonly ProcedureJsonLdDocument[];
  /** The theme's label ("État civil"), if the sheet has one. */
  theme: string | null;
  /** The commune settings; either may be missing until an admin enters them. */
  commune: { name: string | null; inseeCode: string | null };
  /** Related sheets the public can see. */
  related: readonly { id: string; title: string }[];
  /** Absolute address of a sheet (its REST resource), by id. */
  sheetUrl: (id: string) => string;
  /** An address made absolute (a form of the media library has a relative one). */
  absolute: (pathOrUrl: string) => string;
}

/** Above this many complete situations, one HowTo with every document (a kiosk sheet has a handful). */
export const MAX_SITUATIONS = 24;

const AUDIENCES: Record<ProcedureAudience, JsonLd> = {
  [ProcedureAudience.INDIVIDUALS]: { '@type': 'Audience', audienceType: 'Particuliers' },
  [ProcedureAudience.ASSOCIATIONS]: { '@type': 'Audience', audienceType: 'Associations' },
  [ProcedureAudience.BUSINESSES]: { '@type': 'BusinessAudience', audienceType: 'Professionnels' },
};

const DESK_NAME = 'Mairie, Espace Services Publics';

/**
 * The amount of a cost line as staff write it, when it is unambiguous: 0 for a free line ("Gratuit",
 * "Gratuit pour une première demande"), the amount of a line stating exactly one number, in euros
 * ("25 € (timbre fiscal)", "86 euros"); otherwise none ("de 17 à 42 € selon l'âge", "Gratuit sauf perte : 25 €").
 */
export function priceOf(label: string): number | undefined {
  const numbers = label.match(/\d+(?:[.,]\d+)?/g) ?? [];
  if (/gratuit/i.test(label)) return numbers.length === 0 ? 0 : undefined;
  if (numbers.length !== 1) return undefined;
  const amount = /(\d+(?:[.,]\d+)?)\s*(?:€|euros?\b|EUR\b)/i.exec(label);
  return amount ? Number(amount[1].replace(',', '.')) : undefined;
}

/** "Mineur ; Renouvellement ou Perte ou vol": the cases a line names, by question (OR within one, AND across). */
export function situationWords(caseKeys: readonly string[], cases: readonly ChecklistCase[]): string | undefined {
  if (caseKeys.length === 0) return undefined;
  const words = questionsOf(cases)
    .map(({ cases: options }) => options.filter((option) => caseKeys.includes(option.key)).map((option) => option.label))
    .filter((labels) => labels.length > 0)
    .map((labels) => labels.join(' ou '));
  return words.length > 0 ? words.join(' ; ') : undefined;
}

/** Every complete situation: one case per question, in the sheet's order; [[]] for a sheet without cases. */
export function situationsOf<C extends ChecklistCase>(cases: readonly C[]): C[][] {
  return questionsOf(cases).reduce<C[][]>((partial, { cases: options }) => partial.flatMap((chosen) => options.map((option) => [...chosen, option])), [[]]);
}

function countSituations(cases: readonly ChecklistCase[]): number {
  return questionsOf(cases).reduce((product, question) => product * question.cases.length, 1);
}

function cityOf(commune: ProcedureJsonLdInput['commune']): { organization?: JsonLd; city?: JsonLd } {
  if (!commune.name) return {};
  const identifier = commune.inseeCode ? { '@type': 'PropertyValue', propertyID: 'INSEE', name: 'Code officiel géographique', value: commune.inseeCode } : undefined;
  return {
    organization: compact({ '@type': 'GovernmentOrganization', name: commune.name, identifier }),
    city: compact({ '@type': 'City', name: commune.name, identifier }),
  };
}

function channels(input: ProcedureJsonLdInput): JsonLd[] {
  const { sheet, cases } = input;
  const online = sheet.onlineServices.filter((service) => service.kind === OnlineServiceKind.ONLINE_SERVICE).map((service) => compact({
    '@type': 'ServiceChannel', name: service.name, serviceUrl: input.absolute(service.url), availableLanguage: 'fr',
    description: situationWords(service.caseKeys, cases),
  }));
  const place = sheet.whereToGo;
  if (place.kind === ProcedureLocationKind.ONLINE_ONLY) return online;
  const townHall = place.kind === ProcedureLocationKind.TOWN_HALL_DESK;
  const name = place.officeName ?? (townHall ? DESK_NAME : 'Guichet');
  const desk = compact({
    '@type': 'ServiceChannel',
    name,
    availableLanguage: 'fr',
    description: place.openingHours ? `Horaires : ${place.openingHours}` : undefined,
    serviceLocation: compact({ '@type': townHall ? 'CityHall' : 'GovernmentOffice', name, address: place.address }),
  });
  return [...online, desk];
}

function offers(input: ProcedureJsonLdInput): JsonLd[] {
  return input.sheet.costs.map((line) => {
    const price = priceOf(line.label);
    return compact({
      '@type': 'Offer', name: line.label, price, priceCurrency: price === undefined ? undefined : 'EUR',
      description: situationWords(line.caseKeys, input.cases),
    });
  });
}

function supplyOf(entry: ChecklistEntry<ProcedureJsonLdDocument>, cases: readonly ChecklistCase[], annotate: boolean): JsonLd {
  const forWhom = (document: ProcedureJsonLdDocument): string | undefined => {
    const words = annotate ? situationWords(document.caseKeys, cases) : undefined;
    return words && `Selon la situation : ${words}`;
  };
  if (entry.documents.length === 1) {
    const [document] = entry.documents;
    return compact({
      '@type': 'HowToSupply', name: documentLine(document), requiredQuantity: document.quantity, description: forWhom(document),
    });
  }
  return compact({
    '@type': 'HowToSupply',
    name: `Un des documents suivants : ${entry.documents.map(documentLine).join(' ; ')}`,
    description: [...new Set(entry.documents.map(forWhom).filter(Boolean))].join(' ; ') || undefined,
  });
}

/** A form to fill in and bring (a CERFA, or the commune's own form of the media library). */
function formSupply(form: ProcedureJsonLdSheet['onlineServices'][number], url: string, cases: readonly ChecklistCase[], annotate: boolean): JsonLd {
  const words = annotate ? situationWords(form.caseKeys, cases) : undefined;
  return compact({
    '@type': 'HowToSupply',
    name: form.cerfaNumber ? `${form.name} (cerfa n° ${form.cerfaNumber})` : form.name,
    url,
    identifier: form.cerfaNumber ? { '@type': 'PropertyValue', propertyID: 'CERFA', value: form.cerfaNumber } : undefined,
    description: words && `Selon la situation : ${words}`,
  });
}

/** The document lists: one HowTo per complete situation, or one for the whole sheet. */
function howTos(input: ProcedureJsonLdInput, url: string): JsonLd[] {
  const { sheet, cases, documents } = input;
  const forms = sheet.onlineServices.filter((service) => service.kind === OnlineServiceKind.FORM);
  const formNode = (form: ProcedureJsonLdSheet['onlineServices'][number], annotate: boolean): JsonLd =>
    formSupply(form, input.absolute(form.url), cases, annotate);
  const perSituation = cases.length > 0 && countSituations(cases) <= MAX_SITUATIONS;
  if (!perSituation) {
    const annotate = cases.length > 0;
    return [compact({
      '@type': 'HowTo',
      name: `${sheet.title} : pièces à fournir`,
      url: `${url}/checklist`,
      inLanguage: 'fr',
      supply: [
        ...groupAlternatives([...documents].sort((a, b) => a.position - b.position)).map((entry) => supplyOf(entry, cases, annotate)),
        ...forms.map((form) => formNode(form, annotate)),
      ],
      estimatedCost: sheet.costs.length > 0 ? sheet.costs.map((line) => {
        const words = annotate ? situationWords(line.caseKeys, cases) : undefined;
        return words ? `${line.label} (${words})` : line.label;
      }).join(' ; ') : undefined,
    })];
  }
  return situationsOf(cases).map((situation) => {
    const keys = situation.map((item) => item.key);
    const costs = selectLines(cases, sheet.costs, keys);
    return compact({
      '@type': 'HowTo',
      name: `${sheet.title} : pièces à fournir (${situation.map((item) => item.label).join(', ')})`,
      url: `${url}/checklist?cases=${keys.map(encodeURIComponent).join(',')}`,
      inLanguage: 'fr',
      supply: [
        ...groupAlternatives(selectDocuments(cases, documents, keys)).map((entry) => supplyOf(entry, cases, false)),
        ...selectLines(cases, forms, keys).map((form) => formNode(form, false)),
      ],
      estimatedCost: costs.length > 0 ? costs.map((line) => line.label).join(' ; ') : undefined,
    });
  });
}

/** Pure: the schema.org `GovernmentService` of a sheet, with its channels, costs and the documents to bring. */
export function procedureJsonLd(input: ProcedureJsonLdInput): JsonLd {
  const { sheet } = input;
  const url = input.sheetUrl(sheet.id);
  const { organization, city } = cityOf(input.commune);
  return compact({
    '@context': SCHEMA,
    '@type': 'GovernmentService',
    '@id': url,
    url,
    name: sheet.title,
    description: sheet.summary,
    serviceType: input.theme ?? undefined,
    provider: organization,
    areaServed: city,
    audience: sheet.audiences.map((audience) => AUDIENCES[audience]),
    availableChannel: channels(input),
    offers: offers(input),
    subjectOf: howTos(input, url),
    isRelatedTo: input.related.map((item) => ({ '@type': 'GovernmentService', '@id': input.sheetUrl(item.id), name: item.title })),
  });
}
