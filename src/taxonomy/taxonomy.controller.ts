import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJson } from '../openapi/openapi.decorators';
import { TermsArgs } from './dto/taxonomy.args';
import { TaxonomyTerm, toTaxonomyTerm } from './taxonomy-term.model';
import { TaxonomyService } from './taxonomy.service';

@ApiTags('Taxonomy')
@Controller('api/v1')
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  /** GET /api/v1/terms?vocabulary=category */
  @Get('terms')
  @ApiDoc('The terms of a vocabulary (event and association categories, procedure themes), in order')
  @ApiJson({ type: 'array', items: { $ref: '#/components/schemas/TaxonomyTerm' } })
  async list(@Query() { vocabulary }: TermsArgs): Promise<TaxonomyTerm[]> {
    return (await this.taxonomy.list(vocabulary)).map(toTaxonomyTerm);
  }
}
