import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJson } from '../openapi/openapi.decorators';
import { PageInfo } from '../common/pagination/connection';
import { notFound } from '../common/errors';
import { Ctx, RequestContext } from '../common/request-context';
import { ContentIdParam } from '../content/dto/lookup.args';
import { Media, toMedia } from '../media/media.model';
import { NavigationArgs, PageLookupArgs, PagesArgs } from './dto/pages.args';
import { PageEntity } from './page.entity';
import { NavigationItem, Page, PageAttachment, toPage } from './page.model';
import { toNavigationItems } from './navigation';
import { PagesService } from './pages.service';

/** REST has no field selection: a page comes with its image and the files of its attachments (as GET /api/v1/media/:id gives them). */
type RestPage = Page & { image: Media | null; attachments: (PageAttachment & { media: Media | null })[] };

/** REST twin of the GraphQL page reads, for integrators and simple clients. */
@ApiTags('Pages')
@Controller('api/v1')
export class PagesController {
  constructor(private readonly pages: PagesService) {}

  @Get('pages')
  @ApiDoc('Pages, each with its image and attachments')
  @ApiJson('PageList')
  async list(@Ctx() ctx: RequestContext, @Query() args: PagesArgs): Promise<{ data: RestPage[]; pageInfo: PageInfo; totalCount: number }> {
    const connection = await this.pages.list(ctx, args);
    // All media are requested in the same tick, so the request's loader fetches them in one query.
    const data = await Promise.all(connection.edges.map((edge) => this.withMedia(ctx, edge.node)));
    return { data, pageInfo: connection.pageInfo, totalCount: await connection.totalCount };
  }

  @Get('pages/by-path')
  @ApiDoc('One page by its path in the tree (e.g. `vie-pratique/dechets`)')
  @ApiJson('PageDetail')
  async byPath(@Ctx() ctx: RequestContext, @Query() args: PageLookupArgs): Promise<RestPage> {
    return this.found(ctx, await this.pages.findOne(ctx, args));
  }

  @Get('pages/:id')
  @ApiDoc('One page by id')
  @ApiJson('PageDetail')
  async byId(@Ctx() ctx: RequestContext, @ContentIdParam('a page') id: string): Promise<RestPage> {
    return this.found(ctx, await this.pages.findOne(ctx, { id }));
  }

  @Get('navigation')
  @ApiDoc('The navigation tree of a channel (website or kiosk)')
  @ApiJson({ type: 'array', items: { $ref: '#/components/schemas/NavigationItem' } })
  async navigation(@Query() args: NavigationArgs): Promise<NavigationItem[]> {
    return toNavigationItems(await this.pages.navigation(args.channel));
  }

  private found(ctx: RequestContext, page: PageEntity | null): Promise<RestPage> {
    if (!page) throw notFound('Page');
    return this.withMedia(ctx, page);
  }

  private async withMedia(ctx: RequestContext, entity: PageEntity): Promise<RestPage> {
    const page = toPage(entity);
    const [image, files] = await Promise.all([
      this.pages.loadImage(ctx, page),
      Promise.all(page.attachments.map((attachment) => this.pages.loadAttachmentMedia(ctx, attachment))),
    ]);
    return {
      ...page,
      image: image && toMedia(image),
      attachments: page.attachments.map((attachment, index) => {
        const file = files[index];
        return { ...attachment, media: file && toMedia(file) };
      }),
    };
  }
}
