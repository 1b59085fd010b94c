/**
 * French text made comparable: one `fold` for search and sorting, `sortKey` for directory order,
 * `slugify` for URLs. Pure functions, used by the services at write time and by the migration that
 * recomputes the stored derived columns (associations.sort_name / search_name, procedures.sort_title
 * / search_text), so what is stored and what a query compares with always come from the same code.
 *
 * It replaces three copies that differed slightly; what was resolved:
 * - Punctuation and apostrophes. The procedures' copy kept every punctuation mark (curly apostrophes
 *   made straight), so "carte d'identité" and "carte d identite", "État-civil" and "état civil" did
 *   not match. The associations' copy (and, with hyphens, the slug) turned any run of characters
 *   other than letters and digits into one space: `fold` does that everywhere, so apostrophes ' ’ ʼ,
 *   hyphens, dashes, quotes « » and slashes separate words and the search splits on them too.
 * - Letters without a decomposition: œ and æ were handled by all three, ß only by the associations'
 *   copy (the slug made "Straße" "stra-e"). `fold` writes œ → oe, æ → ae, ß → ss, and the few other
 *   Latin letters NFD leaves alone (ø, ł, đ, ð, þ, dotless ı) as their plain letters.
 * - Compatibility forms: NFKD instead of NFD, so the French ordinal "XIXᵉ" gives "xixe" (not
 *   "xix"), "m²" gives "m2", ligatures such as "ﬁ" give "fi", a non-breaking space is a space.
 * - Any combining mark is removed (\p{M}), not only the block U+0300–U+036F.
 * - Lower case is applied after decomposition and before the marks are removed, so "İ" (whose lower
 *   case is i + combining dot) folds to "i".
 * - Sort key: the associations' rule is kept (a leading definite article "Le", "La", "Les", "L'" is
 *   not significant: "L'Harmonie d'Anor" sorts under H; a name that is only an article keeps it). It
 *   now also ignores opening quotes or punctuation before the article ("« La Clé des champs »" sorts
 *   under C) and knows more apostrophe forms (‘ ´ ` ′ besides ' ’ ʼ). "Association", "Club"… are
 *   NOT skipped: they are part of the name as people say it, and skipping them would move most of
 *   the directory under other letters of the index.
 * - Slug: same letters as `fold`, words joined by hyphens; a slug longer than SLUG_MAX_LENGTH is now
 *   cut at a word boundary when one falls in its second half (it was cut mid-word). Stored slugs are
 *   URLs and are never recomputed.
 */

/** Letters that neither NFKD nor the removal of marks turn into ASCII, written the usual French way. */
const PLAIN_LETTERS: Readonly<Record<string, string>> = {
  'œ': 'oe', 'æ': 'ae', 'ß': 'ss', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ı': 'i',
};
const PLAIN_LETTER = /[œæßøłđðþı]/g;
const COMBINING_MARK = /\p{M}/gu;
const NOT_LETTER_OR_DIGIT = /[^a-z0-9]+/g;

/**
 * Lower-case ASCII words separated by single spaces: accents and other marks removed, œ → oe,
 * æ → ae, ß → ss, any run of punctuation, apostrophes or spaces as one space, none at either end.
 * "  Cœur d’Anor — État-civil " → "coeur d anor etat civil"; "!!!" → "".
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(COMBINING_MARK, '')
    .replace(PLAIN_LETTER, (letter) => PLAIN_LETTERS[letter])
    .replace(NOT_LETTER_OR_DIGIT, ' ')
    .trim();
}

/** The words of a text once folded: "Carte d'identité" → ["carte", "d", "identite"]. */
export function foldedWords(text: string): string[] {
  const folded = fold(text);
  return folded ? folded.split(' ') : [];
}

/** Opening punctuation or quotes before the first letter or digit: « " ( … */
const LEADING_NON_WORD = /^[^\p{L}\p{N}]+/u;
/** A leading French definite article: l' (any apostrophe, spaces around it tolerated), le, la, les. */
const LEADING_ARTICLE = /^(?:l\s*['’ʼ‘´`′]\s*|(?:le|la|les)\s+)/i;

/**
 * The key a French directory sorts by, compared byte by byte (a "C" collation): the folded text
 * without its leading definite article, so "Écho" comes between "Danse" and "Football" and
 * "L'Harmonie d'Anor" or "Les Amis du Vieil Anor" under their significant word. A text that is
 * nothing but an article keeps it ("La" → "la"). Words that only start like an article
 * ("Lecture", "Laïcité", "Lesbos") are kept whole.
 */
export function sortKey(text: string): string {
  const significant = fold(text.replace(LEADING_NON_WORD, '').replace(LEADING_ARTICLE, ''));
  return significant || fold(text);
}

/**
 * The letter of an alphabetical index an input stands for ("É" → "e", " h " → "h"), or null when
 * it is not exactly one letter from a to z once folded ("Œ" folds to two letters: null).
 */
export function indexLetter(input: string): string | null {
  const characters = [...input.trim().normalize('NFC')];
  if (characters.length !== 1) return null;
  const folded = fold(characters[0]);
  return /^[a-z]$/.test(folded) ? folded : null;
}

/** Lower-case ASCII words joined by hyphens: `Déchets ménagers` → `dechets-menagers`. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 120;

/**
 * A slug from a title: the folded words joined by hyphens ("L’Harmonie d'Anor" → "l-harmonie-d-anor",
 * "Cœur de ville" → "coeur-de-ville"), at most SLUG_MAX_LENGTH characters (see `cutSlug`); "" when
 * the text has no letter or digit. One parameter only, so that `titles.map(slugify)` stays right.
 */
export function slugify(text: string): string {
  return cutSlug(foldedWords(text).join('-'), SLUG_MAX_LENGTH);
}

/**
 * A slug shortened to at most `maxLength` characters: after its last whole word that fits when
 * that keeps at least half of the length, else cut mid-word; never ending with a hyphen.
 */
export function cutSlug(slug: string, maxLength: number): string {
  if (slug.length <= maxLength) return slug;
  const lastBoundary = slug.lastIndexOf('-', maxLength);
  if (lastBoundary >= maxLength / 2) return slug.slice(0, lastBoundary);
  return slug.slice(0, maxLength).replace(/-+$/, '');
}

export function isValidSlug(slug: string): boolean {
  return slug.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(slug);
}
