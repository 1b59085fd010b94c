import { Controller, Get, Query } from '@nestjs/common';
import { TermsArgs } from './dto/taxonomy.args';
import { TaxonomyTerm, toTaxonomyTerm } from './taxonomy-term.model';
import { TaxonomyService } from './taxonomy.service';

@Controller('api/v1')
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  /** GET /api/v1/terms?vocabulary=category */
  @Get('terms')
  async list(@Query() { vocabulary }: TermsArgs): Promise<TaxonomyTerm[]> {
    return (await this.taxonomy.list(vocabulary)).map(toTaxonomyTerm);
  }
}
