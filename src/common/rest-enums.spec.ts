import { buildSchema, GraphQLEnumType } from 'graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { enumSpellingReplacer, enumSpellings, normalizeEnumQuery } from './rest-enums';

enum Channel { WEB = 'web', KIOSK = 'kiosk' }
enum Status { DRAFT = 'draft', PUBLISHED = 'published', SOLD_OUT = 'sold_out' }

const schema = buildSchema(`
  enum Channel { WEB KIOSK }
  enum Status { DRAFT PUBLISHED SOLD_OUT }
  type Query { item: Item }
  type Item { status: Status! channels: [Channel!]! title: String! }
`);
// Code-first enums carry their internal values; give the SDL ones the same.
for (const [name, values] of [['Channel', Channel], ['Status', Status]] as const) {
  const type = schema.getType(name) as GraphQLEnumType;
  for (const value of type.getValues()) value.value = (values as Record<string, string>)[value.name];
}

class ListArgs {
  @IsOptional() @IsEnum(Channel) channel?: Channel;
  @IsOptional() @IsEnum(Status, { each: true }) statuses?: Status[];
}

describe('REST enum spelling', () => {
  const replacer = enumSpellingReplacer(enumSpellings(schema));
  const spelled = (body: unknown): unknown => JSON.parse(JSON.stringify(body, replacer));

  it('spells enum-typed fields with their GraphQL names, leaving other strings and the original alone', () => {
    const body = { data: [{ status: 'published', channels: ['web', 'kiosk'], title: 'published' }], totalCount: 1 };
    expect(spelled(body)).toEqual({ data: [{ status: 'PUBLISHED', channels: ['WEB', 'KIOSK'], title: 'published' }], totalCount: 1 });
    expect(body.data[0].status).toBe('published');
  });

  it('leaves dates and values that are no enum value as they are', () => {
    const date = new Date(0);
    expect(spelled({ status: 'archived', at: date })).toEqual({ status: 'archived', at: date.toISOString() });
  });

  it('accepts a query enum in any case, one value or a comma-separated list', () => {
    expect(normalizeEnumQuery({ channel: 'KIOSK' }, ListArgs)).toEqual({ channel: 'kiosk' });
    expect(normalizeEnumQuery({ channel: 'Kiosk' }, ListArgs)).toEqual({ channel: 'kiosk' });
    expect(normalizeEnumQuery({ statuses: 'DRAFT,sold_out' }, ListArgs)).toEqual({ statuses: 'draft,sold_out' });
    expect(normalizeEnumQuery({ statuses: ['PUBLISHED'] }, ListArgs)).toEqual({ statuses: ['published'] });
    expect(normalizeEnumQuery({ channel: 'radio' }, ListArgs)).toEqual({ channel: 'radio' });
  });
});
