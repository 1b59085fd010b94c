import { likeContains } from '../common/like-pattern';

/**
 * How association names are ordered and searched in the directory, as plain strings so that the
 * database compares them byte by byte ("C" collation: deterministic, index- and keyset-friendly):
 * French readers expect "Écho" between "Danse" and "Football", case not to matter, and
 * "L'Harmonie d'Anor" or "Les Amis du Vieux Anor" under their significant word.
 */

/** Lower case, accents and ligatures removed, any run of punctuation or spaces as one space. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A leading French definite article: l', le, la, les (any case, straight or curly apostrophe). */
const LEADING_ARTICLE = /^\s*(?:l\s*['’ʼ]\s*|(?:le|la|les)\s+)/i;

/** The key the directory sorts by: the folded name without its leading article. */
export function sortNameOf(name: string): string {
  const withoutArticle = name.replace(LEADING_ARTICLE, '');
  const folded = foldText(withoutArticle);
  return folded || foldText(name);
}

/** The key "name contains" searches look in: the whole folded name. */
export function searchNameOf(name: string): string {
  return foldText(name);
}

/**
 * The letter of the alphabetical index an input stands for ("É" → "e"), or null when it is not
 * exactly one letter.
 */
export function indexLetter(input: string): string | null {
  const letters = [...input.trim()];
  if (letters.length !== 1) return null;
  const folded = foldText(letters[0]);
  return /^[a-z]$/.test(folded) ? folded : null;
}

/** A search term as a LIKE pattern over `searchName`: folded, wildcards escaped, or null if empty. */
export function searchPattern(input: string): string | null {
  const folded = foldText(input);
  if (!folded) return null;
  return likeContains(folded);
}
