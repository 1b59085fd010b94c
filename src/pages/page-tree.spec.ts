import { buildTree, childPath, isSameOrBelow, rebasePath, reorder } from './page-tree';

describe('page tree rules', () => {
  it('computes a child path from the parent path', () => {
    expect(childPath(null, 'vie-pratique')).toBe('/vie-pratique');
    expect(childPath('/vie-pratique', 'dechets')).toBe('/vie-pratique/dechets');
  });

  it('knows what lies below a path, and does not confuse prefixes', () => {
    expect(isSameOrBelow('/a/b', '/a')).toBe(true);
    expect(isSameOrBelow('/a', '/a')).toBe(true);
    expect(isSameOrBelow('/ab', '/a')).toBe(false);
  });

  it('rebases descendants when an ancestor moves', () => {
    expect(rebasePath('/a/b/c', '/a/b', '/x/b')).toBe('/x/b/c');
    expect(() => rebasePath('/z', '/a', '/b')).toThrow();
  });

  it('inserts a moved page at a clamped position among its siblings', () => {
    expect(reorder(['a', 'b', 'c'], 'x', 1)).toEqual(['a', 'x', 'b', 'c']);
    expect(reorder(['a', 'b', 'c'], 'c', 0)).toEqual(['c', 'a', 'b']);
    expect(reorder(['a', 'b'], 'x', 99)).toEqual(['a', 'b', 'x']);
    expect(reorder(['a', 'b'], 'x', undefined)).toEqual(['a', 'b', 'x']);
  });

  it('builds an ordered tree and drops subtrees whose parent is missing', () => {
    const tree = buildTree([
      { id: '2', parentId: null, position: 1 },
      { id: '1', parentId: null, position: 0 },
      { id: '3', parentId: '1', position: 0 },
      { id: '4', parentId: 'hidden', position: 0 },
      { id: '5', parentId: '4', position: 0 },
    ]);
    expect(tree.map((n) => n.item.id)).toEqual(['1', '2']);
    expect(tree[0].children.map((n) => n.item.id)).toEqual(['3']);
  });
});
