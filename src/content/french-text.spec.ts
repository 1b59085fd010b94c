import { cutSlug, fold, foldedWords, indexLetter, isValidSlug, SLUG_MAX_LENGTH, slugify, sortKey } from './french-text';

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe('fold', () => {
  it.each([
    ['École', 'ecole'],
    ['ÉCOLE', 'ecole'],
    ['Ecole', 'ecole'],
    ['ÀÂÄ ÈÉÊË ÎÏ ÔÖ ÙÛÜ Ÿ', 'aaa eeee ii oo uuu y'],
    ['Garçon Ça', 'garcon ca'],
    ['Cœur ŒUVRE', 'coeur oeuvre'],
    ['Lætitia Æsope', 'laetitia aesope'],
    ['Straße', 'strasse'],
    ['Øresund Łódź', 'oresund lodz'],
  ])('folds letters: %p → %p', (text, folded) => {
    expect(fold(text)).toBe(folded);
  });

  it('folds a letter written decomposed like the same letter precomposed', () => {
    expect(fold('E\u0301cole')).toBe('ecole');
    expect(fold('E\u0301cole')).toBe(fold('\u00c9cole'));
  });

  it.each([
    ["L'Harmonie d'Anor", 'l harmonie d anor'],
    ['L’Harmonie d’Anor', 'l harmonie d anor'],
    ['Lʼarbre', 'l arbre'],
    ['aujourd’hui', 'aujourd hui'],
  ])('turns straight and curly apostrophes into a space: %p', (text, folded) => {
    expect(fold(text)).toBe(folded);
  });

  it('turns hyphens, dashes, quotes and other punctuation into single spaces', () => {
    expect(fold('État-civil')).toBe('etat civil');
    expect(fold('  État civil — actes  ')).toBe('etat civil actes');
    expect(fold('« Les Amis »  (Anor) / 59')).toBe('les amis anor 59');
    expect(fold('a\u00a0b\u202fc\td\ne')).toBe('a b c d e');
    expect(fold('100%_a\\b')).toBe('100 a b');
  });

  it('keeps digits, including compatibility forms', () => {
    expect(fold('Rallye 2026')).toBe('rallye 2026');
    expect(fold('XIXᵉ siècle, 1ᵉʳ étage, 20 m²')).toBe('xixe siecle 1er etage 20 m2');
    expect(fold('ﬁlature')).toBe('filature');
  });

  it('returns an empty string when nothing usable is left', () => {
    expect(fold('')).toBe('');
    expect(fold('   ')).toBe('');
    expect(fold('!!! — ’ ')).toBe('');
    expect(foldedWords('!!!')).toEqual([]);
  });

  it('is idempotent', () => {
    for (const text of ["L'Harmonie d'Anor", 'Cœur — État-civil', 'XIXᵉ', 'Straße']) {
      expect(fold(fold(text))).toBe(fold(text));
    }
  });

  it('splits into folded words', () => {
    expect(foldedWords("Carte nationale d'identité")).toEqual(['carte', 'nationale', 'd', 'identite']);
  });

  it('keeps long inputs whole', () => {
    const text = 'Élection '.repeat(1000);
    expect(fold(text)).toBe(Array(1000).fill('election').join(' '));
  });
});

describe('sortKey', () => {
  it('skips a leading definite article, any case and apostrophe', () => {
    expect(sortKey("L'Harmonie d'Anor")).toBe('harmonie d anor');
    expect(sortKey('l’Harmonie')).toBe('harmonie');
    expect(sortKey('Lʼ Harmonie')).toBe('harmonie');
    expect(sortKey('L ’Harmonie')).toBe('harmonie');
    expect(sortKey('Les Amis du Vieil Anor')).toBe('amis du vieil anor');
    expect(sortKey('LA BOULE ANORIENNE')).toBe('boule anorienne');
    expect(sortKey('Le Réveil Sportif')).toBe('reveil sportif');
    expect(sortKey('Le\u00a0Réveil')).toBe('reveil');
  });

  it('skips opening quotes and punctuation before the article', () => {
    expect(sortKey('« La Clé des champs »')).toBe('cle des champs');
    expect(sortKey('"Les Amis"')).toBe('amis');
  });

  it('keeps words that only start like an article, and other first words', () => {
    expect(sortKey('Lecture pour tous')).toBe('lecture pour tous');
    expect(sortKey('Laïcité et culture')).toBe('laicite et culture');
    expect(sortKey('Lesbos Club')).toBe('lesbos club');
    expect(sortKey('Association sportive')).toBe('association sportive');
    expect(sortKey('Le-Quesnoy Club')).toBe('le quesnoy club');
  });

  it('keeps a text that is nothing but an article', () => {
    expect(sortKey('La')).toBe('la');
    expect(sortKey("L'")).toBe('l');
    expect(sortKey('Les ')).toBe('les');
    expect(sortKey('')).toBe('');
  });

  it('orders French names as a reader expects with plain byte comparison', () => {
    const names = ['Football Club Anorien', 'écho', 'Danse', "l'Harmonie d'Anor", 'Écho des Fagnes', 'Les Amis du Vieil Anor',
      'Judo Club', 'Œuvres sociales', 'Ecole de musique', 'Élan', 'Cyclo', 'Çà et là'];
    const sorted = [...names].sort((a, b) => byteOrder(sortKey(a), sortKey(b)));
    expect(sorted).toEqual(['Les Amis du Vieil Anor', 'Çà et là', 'Cyclo', 'Danse', 'écho', 'Écho des Fagnes', 'Ecole de musique', 'Élan',
      'Football Club Anorien', "l'Harmonie d'Anor", 'Judo Club', 'Œuvres sociales']);
  });
});

