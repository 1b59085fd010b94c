import { likeContains } from '../common/like-pattern';
import { fold, indexLetter, sortKey } from '../content/french-text';

/**
 * How association names are ordered and searched in the directory, as plain strings so that the
 * database compares them byte by byte ("C" collation: deterministic, index- and keyset-friendly):
 * French readers expect "Écho" between "Danse" and "Football", case not to matter, and
 * "L'Harmonie d'Anor" or "Les Amis du Vieux Anor" under their significant word. The rules are those
 * of content/french-text.ts; the names below are kept until the imports point there.
 */

/** Lower case, accents and ligatures removed, any run of punctuation or spaces as one space. */
export const foldText = fold;

/** The key the directory sorts by: the folded name without its leading article. */
export function sortNameOf(name: string): string {
  return sortKey(name);
}

/** The key "name contains" searches look in: the whole folded name. */
export function searchNameOf(name: string): string {
  return fold(name);
}

/**
 * The letter of the alphabetical index an input stands for ("É" → "e"), or null when it is not
 * exactly one letter.
 */
export { indexLetter };

/** A search term as a LIKE pattern over `searchName`: folded, wildcards escaped, or null if empty. */
export function searchPattern(input: string): string | null {
  const folded = fold(input);
  if (!folded) return null;
  return likeContains(folded);
}
