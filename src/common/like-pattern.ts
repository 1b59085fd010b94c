/** A LIKE/ILIKE pattern matching values that contain `word`: `%` and `_` (and `\`) in it are escaped. */
export function likeContains(word: string): string {
  return `%${word.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
