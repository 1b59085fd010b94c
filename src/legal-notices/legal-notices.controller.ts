import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJson } from '../openapi/openapi.decorators';
import { notFound } from '../common/errors';
import { PageInfo, mapConnection, toRestList } from '../common/pagination/connection';
import { Ctx, RequestContext } from '../common/request-context';
import { ContentIdParam } from '../content/dto/lookup.args';
import { LegalNoticesQuery } from './dto/legal-notices.args';
import { LegalNotice, toLegalNotice } from './legal-notice.model';
import { LegalNoticesService } from './legal-notices.service';

/** REST twin of the GraphQL legal-notice reads. */
@ApiTags('Legal notices')
@Controller('api/v1/legal-notices')
export class LegalNoticesController {
  constructor(private readonly notices: LegalNoticesService) {}

  /** The archive (kind, year, reference, channel, status), or the board with `onDisplay=true` (kind, channel, at). */
  @Get()
  @ApiDoc('Legal notices: the archive, or the board with `onDisplay=true`')
  @ApiJson('LegalNoticeList')
  async list(@Ctx() ctx: RequestContext, @Query() query: LegalNoticesQuery): Promise<{ data: LegalNotice[]; pageInfo: PageInfo; totalCount: number }> {
    const connection = mapConnection(await this.notices.list(ctx, query), (notice) => toLegalNotice(notice, ctx.isAuthenticated));
    return toRestList(connection);
  }

  @Get(':id')
  @ApiDoc('One legal notice')
  @ApiJson('LegalNotice')
  async byId(@Ctx() ctx: RequestContext, @ContentIdParam('a legal notice') id: string): Promise<LegalNotice> {
    const notice = await this.notices.findOne(ctx, { id });
    if (!notice) throw notFound('Legal notice');
    return toLegalNotice(notice, ctx.isAuthenticated);
  }
}
