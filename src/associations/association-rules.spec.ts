import { crossFieldErrors, CrossFieldValues } from './association-rules';

const none: CrossFieldValues = { latitude: null, longitude: null, siren: null, siret: null };
const all = (): boolean => true;

describe('rules between association fields', () => {
  it('accepts both coordinates or neither', () => {
    expect(crossFieldErrors(none, all)).toEqual([]);
    expect(crossFieldErrors({ ...none, latitude: 50.03, longitude: 4.12 }, all)).toEqual([]);
  });

  it('names the missing coordinate', () => {
    expect(crossFieldErrors({ ...none, latitude: 50.03 }, all).map((e) => e.path)).toEqual(['input.longitude']);
    expect(crossFieldErrors({ ...none, longitude: 4.12 }, all).map((e) => e.path)).toEqual(['input.latitude']);
  });

  it('accepts a SIRET that starts with the SIREN, or either alone', () => {
    expect(crossFieldErrors({ ...none, siren: '732829320', siret: '73282932000074' }, all)).toEqual([]);
    expect(crossFieldErrors({ ...none, siret: '73282932000074' }, all)).toEqual([]);
    expect(crossFieldErrors({ ...none, siren: '732829320' }, all)).toEqual([]);
  });

  it('points at the field the client changed when SIRET and SIREN disagree', () => {
    const values = { ...none, siren: '356000000', siret: '73282932000074' };
    expect(crossFieldErrors(values, all).map((e) => e.path)).toEqual(['input.siret']);
    expect(crossFieldErrors(values, (field) => field === 'siren').map((e) => e.path)).toEqual(['input.siren']);
  });
});
