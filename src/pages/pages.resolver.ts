import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { mapConnection } from '../common/pagination/connection';
import { Ctx, RequestContext } from '../common/request-context';
import { Channel } from '../content/content.types';
import { DeletedContent } from '../content/deleted-content.model';
import { Media, toMedia } from '../media/media.model';
import { CreatePageArgs, MovePageArgs, NavigationArgs, PageLookupArgs, PagesArgs, UpdatePageArgs, PageVersionArgs } from './dto/pages.args';
import { NavigationItem, Page, PageAttachment, PageConnection, toPage } from './page.model';
import { toNavigationItems } from './navigation';
import { PagesService } from './pages.service';

@Resolver(() => Page)
export class PagesResolver {
  constructor(private readonly service: PagesService) {}

  @Query(() => Page, { nullable: true, description: 'One page by id or path; null when not found or not visible' })
  async page(@Ctx() ctx: RequestContext, @Args() args: PageLookupArgs): Promise<Page | null> {
    const page = await this.service.findOne(ctx, args);
    return page && toPage(page);
  }

  @Query(() => PageConnection, { description: 'Pages, by position under a parent or by path' })
  async pages(@Ctx() ctx: RequestContext, @Args() args: PagesArgs): Promise<InstanceType<typeof PageConnection>> {
    return mapConnection(await this.service.list(ctx, args), toPage);
  }

  @Query(() => [NavigationItem], { description: 'The published page tree of a channel, in one request' })
  async navigation(@Args() args: NavigationArgs): Promise<NavigationItem[]> {
    return toNavigationItems(await this.service.navigation(args.channel));
  }

  @ResolveField(() => Page, { nullable: true })
  async parent(@Ctx() ctx: RequestContext, @Parent() page: Page): Promise<Page | null> {
    if (!page.parentId) return null;
    const parent = await this.service.loadParent(ctx, page.parentId);
    return parent && toPage(parent);
  }

  @ResolveField(() => [Page], { description: 'Visible sub-pages in their order' })
  async children(
    @Ctx() ctx: RequestContext,
    @Parent() page: Page,
    @Args('channel', { type: () => Channel, nullable: true }) channel?: Channel,
  ): Promise<Page[]> {
    return (await this.service.loadChildren(ctx, page.id, channel)).map(toPage);
  }

  @ResolveField(() => Media, { nullable: true, description: 'Its banner or illustration, from the media library' })
  async image(@Ctx() ctx: RequestContext, @Parent() page: Page): Promise<Media | null> {
    const media = await this.service.loadImage(ctx, page);
    return media && toMedia(media);
  }

  @Mutation(() => Page)
  async createPage(@Ctx() ctx: RequestContext, @Args() { input, message }: CreatePageArgs): Promise<Page> {
    return toPage(await this.service.create(ctx, input, { message }));
  }

  @Mutation(() => Page)
  async updatePage(@Ctx() ctx: RequestContext, @Args() { id, version, input, message }: UpdatePageArgs): Promise<Page> {
    return toPage(await this.service.update(ctx, { id, version }, input, { message }));
  }

  @Mutation(() => Page, { description: 'Re-parent and/or re-order a page; its subtree follows' })
  async movePage(@Ctx() ctx: RequestContext, @Args() { id, version, parentId, position, message }: MovePageArgs): Promise<Page> {
    return toPage(await this.service.move(ctx, { id, version }, parentId ?? null, position, { message }));
  }

  @Mutation(() => Page)
  async publishPage(@Ctx() ctx: RequestContext, @Args() { id, version, message }: PageVersionArgs): Promise<Page> {
    return toPage(await this.service.publish(ctx, { id, version }, { message }));
  }

  @Mutation(() => Page)
  async unpublishPage(@Ctx() ctx: RequestContext, @Args() { id, version, message }: PageVersionArgs): Promise<Page> {
    return toPage(await this.service.unpublish(ctx, { id, version }, { message }));
  }

  @Mutation(() => DeletedContent, { description: 'Refused while the page has sub-pages' })
  async deletePage(@Ctx() ctx: RequestContext, @Args() { id, version, message }: PageVersionArgs): Promise<DeletedContent> {
    const page = await this.service.remove(ctx, { id, version }, { message });
    return { id: page.id, version: page.version };
  }
}

@Resolver(() => PageAttachment)
export class PageAttachmentsResolver {
  constructor(private readonly service: PagesService) {}

  @ResolveField(() => Media, { nullable: true, description: 'The document in the media library (batched over a list)' })
  async media(@Ctx() ctx: RequestContext, @Parent() attachment: PageAttachment): Promise<Media | null> {
    const media = await this.service.loadAttachmentMedia(ctx, attachment);
    return media && toMedia(media);
  }
}
