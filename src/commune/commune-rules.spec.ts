import { isInseeCode, publicationModeViolations } from './commune-rules';
import { PublicationMode } from './publication-mode';

describe('isInseeCode', () => {
  it.each(['59012', '75056', '2A004', '2B033', '97411', '01001'])('accepts %s', (code) => {
    expect(isInseeCode(code)).toBe(true);
  });

  it.each(['5901', '590120', '20004', '00123', '99123', '2C004', 'ABCDE', ' 59012', '59 012'])('refuses %s', (code) => {
    expect(isInseeCode(code)).toBe(false);
  });
});

describe('publicationModeViolations', () => {
  const decision = { publicationDecisionReference: 'Délibération 2022-031', publicationDecisionDate: '2022-06-28' };

  it('accepts electronic publication whatever the population', () => {
    expect(publicationModeViolations({ population: 120_000, publicationMode: PublicationMode.ELECTRONIC, publicationDecisionReference: null, publicationDecisionDate: null })).toEqual([]);
  });

  it('accepts posting under 3,500 inhabitants with the council decision', () => {
    expect(publicationModeViolations({ population: 3499, publicationMode: PublicationMode.POSTING, ...decision })).toEqual([]);
  });

  it('refuses paper from 3,500 inhabitants', () => {
    expect(publicationModeViolations({ population: 3500, publicationMode: PublicationMode.PAPER, ...decision }).map((v) => v.field)).toEqual(['publicationMode']);
  });

  it('refuses paper without the population, the decision reference and its date', () => {
    expect(publicationModeViolations({ population: null, publicationMode: PublicationMode.PAPER, publicationDecisionReference: null, publicationDecisionDate: null })
      .map((v) => v.field)).toEqual(['population', 'publicationDecisionReference', 'publicationDecisionDate']);
  });
});
