import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/request-context';
import { CreateTermArgs, TermsArgs, TermVersionArgs, UpdateTermArgs } from './dto/taxonomy.args';
import { TaxonomyTerm, toTaxonomyTerm } from './taxonomy-term.model';
import { TaxonomyService } from './taxonomy.service';

@Resolver(() => TaxonomyTerm)
export class TaxonomyResolver {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Query(() => [TaxonomyTerm], { description: 'The terms of a list, in their order' })
  async terms(@Args() { vocabulary }: TermsArgs): Promise<TaxonomyTerm[]> {
    return (await this.taxonomy.list(vocabulary)).map(toTaxonomyTerm);
  }

  @Mutation(() => TaxonomyTerm)
  async createTerm(@Ctx() ctx: RequestContext, @Args() { vocabulary, input }: CreateTermArgs): Promise<TaxonomyTerm> {
    return toTaxonomyTerm(await this.taxonomy.create(ctx, vocabulary, input));
  }

  @Mutation(() => TaxonomyTerm)
  async updateTerm(@Ctx() ctx: RequestContext, @Args() { id, version, input }: UpdateTermArgs): Promise<TaxonomyTerm> {
    return toTaxonomyTerm(await this.taxonomy.update(ctx, id, version, input));
  }

  @Mutation(() => TaxonomyTerm, { description: 'Refused while content uses the term' })
  async deleteTerm(@Ctx() ctx: RequestContext, @Args() { id, version }: TermVersionArgs): Promise<TaxonomyTerm> {
    return toTaxonomyTerm(await this.taxonomy.remove(ctx, id, version));
  }
}
