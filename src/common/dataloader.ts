import DataLoader from 'dataloader';
import { RequestContext } from './request-context';

/**
 * The DataLoader named `name` for this request, created on first use. Batching relations this way
 * makes a list of N items cost a constant number of queries; loaders live as long as the request,
 * so visibility rules (drafts for staff, published for the public) never leak between callers.
 */
export function requestLoader<K, V>(
  ctx: RequestContext,
  name: string,
  batch: (keys: readonly K[]) => Promise<V[]>,
): DataLoader<K, V> {
  let loader = ctx.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { maxBatchSize: 500 });
    ctx.loaders.set(name, loader);
  }
  return loader;
}

/** Orders batch results as DataLoader wants them: one entry per key, in key order. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((key) => map.get(key) ?? null);
}

export function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const group = map.get(keyOf(row)) ?? [];
    group.push(row);
    map.set(keyOf(row), group);
  }
  return keys.map((key) => map.get(key) ?? []);
}
