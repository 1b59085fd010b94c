import { PAPER_OR_POSTING_POPULATION_LIMIT, PublicationMode } from './publication-mode';

/**
 * The commune's own facts the legal rules need, as pure functions (no Nest, no database).
 *
 * INSEE code ("code officiel géographique" of the commune, not its postcode): five characters,
 * the département then three digits. Départements are 01–19, 21–95 (20 was split into 2A and 2B
 * for Corsica in 1976), overseas 971–976 (their commune codes are 97 + 3 digits) and the overseas
 * collectivities 975, 977, 978, 98x. Anor (Nord) is 59012; its postcode 59186 is a different number.
 */
export const INSEE_CODE_PATTERN = /^(?:0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-8])[0-9]{3}$/;

export function isInseeCode(value: string): boolean {
  return INSEE_CODE_PATTERN.test(value);
}

/** The settings the publication-mode rule looks at. */
export interface PublicationSettings {
  population: number | null;
  publicationMode: PublicationMode;
  publicationDecisionReference: string | null;
  publicationDecisionDate: string | null;
}

export interface SettingsViolation {
  field: string;
  message: string;
}

/**
 * CGCT L2131-1: electronic publication is the rule; a commune under 3,500 inhabitants may choose
 * paper or posting by a vote of its council, whose reference and date are then required.
 */
export function publicationModeViolations(settings: PublicationSettings): SettingsViolation[] {
  if (settings.publicationMode === PublicationMode.ELECTRONIC) return [];
  const violations: SettingsViolation[] = [];
  if (settings.population === null) {
    violations.push({ field: 'population', message: 'Paper or posting may be chosen only by a commune under 3,500 inhabitants: give the population' });
  } else if (settings.population >= PAPER_OR_POSTING_POPULATION_LIMIT) {
    violations.push({
      field: 'publicationMode',
      message: `A commune of ${settings.population} inhabitants must publish its acts electronically: paper or posting may be chosen only under 3,500 inhabitants (CGCT L2131-1)`,
    });
  }
  if (!settings.publicationDecisionReference) {
    violations.push({ field: 'publicationDecisionReference', message: 'Paper or posting is chosen by a council vote: give the reference of that deliberation' });
  }
  if (!settings.publicationDecisionDate) {
    violations.push({ field: 'publicationDecisionDate', message: 'Paper or posting is chosen by a council vote: give the date of that deliberation' });
  }
  return violations;
}
