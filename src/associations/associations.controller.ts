import { Controller, Get, Param, Query } from '@nestjs/common';
import { Matches, MaxLength } from 'class-validator';
import { notFound } from '../common/errors';
import { PageInfo, mapConnection, toRestList } from '../common/pagination/connection';
import { Ctx, RequestContext } from '../common/request-context';
import { SLUG_MAX_LENGTH } from '../content/slug';
import { Association, toAssociation } from './association.model';
import { AssociationsService } from './associations.service';
import { AssociationsArgs } from './dto/associations.args';

class IdOrSlugParam {
  @Matches(/^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9]+(?:-[a-z0-9]+)*)$/i, {
    message: 'idOrSlug must be an association id or a slug such as "harmonie-d-anor"',
  })
  @MaxLength(SLUG_MAX_LENGTH)
  idOrSlug!: string;
}

/** REST twin of the GraphQL association reads, for integrators and simple clients. */
@Controller('api/v1/associations')
export class AssociationsController {
  constructor(private readonly associations: AssociationsService) {}

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() args: AssociationsArgs): Promise<{ data: Association[]; pageInfo: PageInfo; totalCount: number }> {
    const connection = mapConnection(await this.associations.list(ctx, args), toAssociation);
    return toRestList(connection);
  }

  @Get(':idOrSlug')
  async one(@Ctx() ctx: RequestContext, @Param() { idOrSlug }: IdOrSlugParam): Promise<Association> {
    const association = await this.associations.findByIdOrSlug(ctx, idOrSlug);
    if (!association) throw notFound('Association');
    return toAssociation(association);
  }
}
