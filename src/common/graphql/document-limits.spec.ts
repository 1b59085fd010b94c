import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { documentLimitsRule, documentShape } from './document-limits';

const LIMITS = { maxDepth: 10, maxAliases: 15, maxSelections: 1000 };
const schema = buildSchema('type Query { page: Page } type Page { id: ID! title: String! parent: Page }');

describe('documentShape', () => {
  it('measures depth, aliases and selections, every use of a fragment counted', () => {
    expect(documentShape(parse('{ a: page { id ...P } b: page { ...P } } fragment P on Page { t: title parent { id } }')))
      .toEqual({ depth: 3, aliases: 4, selections: 9 });
  });

  it('leaves introspection out of the depth: the standard introspection query passes every limit', () => {
    const shape = documentShape(parse(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true })));
    expect(shape.depth).toBe(0);
    expect(shape.selections).toBeLessThan(LIMITS.maxSelections);
  });

  it('counts 2^80 uses of a fragment without walking them', () => {
    const fragments = Array.from({ length: 80 }, (_, i) => (i + 1 < 80 ? `fragment D${i} on Page { ...D${i + 1} ...D${i + 1} }` : `fragment D${i} on Page { id }`)).join('\n');
    expect(documentShape(parse(`{ page { ...D0 } }\n${fragments}`)).selections).toBe(1 + 2 ** 79);
  });
});

describe('documentLimitsRule', () => {
  const errorsOf = (query: string): string[] => validate(schema, parse(query), [documentLimitsRule(LIMITS)]).map((error) => error.message);

  it('accepts a document within the limits', () => {
    expect(errorsOf('{ page { id title parent { id } } }')).toEqual([]);
  });

  it('stops validation at the document when it is too deep, with one error and graphql-js’s "aborted"', () => {
    let selection = 'id';
    for (let i = 0; i < 12; i++) selection = `parent { ${selection} }`;
    expect(errorsOf(`{ page { ${selection} } }`)).toEqual(['Query depth limit of 10 exceeded, found 14', 'Validation aborted.']);
  });

  it('refuses too many aliases and a fragment cycle', () => {
    expect(errorsOf(`{ ${Array.from({ length: 16 }, (_, i) => `a${i}: page { id }`).join(' ')} }`)[0]).toBe('Aliases limit of 15 exceeded, found 16');
    expect(errorsOf('{ page { ...A } } fragment A on Page { parent { ...B } } fragment B on Page { parent { ...A } }')[0])
      .toMatch(/^Cannot spread fragment "[AB]" within itself$/);
  });
});
