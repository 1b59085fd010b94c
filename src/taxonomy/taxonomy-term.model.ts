import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { TaxonomyTermEntity } from './taxonomy-term.entity';
import { Vocabulary } from './vocabulary';

@ObjectType('TaxonomyTerm', { description: 'A category or theme from a staff-managed list' })
export class TaxonomyTerm {
  @Field(() => ID)
  id!: string;

  @Field(() => Vocabulary)
  vocabulary!: Vocabulary;

  @Field()
  slug!: string;

  @Field()
  label!: string;

  @Field(() => Int)
  position!: number;

  @Field(() => Int)
  version!: number;
}

export function toTaxonomyTerm(entity: TaxonomyTermEntity): TaxonomyTerm {
  return {
    id: entity.id,
    vocabulary: entity.vocabulary,
    slug: entity.slug,
    label: entity.label,
    position: entity.position,
    version: entity.version,
  };
}
