import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJson } from '../openapi/openapi.decorators';
import { notFound } from '../common/errors';
import { PageInfo, toRestList } from '../common/pagination/connection';
import { Ctx, RequestContext } from '../common/request-context';
import { IdOrSlugParam } from '../content/dto/lookup.args';
import { Media, toMedia } from '../media/media.model';
import { Association, toAssociation } from './association.model';
import { AssociationEntity } from './association.entity';
import { AssociationsService } from './associations.service';
import { AssociationsArgs } from './dto/associations.args';

/** REST has no field selection: an association comes with its logo (as GET /api/v1/media/:id gives it). */
type RestAssociation = Association & { logo: Media | null };

/** REST twin of the GraphQL association reads, for integrators and simple clients. */
@ApiTags('Associations')
@Controller('api/v1/associations')
export class AssociationsController {
  constructor(private readonly associations: AssociationsService) {}

  @Get()
  @ApiDoc('The directory of associations, each with its logo')
  @ApiJson('AssociationList')
  async list(@Ctx() ctx: RequestContext, @Query() args: AssociationsArgs): Promise<{ data: RestAssociation[]; pageInfo: PageInfo; totalCount: number }> {
    const { data, pageInfo, totalCount } = await toRestList(await this.associations.list(ctx, args));
    // Requested in the same tick, so the request's loader fetches every logo in one query.
    return { data: await Promise.all(data.map((association) => this.withLogo(ctx, association))), pageInfo, totalCount };
  }

  @Get(':idOrSlug')
  @ApiDoc('One association, by id or slug')
  @ApiJson('AssociationDetail')
  async one(@Ctx() ctx: RequestContext, @IdOrSlugParam('harmonie-d-anor') idOrSlug: string): Promise<RestAssociation> {
    const association = await this.associations.findByIdOrSlug(ctx, idOrSlug);
    if (!association) throw notFound('Association');
    return this.withLogo(ctx, association);
  }

  private async withLogo(ctx: RequestContext, entity: AssociationEntity): Promise<RestAssociation> {
    const logo = await this.associations.loadLogo(ctx, entity);
    return Object.assign(toAssociation(entity), { logo: logo && toMedia(logo) });
  }
}
