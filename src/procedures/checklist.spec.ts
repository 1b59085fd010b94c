import {
  checklistText, checkSelection, ChecklistCase, appliesToSelection, documentLine, groupAlternatives, PrintableDocument, PrintableSheet,
  questionsOf, selectDocuments, selectLines, whereToGoLine,
} from './checklist';
import { DocumentForm, DocumentRequirement, OnlineServiceKind, ProcedureLocationKind } from './procedure.types';

const CASES: ChecklistCase[] = [
  { key: 'majeur', label: 'Majeur', question: 'Âge', position: 0 },
  { key: 'mineur', label: 'Mineur', question: 'Âge', position: 1 },
  { key: 'premiere', label: 'Première demande', question: 'Situation', position: 2 },
  { key: 'renouvellement', label: 'Renouvellement', question: 'Situation', position: 3 },
  { key: 'perte-vol', label: 'Perte ou vol', question: 'Situation', position: 4 },
];

function doc(position: number, label: string, caseKeys: string[] = [], oneOfGroup: string | null = null): PrintableDocument {
  return {
    position, label, caseKeys, oneOfGroup, note: null, form: DocumentForm.ORIGINAL, quantity: 1,
    requirement: DocumentRequirement.MANDATORY, condition: null,
  };
}

const DOCUMENTS: PrintableDocument[] = [
  doc(0, 'Photo'),
  doc(1, 'Ancienne carte', ['renouvellement']),
  doc(2, 'Timbre fiscal', ['perte-vol']),
  doc(3, 'Pièce d\'identité du parent', ['mineur']),
  doc(4, 'Déclaration de perte (mineur)', ['mineur', 'perte-vol']),
  doc(5, 'Passeport', ['premiere', 'perte-vol'], 'nationalite'),
  doc(6, 'Acte de naissance', ['premiere', 'perte-vol'], 'nationalite'),
  doc(7, 'Justificatif de domicile'),
];

const labels = (documents: PrintableDocument[]): string[] => documents.map((d) => d.label);

describe('questionsOf', () => {
  it('groups cases by question in the order of their first case', () => {
    const shuffled = [CASES[3], CASES[0], CASES[4], CASES[1], CASES[2]];
    expect(questionsOf(shuffled).map((q) => [q.question, q.cases.map((c) => c.key)])).toEqual([
      ['Âge', ['majeur', 'mineur']],
      ['Situation', ['premiere', 'renouvellement', 'perte-vol']],
    ]);
  });
});

describe('checkSelection', () => {
  it('accepts one answer per question and reports none missing', () => {
    const { selection, problems } = checkSelection(CASES, ['premiere', 'majeur']);
    expect(problems).toEqual([]);
    expect(selection.cases.map((c) => c.key)).toEqual(['majeur', 'premiere']);
    expect(selection.unansweredQuestions).toEqual([]);
  });

  it('names the questions left without an answer', () => {
    const { selection, problems } = checkSelection(CASES, ['mineur']);
    expect(problems).toEqual([]);
    expect(selection.unansweredQuestions).toEqual(['Situation']);
  });

  it('refuses keys that are not cases of the sheet', () => {
    const { problems } = checkSelection(CASES, ['majeur', 'retraite', 'etranger']);
    expect(problems).toEqual([{ kind: 'unknown-cases', keys: ['retraite', 'etranger'] }]);
  });

  it('refuses two answers to the same question', () => {
    const { problems } = checkSelection(CASES, ['majeur', 'renouvellement', 'perte-vol']);
    expect(problems).toEqual([{ kind: 'two-answers', question: 'Situation', keys: ['renouvellement', 'perte-vol'] }]);
  });

  it('counts a key given twice as one answer', () => {
    expect(checkSelection(CASES, ['majeur', 'majeur']).problems).toEqual([]);
  });

  it('gives nothing to answer for a sheet without cases', () => {
    expect(checkSelection([], [])).toEqual({ selection: { cases: [], unansweredQuestions: [] }, problems: [] });
  });
});

