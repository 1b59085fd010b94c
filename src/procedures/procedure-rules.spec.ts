import { CASE_KEY_PATTERN, foldText, isCalendarDate, locationProblems, onlineServiceProblems, structureProblems, undeclaredCaseProblems } from './procedure-rules';
import { likeContains } from '../common/like-pattern';
import { DocumentRequirement, ProcedureLocationKind } from './procedure.types';

const PATHS = { cases: 'input.cases', documents: 'input.documents' };
const mandatory = (caseKeys: string[] = [], oneOfGroup: string | null = null) =>
  ({ caseKeys, oneOfGroup, requirement: DocumentRequirement.MANDATORY, condition: null });
const CASES = [
  { key: 'majeur', label: 'Majeur', question: 'Âge' },
  { key: 'mineur', label: 'Mineur', question: 'Âge' },
];

describe('foldText', () => {
  it('folds accents, ligatures, case, punctuation and spaces', () => {
    expect(foldText('  État   civil ')).toBe('etat civil');
    expect(foldText('Cœur d’Œuvre')).toBe('coeur d oeuvre');
    expect(foldText("Carte d'identité")).toBe(foldText('carte d’identite'));
  });

  it('sorts accented titles with their plain letter', () => {
    const sorted = ['Élections', 'Déchets', 'Enfance', 'Ecole'].sort((a, b) => (foldText(a) < foldText(b) ? -1 : 1));
    expect(sorted).toEqual(['Déchets', 'Ecole', 'Élections', 'Enfance']);
  });
});

describe('structureProblems', () => {
  it('accepts a consistent sheet', () => {
    expect(structureProblems(CASES, [mandatory(), mandatory(['mineur']), mandatory([], 'id'), mandatory(['majeur'], 'id')], PATHS)).toEqual([]);
  });

  it('refuses a duplicate case key', () => {
    expect(structureProblems([...CASES, { key: 'majeur', label: 'Adulte', question: 'Âge' }], [], PATHS))
      .toEqual([{ path: 'input.cases.2.key', message: expect.stringContaining('"majeur"') }]);
  });

  it('refuses two cases with the same label in one question, accents and case aside, but not across questions', () => {
    expect(structureProblems([...CASES, { key: 'adulte', label: 'MAJEUR', question: 'Age' }], [], PATHS))
      .toEqual([{ path: 'input.cases.2.label', message: expect.any(String) }]);
    expect(structureProblems([...CASES, { key: 'autre', label: 'Majeur', question: 'Représentant' }], [], PATHS)).toEqual([]);
  });

  it('names the document that refers to an unknown case key', () => {
    expect(structureProblems(CASES, [mandatory(), mandatory(), mandatory(['mineur', 'retraite'])], PATHS))
      .toEqual([{ path: 'input.documents.2.caseKeys', message: expect.stringContaining('"retraite"') }]);
  });

  it('wants a condition on a conditional document and only there', () => {
    const problems = structureProblems([], [
      { requirement: DocumentRequirement.CONDITIONAL, condition: '  ' },
      { requirement: DocumentRequirement.MANDATORY, condition: 'si hébergé' },
      { requirement: DocumentRequirement.CONDITIONAL, condition: 'si hébergé' },
    ], PATHS);
    expect(problems.map((p) => p.path)).toEqual(['input.documents.0.condition', 'input.documents.1.condition']);
  });

  it('refuses, in one question, a key and a narrower form of it (the convention of case keys), but not across questions', () => {
    const bands = [{ key: 'mineur-moins-15', label: 'Moins de 15 ans', question: 'Âge' }, { key: 'mineur-15-17', label: '15 à 17 ans', question: 'Âge' }];
    expect(structureProblems([...CASES, ...bands], [], PATHS)).toEqual([
      { path: 'input.cases.2.key', message: expect.stringContaining('"mineur-moins-15" is a narrower form of "mineur"') },
      { path: 'input.cases.3.key', message: expect.stringContaining('"mineur-15-17" is a narrower form of "mineur"') },
    ]);
    expect(structureProblems([CASES[0], ...bands], [], PATHS)).toEqual([]);
    expect(structureProblems([...CASES, { key: 'mineur-emancipe', label: 'Émancipé', question: 'Statut' }], [], PATHS)).toEqual([]);
  });

  it('names the cost line or online service that refers to an undeclared case key', () => {
    expect(undeclaredCaseProblems(new Set(['majeur', 'mineur']), [{ caseKeys: [] }, { caseKeys: ['mineur'] }, { caseKeys: ['perte-vol'] }, {}], 'input.costs'))
      .toEqual([{ path: 'input.costs.2.caseKeys', message: expect.stringContaining('"perte-vol"') }]);
  });

  it('refuses a "one of" group with a single document', () => {
    expect(structureProblems(CASES, [mandatory([], 'seul'), mandatory([], 'paire'), mandatory([], 'paire')], PATHS))
      .toEqual([{ path: 'input.documents.0.oneOfGroup', message: expect.any(String) }]);
  });
});

describe('locationProblems', () => {
  it('wants the name of another office, not of the desk', () => {
    expect(locationProblems({ kind: ProcedureLocationKind.OTHER_OFFICE, officeName: ' ' }, 'input.whereToGo'))
      .toEqual([{ path: 'input.whereToGo.officeName', message: expect.any(String) }]);
    expect(locationProblems({ kind: ProcedureLocationKind.TOWN_HALL_DESK }, 'input.whereToGo')).toEqual([]);
  });
});

describe('isCalendarDate', () => {
  it('accepts real days only', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('26-01-01')).toBe(false);
  });
});

describe('likeContains', () => {
  it('escapes LIKE wildcards', () => {
    expect(likeContains('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});

describe('onlineServiceProblems', () => {
  it('accepts a link with an address, a form of the media library without one, or both', () => {
    expect(onlineServiceProblems([
      { url: 'https://ants.gouv.fr' },
      { url: null, mediaId: '0b7c3c1e-1d2a-4c55-9a0e-1f2e3d4c5b6a' },
      { url: 'https://example.fr/form.pdf', mediaId: '0b7c3c1e-1d2a-4c55-9a0e-1f2e3d4c5b6a' },
    ], 'input.onlineServices')).toEqual([]);
  });

  it('names the url of each link that has neither an address nor a form of the library', () => {
    expect(onlineServiceProblems([{ url: 'https://ants.gouv.fr' }, {}, { url: null, mediaId: null }], 'input.onlineServices')).toEqual([
      { path: 'input.onlineServices.1.url', message: expect.stringContaining('mediaId') },
      { path: 'input.onlineServices.2.url', message: expect.stringContaining('https address') },
    ]);
  });
});

describe('CASE_KEY_PATTERN', () => {
  it('accepts kebab-case words starting with a letter, refuses anything else', () => {
    expect(['majeur', 'perte-vol', 'mineur-15-17', 'mineur-moins-15'].every((key) => CASE_KEY_PATTERN.test(key))).toBe(true);
    expect(['Majeur', 'perte_vol', 'perte--vol', '-vol', 'vol-', '15-17', 'mineur 15', 'étranger'].some((key) => CASE_KEY_PATTERN.test(key))).toBe(false);
  });
});
