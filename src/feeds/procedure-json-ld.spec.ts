import { DocumentForm, DocumentRequirement, OnlineServiceKind, ProcedureAudience, ProcedureLocationKind } from '../procedures/procedure.types';
import {
  MAX_SITUATIONS, priceOf, ProcedureJsonLdDocument, ProcedureJsonLdInput, procedureJsonLd, situationsOf, situationWords,
} from './procedure-json-ld';

const AGE = [{ key: 'majeur', label: 'Majeur', question: 'Âge', position: 0 }, { key: 'mineur', label: 'Mineur', question: 'Âge', position: 1 }];
const SITUATION = [
  { key: 'premiere-demande', label: 'Première demande', question: 'Situation', position: 2 },
  { key: 'renouvellement', label: 'Renouvellement', question: 'Situation', position: 3 },
  { key: 'perte-vol', label: 'Perte ou vol', question: 'Situation', position: 4 },
];

let position = 0;
function document(label: string, fields: Partial<ProcedureJsonLdDocument> = {}): ProcedureJsonLdDocument {
  position += 1;
  return {
    label, note: null, form: DocumentForm.ORIGINAL, quantity: 1, requirement: DocumentRequirement.MANDATORY, condition: null,
    oneOfGroup: null, position, caseKeys: [], ...fields,
  };
}

function input(fields: Partial<ProcedureJsonLdInput> = {}, sheet: Partial<ProcedureJsonLdInput['sheet']> = {}): ProcedureJsonLdInput {
  return {
    sheet: {
      id: 'p1', title: 'Carte d\'identité', summary: 'Demander une carte.', audiences: [ProcedureAudience.INDIVIDUALS],
      whereToGo: { kind: ProcedureLocationKind.TOWN_HALL_DESK, officeName: null, address: null, openingHours: null },
      costs: [], onlineServices: [], ...sheet,
    },
    cases: [], documents: [], theme: null, commune: { name: null, inseeCode: null }, related: [],
    sheetUrl: (id) => `https://www.anor.fr/api/v1/procedures/${id}`,
    absolute: (pathOrUrl) => (pathOrUrl.startsWith('/') ? `https://www.anor.fr${pathOrUrl}` : pathOrUrl),
    ...fields,
  };
}

type Node = Record<string, unknown>;
const list = (value: unknown): Node[] => (value ?? []) as Node[];

