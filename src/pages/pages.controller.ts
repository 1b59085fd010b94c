import { Controller, Get, Param, Query } from '@nestjs/common';
import { IsUUID } from 'class-validator';
import { mapConnection, toRestList } from '../common/pagination/connection';
import { notFound } from '../common/errors';
import { Ctx, RequestContext } from '../common/request-context';
import { NavigationArgs, PageLookupArgs, PagesArgs } from './dto/pages.args';
import { NavigationItem, Page, toPage } from './page.model';
import { toNavigationItems } from './navigation';
import { PagesService } from './pages.service';

class PageIdParam {
  @IsUUID('all', { message: 'id must be a page id' })
  id!: string;
}

/** REST twin of the GraphQL page reads, for integrators and simple clients. */
@Controller('api/v1')
export class PagesController {
  constructor(private readonly pages: PagesService) {}

  @Get('pages')
  async list(@Ctx() ctx: RequestContext, @Query() args: PagesArgs): Promise<{ data: Page[]; pageInfo: object; totalCount: number }> {
    const connection = mapConnection(await this.pages.list(ctx, args), toPage);
    return toRestList(connection);
  }

  @Get('pages/by-path')
  async byPath(@Ctx() ctx: RequestContext, @Query() args: PageLookupArgs): Promise<Page> {
    return this.found(await this.pages.findOne(ctx, args));
  }

  @Get('pages/:id')
  async byId(@Ctx() ctx: RequestContext, @Param() { id }: PageIdParam): Promise<Page> {
    return this.found(await this.pages.findOne(ctx, { id }));
  }

  @Get('navigation')
  async navigation(@Query() args: NavigationArgs): Promise<NavigationItem[]> {
    return toNavigationItems(await this.pages.navigation(args.channel));
  }

  private found(page: Awaited<ReturnType<PagesService['findOne']>>): Page {
    if (!page) throw notFound('Page');
    return toPage(page);
  }
}
