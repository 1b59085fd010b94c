import { isValidSlug, slugify } from './slug';

describe('slugify', () => {
  it.each([
    ['Déchets ménagers', 'dechets-menagers'],
    ["L'Harmonie d'Anor", 'l-harmonie-d-anor'],
    ['  État civil — actes  ', 'etat-civil-actes'],
    ['Cœur de ville', 'coeur-de-ville'],
    ['Bacs d’ordures ménagères', 'bacs-d-ordures-menageres'],
  ])('turns %p into %p', (title, slug) => {
    expect(slugify(title)).toBe(slug);
    expect(isValidSlug(slugify(title))).toBe(true);
  });

  it('returns an empty string when nothing usable is left', () => {
    expect(slugify('!!!')).toBe('');
  });
});

describe('isValidSlug', () => {
  it.each(['Vie-pratique', 'vie--pratique', '-vie', 'vie pratique', 'été', ''])('refuses %p', (slug) => {
    expect(isValidSlug(slug)).toBe(false);
  });
});
