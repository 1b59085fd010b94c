import { documentValues, unverifiableDocuments } from './notice-documents';

const FILE_SHA = 'a'.repeat(64);
const files = new Map([['m1', { sha256: FILE_SHA, url: '/media/m1/acte.pdf' }]]);

describe('documentValues', () => {
  it('takes the SHA-256 and the address of a library file, keeping an address given', () => {
    const { values, violations } = documentValues([
      { title: ' Acte ', mediaId: 'm1' },
      { title: 'Copie', mediaId: 'm1', url: 'https://www.anor.fr/acte.pdf', sha256: FILE_SHA.toUpperCase() },
    ], files);
    expect(violations).toEqual([]);
    expect(values).toEqual([
      { title: 'Acte', url: '/media/m1/acte.pdf', sha256: FILE_SHA, mediaId: 'm1' },
      { title: 'Copie', url: 'https://www.anor.fr/acte.pdf', sha256: FILE_SHA, mediaId: 'm1' },
    ]);
  });

  it('keeps a file kept elsewhere as given, its SHA-256 in lower case or none', () => {
    const { values, violations } = documentValues([{ title: 'Ailleurs', url: 'https://www.anor.fr/a.pdf', sha256: 'B'.repeat(64) }, { title: 'Sans', url: 'https://www.anor.fr/b.pdf' }], new Map());
    expect(violations).toEqual([]);
    expect(values.map((value) => value.sha256)).toEqual(['b'.repeat(64), null]);
  });

  it('refuses a SHA-256 that is not the file\'s, and a document with neither file nor address, on their own index', () => {
    const { violations } = documentValues([
      { title: 'Bon', mediaId: 'm1' },
      { title: 'Faux', mediaId: 'm1', sha256: 'c'.repeat(64) },
      { title: 'Rien' },
    ], files);
    expect(violations.map((violation) => violation.field)).toEqual(['documents.1.sha256', 'documents.2.url']);
    expect(violations[0].message).toContain(FILE_SHA);
  });
});

describe('unverifiableDocuments', () => {
  it('names every document without a SHA-256', () => {
    expect(unverifiableDocuments([{ sha256: FILE_SHA }, { sha256: null }, { sha256: null }]).map((violation) => violation.field))
      .toEqual(['documents.1.sha256', 'documents.2.sha256']);
    expect(unverifiableDocuments([])).toEqual([]);
  });
});
