import { Controller, Get, Param, Query } from '@nestjs/common';
import { IsUUID } from 'class-validator';
import { notFound } from '../common/errors';
import { PageInfo, mapConnection, toRestList } from '../common/pagination/connection';
import { Ctx, RequestContext } from '../common/request-context';
import { LegalNoticesQuery } from './dto/legal-notices.args';
import { LegalNotice, toLegalNotice } from './legal-notice.model';
import { LegalNoticesService } from './legal-notices.service';

class LegalNoticeIdParam {
  @IsUUID('all', { message: 'id must be a legal notice id' })
  id!: string;
}

/** REST twin of the GraphQL legal-notice reads. */
@Controller('api/v1/legal-notices')
export class LegalNoticesController {
  constructor(private readonly notices: LegalNoticesService) {}

  /** The archive (kind, year, reference, channel, status), or the board with `onDisplay=true` (kind, channel, at). */
  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: LegalNoticesQuery): Promise<{ data: LegalNotice[]; pageInfo: PageInfo; totalCount: number }> {
    const connection = mapConnection(await this.notices.list(ctx, query), toLegalNotice);
    return toRestList(connection);
  }

  @Get(':id')
  async byId(@Ctx() ctx: RequestContext, @Param() { id }: LegalNoticeIdParam): Promise<LegalNotice> {
    const notice = await this.notices.findOne(ctx, { id });
    if (!notice) throw notFound('Legal notice');
    return toLegalNotice(notice);
  }
}
