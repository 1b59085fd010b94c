/**
 * Every TypeORM entity, listed once: used by the app, the CLI, the migration generator and the
 * drift test. A new entity must be added here.
 */
export const ALL_ENTITIES: Function[] = [];
