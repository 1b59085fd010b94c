/**
 * Every migration, in order. `npm run migration:generate -- <Name>` writes a new file and adds it
 * here; read and tidy the generated SQL before committing.
 */
export const ALL_MIGRATIONS: Function[] = [
];
