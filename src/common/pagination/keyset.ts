import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError, invalidField } from '../errors';
import { ConnectionShape, pageSize, withLazyTotal } from './connection';
import { isUuid } from '../ids';

export type SortValue = string | number | Date;

/** How a list is ordered: one column plus the id as tie-breaker, so a cursor is a stable position. */
export interface KeysetSort<T> {
  /** SQL expression of the sort column, e.g. `page.position`. */
  column: string;
  /** SQL expression of the id column, e.g. `page.id`. */
  idColumn: string;
  direction: 'ASC' | 'DESC';
  kind: 'number' | 'string' | 'date';
  valueOf(item: T): SortValue;
  idOf(item: T): string;
}


/** The refusal of a cursor the server did not give out (BAD_USER_INPUT on `after`). */
export const invalidCursor = (): DomainError =>
  invalidField('after', 'Invalid cursor: use pageInfo.endCursor from a previous page of the same list');

/** Every list's cursor: the values of its position, as a JSON array in base64url (opaque to clients). */
export function encodeCursorParts(parts: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/** The `length` values a cursor holds; anything else is the client's mistake (invalidCursor). Each list checks the values' types. */
export function decodeCursorParts(cursor: string, length: number): unknown[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(decoded) || decoded.length !== length) throw invalidCursor();
  return decoded as unknown[];
}

export function encodeCursor(value: SortValue, id: string): string {
  return encodeCursorParts([value instanceof Date ? value.toISOString() : value, id]);
}

/** Decodes and checks a cursor; anything unexpected is the client's mistake (BAD_USER_INPUT on `after`). */
export function decodeCursor(cursor: string, kind: KeysetSort<unknown>['kind']): { value: SortValue; id: string } {
  const bad = invalidCursor();
  const [raw, id] = decodeCursorParts(cursor, 2);
  if (typeof id !== 'string' || !isUuid(id)) throw bad;
  if (kind === 'number' && typeof raw === 'number' && Number.isFinite(raw)) return { value: raw, id };
  if (kind === 'string' && typeof raw === 'string') return { value: raw, id };
  if (kind === 'date' && typeof raw === 'string' && !Number.isNaN(Date.parse(raw))) return { value: new Date(raw), id };
  throw bad;
}

/**
 * Keyset ("seek") pagination: stable under inserts and deletes, and as fast on page 100 as on
 * page 1, unlike OFFSET. Returns a Relay connection with the total count of the filtered list (lazy).
 */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  args: { first?: number | null; after?: string | null },
  sort: KeysetSort<T>,
): Promise<ConnectionShape<T>> {
  const first = pageSize(args.first);
  const page = query.clone();
  if (args.after) {
    const { value, id } = decodeCursor(args.after, sort.kind);
    const op = sort.direction === 'ASC' ? '>' : '<';
    page.andWhere(`(${sort.column}, ${sort.idColumn}) ${op} (:cursorValue, :cursorId)`, { cursorValue: value, cursorId: id });
  }
  const rows = await page
    .orderBy(sort.column, sort.direction)
    .addOrderBy(sort.idColumn, sort.direction)
    .limit(first + 1)
    .getMany();
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(sort.valueOf(node), sort.idOf(node)), node }));
  const pageInfo = { hasNextPage: rows.length > first, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null };
  // Counted only if read: a GraphQL query that does not select totalCount costs no count statement.
  return withLazyTotal(edges, pageInfo, () => query.clone().orderBy().getCount());
}
