import { foldText, indexLetter, searchNameOf, searchPattern, sortNameOf } from './association-names';

describe('association names', () => {
  it('folds accents, ligatures, case and punctuation', () => {
    expect(foldText('Écho des Fagnes')).toBe('echo des fagnes');
    expect(foldText("Cœur d'Anor — Œuvres")).toBe('coeur d anor oeuvres');
    expect(foldText('  ÀÂÄ çà  ')).toBe('aaa ca');
  });

  it('sorts under the significant word, skipping a leading article', () => {
    expect(sortNameOf("L'Harmonie d'Anor")).toBe('harmonie d anor');
    expect(sortNameOf('l’Harmonie')).toBe('harmonie');
    expect(sortNameOf('Les Amis du Vieil Anor')).toBe('amis du vieil anor');
    expect(sortNameOf('La Boule Anorienne')).toBe('boule anorienne');
    expect(sortNameOf('Le Réveil Sportif')).toBe('reveil sportif');
  });

  it('keeps words that only start like an article', () => {
    expect(sortNameOf('Lecture pour tous')).toBe('lecture pour tous');
    expect(sortNameOf('Laïcité et culture')).toBe('laicite et culture');
    expect(sortNameOf('Lesbos Club')).toBe('lesbos club');
  });

  it('keeps a name that is nothing but an article', () => {
    expect(sortNameOf('La')).toBe('la');
    expect(sortNameOf("L'")).toBe('l');
  });

  it('orders French names as a reader expects with plain byte comparison', () => {
    const names = ['Football Club Anorien', 'écho', 'Danse', "l'Harmonie d'Anor", 'Écho des Fagnes', 'Les Amis du Vieil Anor', 'Judo Club'];
    const sorted = [...names].sort((a, b) => (sortNameOf(a) < sortNameOf(b) ? -1 : sortNameOf(a) > sortNameOf(b) ? 1 : 0));
    expect(sorted).toEqual(['Les Amis du Vieil Anor', 'Danse', 'écho', 'Écho des Fagnes', 'Football Club Anorien', "l'Harmonie d'Anor", 'Judo Club']);
  });

  it('searches in the whole folded name, article included', () => {
    expect(searchNameOf("L'Harmonie d'Anor")).toBe('l harmonie d anor');
  });

  it('turns a letter of the index into a folded letter', () => {
    expect(indexLetter('É')).toBe('e');
    expect(indexLetter('e')).toBe('e');
    expect(indexLetter(' H ')).toBe('h');
    expect(indexLetter('Ç')).toBe('c');
  });

  it.each(['', 'AB', '1', '-', 'Œ'])('refuses %p as a letter of the index', (value) => {
    expect(indexLetter(value)).toBeNull();
  });

  it('turns a search into a LIKE pattern with wildcards escaped', () => {
    expect(searchPattern('Écho')).toBe('%echo%');
    expect(searchPattern('100%_')).toBe('%100%');
    expect(searchPattern('a_b')).toBe('%a b%');
    expect(searchPattern('!!!')).toBeNull();
  });
});
