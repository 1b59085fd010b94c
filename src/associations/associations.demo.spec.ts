import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DEMO_TERMS } from '../taxonomy/taxonomy.demo';
import { slugify } from '../content/slug';
import { Vocabulary } from '../taxonomy/vocabulary';
import { DEMO_ASSOCIATIONS } from './associations.demo';
import { crossFieldErrors } from './association-rules';
import { CreateAssociationInput } from './dto/association.input';

describe('demo associations', () => {
  it('are about thirty, with unique slugs', () => {
    expect(DEMO_ASSOCIATIONS.length).toBeGreaterThanOrEqual(28);
    const slugs = DEMO_ASSOCIATIONS.map((demo) => demo.slug ?? slugify(demo.name));
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it.each(DEMO_ASSOCIATIONS.map((demo) => [demo.name, demo] as const))('%s passes the API validation', (_name, demo) => {
    const { categories, ...fields } = demo;
    const input = plainToInstance(CreateAssociationInput, fields);
    expect(validateSync(input, { forbidUnknownValues: false })).toEqual([]);
    const values = { latitude: null, longitude: null, siren: null, siret: null, ...fields };
    expect(crossFieldErrors(values, () => true)).toEqual([]);
    const known = DEMO_TERMS[Vocabulary.CATEGORY].map(slugify);
    expect(categories.length).toBeGreaterThan(0);
    for (const category of categories) expect(known).toContain(category);
  });
});
