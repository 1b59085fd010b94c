/**
 * Slugs now live in french-text.ts (one French-text module for folding, sort keys and slugs); this
 * file only keeps the old import path working until the imports point there.
 */
export { SLUG_MAX_LENGTH, SLUG_PATTERN, isValidSlug, slugify } from './french-text';
