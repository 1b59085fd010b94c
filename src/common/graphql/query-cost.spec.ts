import { buildSchema, FragmentDefinitionNode, Kind, OperationDefinitionNode, parse } from 'graphql';
import { costRefusal, queryCost } from './query-cost';

const schema = buildSchema(`
  type Query {
    events(first: Int = 20, after: String): EventConnection!
    associations(first: Int = 20): AssociationConnection!
    upcomingEvents(first: Int! = 5): [Occurrence!]!
    page(id: ID!): Page
  }
  type EventConnection { edges: [EventEdge!]! totalCount: Int! }
  type EventEdge { node: Occurrence! cursor: String! }
  type Occurrence { startsAt: String! event: Event! }
  type Event { title: String! organizer: Association categories: [Term!]! }
  type Term { label: String! }
  type AssociationConnection { edges: [AssociationEdge!]! }
  type AssociationEdge { node: Association! }
  type Association { name: String! categories: [Term!]! upcomingEvents(first: Int! = 5): [Occurrence!]! }
  type Page { id: ID! title: String! children: [Page!]! }
`);
const OPTIONS = { maxCost: 10_000, maxPageSize: 100, defaultListSize: 10 };

function costOf(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error('no operation');
  const fragments = new Map(document.definitions
    .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
    .map((d) => [d.name.value, d] as const));
  return queryCost(schema, operation, fragments, OPTIONS, variables);
}

describe('queryCost', () => {
  it('counts the items of a page, and lists inside it times the page size', () => {
    expect(costOf('{ events(first: 100) { edges { node { startsAt event { title organizer { name } categories { label } } } } } }')).toBe(1100);
  });

  it('counts single objects and scalars as free: only lists multiply', () => {
    expect(costOf('{ events(first: 100) { totalCount edges { cursor node { event { organizer { name } } } } } }')).toBe(100);
    expect(costOf('{ page(id: "x") { title } }')).toBe(0);
  });

  it('uses the default page size of the argument when none is given, and never more than the largest page', () => {
    expect(costOf('{ events { edges { node { startsAt } } } }')).toBe(20);
    expect(costOf('{ upcomingEvents { startsAt } }')).toBe(5);
    expect(costOf('{ events(first: 100000) { edges { node { startsAt } } } }')).toBe(100);
  });

  it('takes a page size given as a variable from the variables, its default, or else the largest page', () => {
    const query = 'query($n: Int) { events(first: $n) { edges { node { event { categories { label } } } } } }';
    expect(costOf(query, { n: 8 })).toBe(8 + 80);
    expect(costOf(query, { n: 5000 })).toBe(100 + 1000);
    expect(costOf(query)).toBe(100 + 1000);
    expect(costOf(query.replace('$n: Int', '$n: Int = 3'))).toBe(3 + 30);
  });

  it('multiplies nested lists: associations × upcoming events × their organisers’ upcoming events', () => {
    expect(costOf('{ associations(first: 100) { edges { node { categories { label } upcomingEvents(first: 50) { event { title } } } } } }')).toBe(6100);
    expect(costOf(`{ associations(first: 100) { edges { node { upcomingEvents(first: 50) { event {
      organizer { upcomingEvents(first: 50) { event { title } } } } } } } } }`)).toBe(255_100);
  });

  it('costs fragments and inline fragments like the fields they hold', () => {
    expect(costOf('{ events(first: 10) { ...E } } fragment E on EventConnection { edges { node { ... on Occurrence { event { categories { label } } } } } }'))
      .toBe(10 + 100);
  });

  it('costs a fragment once per use without walking every path through it', () => {
    const depth = 80;
    const fragments = Array.from({ length: depth }, (_, i) =>
      i + 1 < depth ? `fragment D${i} on Page { ...D${i + 1} ...D${i + 1} }` : `fragment D${i} on Page { children { id } }`).join('\n');
    // 2^79 uses of the last fragment: a number, computed at once.
    expect(costOf(`{ page(id: "x") { ...D0 } }\n${fragments}`)).toBe(10 * 2 ** 79);
  });

  it('does not loop on a fragment cycle (another rule refuses it)', () => {
    expect(costOf('{ page(id: "x") { ...A } } fragment A on Page { children { ...B } } fragment B on Page { children { ...A } }')).toBe(110);
  });

  it('refuses over the limit with the cost and the limit, as a 400 validation failure', () => {
    expect(costRefusal(10_000, OPTIONS)).toBeUndefined();
    const refusal = costRefusal(255_100, OPTIONS);
    expect(refusal?.message).toBe('Query cost 255100 is over the limit of 10000: ask for smaller pages (first) or fewer lists inside lists');
    expect(refusal?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', cost: 255_100, maxCost: 10_000, http: { status: 400 } });
  });
});