describe('appliesToSelection', () => {
  const questionOf = new Map(CASES.map((c) => [c.key, c.question]));
  const applies = (caseKeys: string[], selected: string[]): boolean =>
    appliesToSelection({ caseKeys }, questionOf, new Set(selected));

  it('always includes a document without cases', () => {
    expect(applies([], [])).toBe(true);
    expect(applies([], ['mineur', 'perte-vol'])).toBe(true);
  });

  it('includes a document when one of its cases of a question is selected (OR within a question)', () => {
    expect(applies(['premiere', 'perte-vol'], ['perte-vol'])).toBe(true);
    expect(applies(['premiere', 'perte-vol'], ['renouvellement'])).toBe(false);
  });

  it('requires a match in every question the document names (AND across questions)', () => {
    expect(applies(['mineur', 'perte-vol'], ['mineur', 'perte-vol'])).toBe(true);
    expect(applies(['mineur', 'perte-vol'], ['majeur', 'perte-vol'])).toBe(false);
    expect(applies(['mineur', 'perte-vol'], ['mineur', 'premiere'])).toBe(false);
  });

  it('ignores questions the document does not name', () => {
    expect(applies(['mineur'], ['mineur', 'renouvellement'])).toBe(true);
  });

  it('leaves out a case-specific document while its question is unanswered', () => {
    expect(applies(['mineur', 'perte-vol'], ['mineur'])).toBe(false);
  });

  it('never includes a document naming a key the sheet does not know', () => {
    expect(applies(['inconnu'], ['inconnu'])).toBe(false);
  });
});

describe('selectLines', () => {
  const costs = [
    { label: 'Gratuit', caseKeys: ['premiere', 'renouvellement'] },
    { label: '25 € (timbre fiscal)', caseKeys: ['perte-vol'] },
    { label: 'Frais de dossier', caseKeys: [] },
  ];

  it('selects cost and link lines by the same rule as documents, in their order', () => {
    expect(selectLines(CASES, costs, ['majeur', 'premiere']).map((line) => line.label)).toEqual(['Gratuit', 'Frais de dossier']);
    expect(selectLines(CASES, costs, ['perte-vol']).map((line) => line.label)).toEqual(['25 € (timbre fiscal)', 'Frais de dossier']);
    expect(selectLines(CASES, costs, []).map((line) => line.label)).toEqual(['Frais de dossier']);
  });

  it('treats a line without caseKeys (a link stored before they existed) as one for the whole sheet', () => {
    expect(selectLines(CASES, [{ name: 'ANTS' }, { name: 'Timbre', caseKeys: null }], ['majeur'])).toHaveLength(2);
  });
});

describe('selectDocuments', () => {
  it('lists an adult first request', () => {
    expect(labels(selectDocuments(CASES, DOCUMENTS, ['majeur', 'premiere'])))
      .toEqual(['Photo', 'Passeport', 'Acte de naissance', 'Justificatif de domicile']);
  });

  it('lists a minor after loss or theft, a different list', () => {
    expect(labels(selectDocuments(CASES, DOCUMENTS, ['mineur', 'perte-vol']))).toEqual([
      'Photo', 'Timbre fiscal', 'Pièce d\'identité du parent', 'Déclaration de perte (mineur)', 'Passeport', 'Acte de naissance',
      'Justificatif de domicile',
    ]);
  });

  it('keeps the sheet order whatever the order of the input and the answers', () => {
    const reversed = [...DOCUMENTS].reverse();
    expect(labels(selectDocuments(CASES, reversed, ['renouvellement', 'majeur'])))
      .toEqual(['Photo', 'Ancienne carte', 'Justificatif de domicile']);
  });

  it('lists only the documents of the whole sheet when nothing is answered', () => {
    expect(labels(selectDocuments(CASES, DOCUMENTS, []))).toEqual(['Photo', 'Justificatif de domicile']);
  });
});

describe('groupAlternatives', () => {
  it('gathers a "one of" group into one entry where its first document stands', () => {
    const entries = groupAlternatives(selectDocuments(CASES, DOCUMENTS, ['majeur', 'premiere']));
    expect(entries.map((e) => [e.oneOfGroup, labels(e.documents)])).toEqual([
      [null, ['Photo']],
      ['nationalite', ['Passeport', 'Acte de naissance']],
      [null, ['Justificatif de domicile']],
    ]);
  });

  it('makes a plain entry of a group of which only one document applies', () => {
    const documents = [doc(0, 'A', ['majeur'], 'g'), doc(1, 'B', ['mineur'], 'g')];
    expect(groupAlternatives(selectDocuments(CASES, documents, ['majeur']))).toEqual([{ oneOfGroup: null, documents: [documents[0]] }]);
  });

  it('keeps separate groups apart even when interleaved', () => {
    const documents = [doc(0, 'A1', [], 'a'), doc(1, 'B1', [], 'b'), doc(2, 'A2', [], 'a'), doc(3, 'B2', [], 'b')];
    expect(groupAlternatives(documents).map((e) => labels(e.documents))).toEqual([['A1', 'A2'], ['B1', 'B2']]);
  });
});

