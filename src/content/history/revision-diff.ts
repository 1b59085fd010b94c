import type { RevisionSnapshot } from '../content-revision.entity';

/** One field that differs between two versions: its value before and after (JSON values as stored). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * The fields that differ between two snapshots of one item, by API name (`opening_hours` →
 * `openingHours`; child rows under their own names, e.g. `categoryIds`), sorted by name. `hidden`
 * lists stored column names that are not content: lifecycle stamps and derived columns.
 */
export function diffSnapshots(before: RevisionSnapshot, after: RevisionSnapshot, hidden: ReadonlySet<string>): FieldChange[] {
  const changes: FieldChange[] = [];
  const compare = (from: Record<string, unknown>, to: Record<string, unknown>, name: (key: string) => string): void => {
    for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
      if (hidden.has(key)) continue;
      if (stableJson(from[key]) !== stableJson(to[key])) changes.push({ field: name(key), before: from[key] ?? null, after: to[key] ?? null });
    }
  };
  compare(before.fields, after.fields, camelCase);
  compare(before.relations ?? {}, after.relations ?? {}, (key) => key);
  return changes.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

export function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** JSON with object keys sorted, so that equal values compare equal whatever their key order. */
function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The snapshot as clients read it: field names as in the API. */
export function apiSnapshot(snapshot: RevisionSnapshot): { fields: Record<string, unknown>; relations: Record<string, unknown> } {
  return {
    fields: Object.fromEntries(Object.entries(snapshot.fields).map(([key, value]) => [camelCase(key), value])),
    relations: snapshot.relations ?? {},
  };
}
