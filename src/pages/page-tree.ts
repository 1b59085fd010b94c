/** Pure rules of the page tree: paths, descendants, ordering, navigation building. */

export function childPath(parentPath: string | null, slug: string): string {
  return `${parentPath ?? ''}/${slug}`;
}

/** True when `path` is `ancestorPath` itself or lies below it. */
export function isSameOrBelow(path: string, ancestorPath: string): boolean {
  return path === ancestorPath || path.startsWith(`${ancestorPath}/`);
}

/** The new path of a descendant when its ancestor moves from `oldPrefix` to `newPrefix`. */
export function rebasePath(path: string, oldPrefix: string, newPrefix: string): string {
  if (!isSameOrBelow(path, oldPrefix)) throw new Error(`${path} is not below ${oldPrefix}`);
  return newPrefix + path.slice(oldPrefix.length);
}

/** Puts `movingId` at `position` (0-based, clamped) among `siblingIds`, returning the new order. */
export function reorder(siblingIds: string[], movingId: string, position: number | undefined): string[] {
  const others = siblingIds.filter((id) => id !== movingId);
  const at = position === undefined ? others.length : Math.min(Math.max(position, 0), others.length);
  return [...others.slice(0, at), movingId, ...others.slice(at)];
}

export interface TreeNode<T> {
  item: T;
  children: TreeNode<T>[];
}

/**
 * Builds the tree from a flat list. Items whose parent is not in the list are dropped with their
 * subtree, so an unpublished section hides everything below it.
 */
export function buildTree<T extends { id: string; parentId: string | null; position: number }>(items: T[]): TreeNode<T>[] {
  const childrenOf = new Map<string | null, T[]>();
  for (const item of items) {
    const siblings = childrenOf.get(item.parentId) ?? [];
    siblings.push(item);
    childrenOf.set(item.parentId, siblings);
  }
  const build = (parentId: string | null): TreeNode<T>[] =>
    (childrenOf.get(parentId) ?? [])
      .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))
      .map((item) => ({ item, children: build(item.id) }));
  return build(null);
}