describe('procedureJsonLd (schema.org GovernmentService)', () => {
  it('describes a bare sheet (no settings, no documents, no online service, no cost) without empty properties', () => {
    const doc = procedureJsonLd(input());
    expect(doc).toEqual({
      '@context': 'https://schema.org', '@type': 'GovernmentService', '@id': 'https://www.anor.fr/api/v1/procedures/p1',
      url: 'https://www.anor.fr/api/v1/procedures/p1', name: 'Carte d\'identité', description: 'Demander une carte.',
      audience: [{ '@type': 'Audience', audienceType: 'Particuliers' }],
      availableChannel: [{
        '@type': 'ServiceChannel', name: 'Mairie, Espace Services Publics', availableLanguage: 'fr',
        serviceLocation: { '@type': 'CityHall', name: 'Mairie, Espace Services Publics' },
      }],
      subjectOf: [{ '@type': 'HowTo', name: 'Carte d\'identité : pièces à fournir', url: 'https://www.anor.fr/api/v1/procedures/p1/checklist', inLanguage: 'fr' }],
    });
  });

  it('names the commune as provider and area served, with its INSEE code, once the settings have them', () => {
    const doc = procedureJsonLd(input({ commune: { name: 'Anor', inseeCode: '59012' }, theme: 'Papiers' }));
    const insee = { '@type': 'PropertyValue', propertyID: 'INSEE', name: 'Code officiel géographique', value: '59012' };
    expect(doc.provider).toEqual({ '@type': 'GovernmentOrganization', name: 'Anor', identifier: insee });
    expect(doc.areaServed).toEqual({ '@type': 'City', name: 'Anor', identifier: insee });
    expect(doc.serviceType).toBe('Papiers');
    expect(procedureJsonLd(input({ commune: { name: 'Anor', inseeCode: null } })).provider).toEqual({ '@type': 'GovernmentOrganization', name: 'Anor' });
  });

  it('lists online services as channels with their address, another office as a GovernmentOffice, and no desk for an online-only sheet', () => {
    const onlineServices = [
      { name: 'Pré-demande (ANTS)', url: 'https://ants.gouv.fr', kind: OnlineServiceKind.ONLINE_SERVICE, cerfaNumber: null, caseKeys: [] },
      { name: 'Formulaire', url: '/media/m1/form.pdf', kind: OnlineServiceKind.FORM, cerfaNumber: '12100*02', caseKeys: [] },
    ];
    const office = { kind: ProcedureLocationKind.OTHER_OFFICE, officeName: 'Mairie de Fourmies', address: '1 place Verte, Fourmies', openingHours: 'Sur rendez-vous' };
    const channels = list(procedureJsonLd(input({}, { onlineServices, whereToGo: office })).availableChannel);
    expect(channels).toEqual([
      { '@type': 'ServiceChannel', name: 'Pré-demande (ANTS)', serviceUrl: 'https://ants.gouv.fr', availableLanguage: 'fr' },
      {
        '@type': 'ServiceChannel', name: 'Mairie de Fourmies', availableLanguage: 'fr', description: 'Horaires : Sur rendez-vous',
        serviceLocation: { '@type': 'GovernmentOffice', name: 'Mairie de Fourmies', address: '1 place Verte, Fourmies' },
      },
    ]);
    const online = procedureJsonLd(input({}, { onlineServices, whereToGo: { kind: ProcedureLocationKind.ONLINE_ONLY, officeName: null, address: null, openingHours: null } }));
    expect(list(online.availableChannel).map((channel) => channel.name)).toEqual(['Pré-demande (ANTS)']);
    // The form is a supply to bring, at its absolute address, with its CERFA number.
    expect(list(list(online.subjectOf)[0].supply)).toEqual([{
      '@type': 'HowToSupply', name: 'Formulaire (cerfa n° 12100*02)', url: 'https://www.anor.fr/media/m1/form.pdf',
      identifier: { '@type': 'PropertyValue', propertyID: 'CERFA', value: '12100*02' },
    }]);
  });

  it('gives one HowTo per complete situation with exactly the documents, forms and costs of its checklist', () => {
    const doc = procedureJsonLd(input({
      cases: [...AGE, ...SITUATION],
      documents: [
        document('Photo d\'identité', { note: 'de moins de 6 mois' }),
        document('Ancienne carte', { caseKeys: ['renouvellement'] }),
        document('Passeport', { oneOfGroup: 'etat-civil', caseKeys: ['premiere-demande', 'perte-vol'] }),
        document('Acte de naissance', { oneOfGroup: 'etat-civil', caseKeys: ['premiere-demande', 'perte-vol'] }),
        document('Pièce d\'identité du parent', { caseKeys: ['mineur'], quantity: 2, form: DocumentForm.COPY }),
      ],
    }, {
      costs: [{ label: 'Gratuit', caseKeys: ['premiere-demande', 'renouvellement'] }, { label: '25 € (timbre fiscal)', caseKeys: ['perte-vol'] }],
    }));
    const howTos = list(doc.subjectOf);
    expect(howTos.map((howTo) => howTo.name)).toEqual([
      'Carte d\'identité : pièces à fournir (Majeur, Première demande)', 'Carte d\'identité : pièces à fournir (Majeur, Renouvellement)',
      'Carte d\'identité : pièces à fournir (Majeur, Perte ou vol)', 'Carte d\'identité : pièces à fournir (Mineur, Première demande)',
      'Carte d\'identité : pièces à fournir (Mineur, Renouvellement)', 'Carte d\'identité : pièces à fournir (Mineur, Perte ou vol)',
    ]);
    const minorLost = howTos[5];
    expect(minorLost.url).toBe('https://www.anor.fr/api/v1/procedures/p1/checklist?cases=mineur,perte-vol');
    expect(list(minorLost.supply)).toEqual([
      { '@type': 'HowToSupply', name: 'Photo d\'identité de moins de 6 mois (original, 1)', requiredQuantity: 1 },
      { '@type': 'HowToSupply', name: 'Un des documents suivants : Passeport (original, 1) ; Acte de naissance (original, 1)' },
      { '@type': 'HowToSupply', name: 'Pièce d\'identité du parent (copie, 2)', requiredQuantity: 2 },
    ]);
    expect(minorLost.estimatedCost).toBe('25 € (timbre fiscal)');
    const adultRenewal = howTos[1];
    expect(list(adultRenewal.supply).map((supply) => supply.name)).toEqual(['Photo d\'identité de moins de 6 mois (original, 1)', 'Ancienne carte (original, 1)']);
    expect(adultRenewal.estimatedCost).toBe('Gratuit');
    // The costs of the whole sheet, each with the situations it is for.
    expect(doc.offers).toEqual([
      { '@type': 'Offer', name: 'Gratuit', price: 0, priceCurrency: 'EUR', description: 'Première demande ou Renouvellement' },
      { '@type': 'Offer', name: '25 € (timbre fiscal)', price: 25, priceCurrency: 'EUR', description: 'Perte ou vol' },
    ]);
  });

  it('past MAX_SITUATIONS, lists every document once with the situations it is for in words', () => {
    const questions = ['A', 'B', 'C'].flatMap((question, q) => ['1', '2', '3'].map((answer, a) => ({
      key: `${question.toLowerCase()}${answer}`, label: `${question}${answer}`, question, position: q * 3 + a,
    })));
    expect(situationsOf(questions)).toHaveLength(27);
    expect(27).toBeGreaterThan(MAX_SITUATIONS);
    const doc = procedureJsonLd(input({ cases: questions, documents: [document('Pièce', { caseKeys: ['a1', 'a2', 'c3'] }), document('Photo')] },
      { costs: [{ label: 'Gratuit', caseKeys: ['b1'] }, { label: '10 €', caseKeys: [] }] }));
    const [howTo, ...others] = list(doc.subjectOf);
    expect(others).toEqual([]);
    expect(list(howTo.supply)).toEqual([
      { '@type': 'HowToSupply', name: 'Pièce (original, 1)', requiredQuantity: 1, description: 'Selon la situation : A1 ou A2 ; C3' },
      { '@type': 'HowToSupply', name: 'Photo (original, 1)', requiredQuantity: 1 },
    ]);
    expect(howTo.estimatedCost).toBe('Gratuit (B1) ; 10 €');
  });

  it('marks businesses as a BusinessAudience and links related sheets by their address', () => {
    const doc = procedureJsonLd(input({ related: [{ id: 'p2', title: 'Passeport' }] }, { audiences: [ProcedureAudience.ASSOCIATIONS, ProcedureAudience.BUSINESSES] }));
    expect(doc.audience).toEqual([{ '@type': 'Audience', audienceType: 'Associations' }, { '@type': 'BusinessAudience', audienceType: 'Professionnels' }]);
    expect(doc.isRelatedTo).toEqual([{ '@type': 'GovernmentService', '@id': 'https://www.anor.fr/api/v1/procedures/p2', name: 'Passeport' }]);
  });
});

describe('priceOf', () => {
  it.each([
    ['Gratuit', 0], ['gratuit pour une première demande', 0], ['25 € (timbre fiscal)', 25], ['86 euros', 86], ['12,50 €', 12.5],
    ['de 17 à 42 € selon l\'âge', undefined], ['Gratuit sauf perte : 25 €', undefined], ['Timbre fiscal', undefined], ['2 photos à 5 €', undefined],
  ])('reads "%s" as %s', (label, price) => {
    expect(priceOf(label)).toBe(price);
  });
});

describe('situationWords', () => {
  it('joins the cases of one question with "ou" and questions with ";", in the sheet\'s order', () => {
    expect(situationWords(['perte-vol', 'mineur', 'renouvellement'], [...AGE, ...SITUATION])).toBe('Mineur ; Renouvellement ou Perte ou vol');
    expect(situationWords([], [...AGE])).toBeUndefined();
  });
});
