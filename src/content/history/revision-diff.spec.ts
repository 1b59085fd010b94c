import { apiSnapshot, camelCase, diffSnapshots } from './revision-diff';

const snapshot = (fields: Record<string, unknown>, relations: Record<string, unknown> = {}) => ({ fields, relations });

describe('diffSnapshots', () => {
  const hidden = new Set(['version', 'updated_at', 'body_html']);

  it('lists exactly the changed fields by API name, with before and after', () => {
    const changes = diffSnapshots(
      snapshot({ title: 'Loto', place_name: 'Salle des fêtes', version: 2, updated_at: 'a', body_html: '<p>x</p>' }),
      snapshot({ title: 'Grand loto', place_name: 'Salle des fêtes', version: 3, updated_at: 'b', body_html: '<p>y</p>' }),
      hidden,
    );
    expect(changes).toEqual([{ field: 'title', before: 'Loto', after: 'Grand loto' }]);
  });

  it('compares child rows and nested values whatever their key order', () => {
    const changes = diffSnapshots(
      snapshot({ documents: [{ a: 1, b: 2 }] }, { categoryIds: ['x', 'y'] }),
      snapshot({ documents: [{ b: 2, a: 1 }] }, { categoryIds: ['y', 'x'] }),
      hidden,
    );
    expect(changes).toEqual([{ field: 'categoryIds', before: ['x', 'y'], after: ['y', 'x'] }]);
  });

  it('reports a field that appears or disappears with null on the missing side', () => {
    expect(diffSnapshots(snapshot({}), snapshot({ summary: 'Nouveau' }), hidden)).toEqual([{ field: 'summary', before: null, after: 'Nouveau' }]);
  });

  it('finds nothing between equal snapshots', () => {
    expect(diffSnapshots(snapshot({ title: 'A' }, { ids: [] }), snapshot({ title: 'A' }, { ids: [] }), hidden)).toEqual([]);
  });
});

describe('camelCase and apiSnapshot', () => {
  it('turns stored column names into API field names', () => {
    expect(camelCase('organizer_association_id')).toBe('organizerAssociationId');
    expect(camelCase('title')).toBe('title');
    expect(apiSnapshot(snapshot({ logo_media_id: null }, { categoryIds: [] }))).toEqual({ fields: { logoMediaId: null }, relations: { categoryIds: [] } });
  });
});