describe('printable checklist', () => {
  const sheet: PrintableSheet = {
    title: 'Carte nationale d\'identité',
    locationKind: ProcedureLocationKind.OTHER_OFFICE,
    officeName: 'Mairie de Fourmies',
    officeAddress: null,
    officeOpeningHours: 'sur rendez-vous',
    costs: [{ label: 'Gratuit' }],
    processingTime: 'Plusieurs semaines',
    onlineServices: [{ name: 'Pré-demande', url: 'https://ants.gouv.fr', kind: OnlineServiceKind.ONLINE_SERVICE, cerfaNumber: null }],
  };

  it('writes the form, the quantity, the note and the condition of a document', () => {
    expect(documentLine({ ...doc(0, 'Photo d\'identité'), note: 'de moins de 6 mois' })).toBe('Photo d\'identité de moins de 6 mois (original, 1)');
    expect(documentLine({
      ...doc(0, 'Attestation d\'hébergement'), form: DocumentForm.ORIGINAL_AND_COPY, quantity: 2,
      requirement: DocumentRequirement.CONDITIONAL, condition: 'si vous êtes hébergé',
    })).toBe('Attestation d\'hébergement (original et copie, 2) — si vous êtes hébergé');
  });

  it('prints a tick-list with the situation, the alternatives and the practical lines', () => {
    const { selection } = checkSelection(CASES, ['majeur', 'premiere']);
    const text = checklistText(sheet, selection, groupAlternatives(selectDocuments(CASES, DOCUMENTS, ['majeur', 'premiere'])));
    expect(text).toBe([
      'Carte nationale d\'identité',
      '',
      'Votre situation : Âge : Majeur ; Situation : Première demande',
      '',
      'Documents à apporter :',
      '☐ Photo (original, 1)',
      '☐ Un des documents suivants :',
      '    ○ Passeport (original, 1)',
      '    ○ Acte de naissance (original, 1)',
      '☐ Justificatif de domicile (original, 1)',
      '',
      'Où : Mairie de Fourmies (horaires : sur rendez-vous)',
      'Coût : Gratuit',
      'Délai : Plusieurs semaines',
      'En ligne :',
      '- Pré-demande : https://ants.gouv.fr',
      '',
    ].join('\n'));
  });

  it('says which questions remain when the list is incomplete', () => {
    const { selection } = checkSelection(CASES, []);
    const text = checklistText({ ...sheet, locationKind: ProcedureLocationKind.ONLINE_ONLY, onlineServices: [] }, selection, []);
    expect(text).toContain('Liste à compléter : répondez aussi à « Âge », « Situation »');
    expect(text).toContain('(aucun document à apporter)');
    expect(text).toContain('Où : En ligne uniquement');
    expect(text).not.toContain('Votre situation');
  });

  it('prints a form of the media library without its site-relative address, useless on paper', () => {
    const { selection } = checkSelection(CASES, []);
    const form = { name: 'Fiche d\'inscription', url: '/media/0b7c3c1e-1d2a-4c55-9a0e-1f2e3d4c5b6a/fiche.pdf', kind: OnlineServiceKind.FORM, cerfaNumber: null };
    const text = checklistText({ ...sheet, onlineServices: [form] }, selection, []);
    expect(text).toContain('- Fiche d\'inscription : sur le site de la commune\n');
    expect(text).not.toContain('/media/');
  });

  it('names the town hall desk, or the office the sheet gives for it', () => {
    const desk = { ...sheet, locationKind: ProcedureLocationKind.TOWN_HALL_DESK, officeName: null, officeOpeningHours: null };
    expect(whereToGoLine(desk)).toBe('Mairie, Espace Services Publics');
    expect(whereToGoLine({ ...desk, officeName: 'Mairie d\'Anor', officeAddress: '59186 Anor' })).toBe('Mairie d\'Anor, 59186 Anor');
  });
});
