import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { nullable } from './json-schema';
import { inputObjectSchema, inputProperties } from './validated-inputs';

const Colour = { RED: 'red', DARK_BLUE: 'dark_blue' } as const;

class ExampleQuery {
  @ApiPropertyOptional({ description: 'How many' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 10;

  @IsOptional()
  @IsEnum(Colour)
  colour?: string;

  @IsUUID('all')
  id!: string;

  @IsOptional()
  @IsIn(['json', 'text'])
  format?: string;

  @IsOptional()
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  tags?: string[];
}

describe('inputProperties (schemas from class-validator rules)', () => {
  const byName = Object.fromEntries(inputProperties(ExampleQuery).map((property) => [property.name, property]));

  it('turns the validators into types and limits, with the initial value as default', () => {
    expect(byName.limit).toMatchObject({ required: false, schema: { type: 'integer', minimum: 1, maximum: 50, default: 10, description: 'How many' } });
    expect(byName.id).toMatchObject({ required: true, schema: { type: 'string', format: 'uuid' } });
    expect(byName.format.schema).toEqual({ type: 'string', enum: ['json', 'text'] });
  });

  it('writes an enum by its names (the GraphQL spelling), not by its internal values', () => {
    expect(byName.colour.schema).toEqual({ type: 'string', enum: ['RED', 'DARK_BLUE'] });
  });

  it('describes an `each` rule as a list of items, sent comma-separated in a query', () => {
    expect(byName.tags).toMatchObject({ commaSeparated: true, schema: { type: 'array', items: { type: 'string', maxLength: 20 } } });
  });

  it('a JSON body refuses unknown properties and lets optional ones be null', () => {
    const schema = inputObjectSchema(ExampleQuery) as { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(schema.required).toEqual(['id']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.format).toEqual({ anyOf: [{ type: 'string', enum: ['json', 'text'] }, { type: 'null' }] });
  });
});

describe('nullable (OpenAPI 3.1: no `nullable` keyword)', () => {
  it('adds null to a plain type, and wraps a reference or an enum in anyOf', () => {
    expect(nullable({ type: 'string' })).toEqual({ type: ['string', 'null'] });
    expect(nullable({ $ref: '#/components/schemas/Media' })).toEqual({ anyOf: [{ $ref: '#/components/schemas/Media' }, { type: 'null' }] });
    expect(nullable({})).toEqual({});
  });
});