describe('indexLetter', () => {
  it.each([['É', 'e'], ['e', 'e'], [' H ', 'h'], ['Ç', 'c'], ['E\u0301', 'e']])('reads %p as %p', (input, letter) => {
    expect(indexLetter(input)).toBe(letter);
  });

  it.each(['', ' ', 'AB', '1', '-', 'Œ', '’'])('refuses %p', (input) => {
    expect(indexLetter(input)).toBeNull();
  });
});

describe('slugify', () => {
  it.each([
    ['Déchets ménagers', 'dechets-menagers'],
    ['ÉTAT CIVIL', 'etat-civil'],
    ["L'Harmonie d'Anor", 'l-harmonie-d-anor'],
    ['L’Harmonie d’Anor', 'l-harmonie-d-anor'],
    ['  État civil — actes  ', 'etat-civil-actes'],
    ['Saint-Amand-les-Eaux', 'saint-amand-les-eaux'],
    ['Cœur de ville', 'coeur-de-ville'],
    ['Garçons & filles', 'garcons-filles'],
    ['Bacs d’ordures ménagères', 'bacs-d-ordures-menageres'],
    ['Conseil municipal du 12/03/2026', 'conseil-municipal-du-12-03-2026'],
    ['XIXᵉ siècle', 'xixe-siecle'],
  ])('turns %p into %p', (title, slug) => {
    expect(slugify(title)).toBe(slug);
    expect(isValidSlug(slugify(title))).toBe(true);
  });

  it('returns an empty string when nothing usable is left', () => {
    expect(slugify('!!!')).toBe('');
    expect(slugify('')).toBe('');
    expect(slugify('— ’ —')).toBe('');
  });

  it('cuts a long title after a whole word, within the limit', () => {
    const title = 'Délibération du conseil municipal relative à la modification simplifiée du plan local d’urbanisme intercommunal et aux travaux de voirie';
    const whole = fold(title).replace(/ /g, '-');
    expect(whole.length).toBeGreaterThan(SLUG_MAX_LENGTH);
    const slug = slugify(title);
    expect(slug).toBe('deliberation-du-conseil-municipal-relative-a-la-modification-simplifiee-du-plan-local-d-urbanisme-intercommunal-et-aux');
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
    expect(whole.startsWith(`${slug}-`)).toBe(true);
    expect(isValidSlug(slug)).toBe(true);
  });

  it('keeps a slug of exactly the limit whole', () => {
    const words = Array(20).fill('abcde');
    expect(slugify(`${words.join(' ')} suite`)).toBe(words.join('-'));
    const exact = `${'a'.repeat(SLUG_MAX_LENGTH - 4)} bcd`;
    expect(slugify(exact)).toBe(`${'a'.repeat(SLUG_MAX_LENGTH - 4)}-bcd`);
    expect(slugify(`${exact} efg`)).toBe(`${'a'.repeat(SLUG_MAX_LENGTH - 4)}-bcd`);
  });

  it('cuts a single very long word at the limit', () => {
    expect(slugify('x'.repeat(500))).toBe('x'.repeat(SLUG_MAX_LENGTH));
    expect(slugify(`ab ${'x'.repeat(500)}`)).toBe(`ab-${'x'.repeat(SLUG_MAX_LENGTH - 3)}`);
  });

  it('works as a callback of map (no second parameter)', () => {
    expect(['Loisirs', 'Santé'].map(slugify)).toEqual(['loisirs', 'sante']);
  });
});

describe('cutSlug', () => {
  it('cuts after a whole word when that keeps at least half, else mid-word', () => {
    expect(cutSlug('fete-de-la-musique', 12)).toBe('fete-de-la');
    expect(cutSlug('fete-de-la-musique', 10)).toBe('fete-de-la');
    expect(cutSlug('fete-de-la-musique', 18)).toBe('fete-de-la-musique');
    expect(cutSlug('a-bcdefghijkl', 8)).toBe('a-bcdefg');
    expect(cutSlug('abcd-efghijkl', 5)).toBe('abcd');
  });
});

describe('isValidSlug', () => {
  it.each(['Vie-pratique', 'vie--pratique', '-vie', 'vie pratique', 'été', '', 'a'.repeat(SLUG_MAX_LENGTH + 1)])('refuses %p', (slug) => {
    expect(isValidSlug(slug)).toBe(false);
  });

  it('accepts lower-case words and digits joined by hyphens, up to the limit', () => {
    expect(isValidSlug('vie-pratique-2026')).toBe(true);
    expect(isValidSlug('a'.repeat(SLUG_MAX_LENGTH))).toBe(true);
  });
});
