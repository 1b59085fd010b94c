import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { mapConnection } from '../common/pagination/connection';
import { Ctx, RequestContext } from '../common/request-context';
import { DeleteMediaArgs, MediaIdArgs, MediaListArgs, UpdateMediaArgs } from './dto/media.args';
import { Media, MediaConnection, MediaRendition, MediaUsage, mediaRenditions, toMedia } from './media.model';
import { RenditionFormatName } from './renditions';
import { MediaService } from './media.service';
import { MediaPreviewLinks } from './preview-links';

/** Upload is REST (POST /api/v1/media); GraphQL reads the library and edits its metadata. */
@Resolver(() => Media)
export class MediaResolver {
  constructor(private readonly service: MediaService, private readonly previews: MediaPreviewLinks) {}

  @Query(() => Media, {
    nullable: true,
    description: 'One file of the media library; null when not found, or (for the public) while no published content uses it',
  })
  async media(@Ctx() ctx: RequestContext, @Args() { id }: MediaIdArgs): Promise<Media | null> {
    const media = await this.service.findVisible(ctx, id);
    return media && toMedia(media);
  }

  @Query(() => MediaConnection, { description: 'The media library, newest first (staff only)' })
  async mediaList(@Ctx() ctx: RequestContext, @Args() args: MediaListArgs): Promise<InstanceType<typeof MediaConnection>> {
    return mapConnection(await this.service.list(ctx, args), toMedia);
  }

  @ResolveField(() => [MediaRendition], {
    description: 'Raster images: the resized versions up to the original width (160, 320, 640, 1024, 1600 px); empty for SVG and documents',
  })
  renditions(@Parent() media: Media,
    @Args('format', { type: () => RenditionFormatName, defaultValue: RenditionFormatName.WEBP }) format: RenditionFormatName): MediaRendition[] {
    return mediaRenditions(media, format);
  }

  @ResolveField(() => [MediaUsage], { nullable: true, description: 'The content that uses the file (staff only; null for the public)' })
  async usages(@Ctx() ctx: RequestContext, @Parent() media: Media): Promise<MediaUsage[] | null> {
    if (!ctx.isAuthenticated) return null;
    return this.service.usagesOf(ctx, media.id);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Staff only (null for the public): the url signed for an hour or two, to show in an <img> a file that no published content uses yet',
  })
  previewUrl(@Ctx() ctx: RequestContext, @Parent() media: Media): string | null {
    return ctx.isAuthenticated ? this.previews.sign(media.url, media.id) : null;
  }

  @ResolveField(() => Boolean, { description: 'Published content uses the file, so anyone may load it; otherwise only staff can' })
  async isPublic(@Ctx() ctx: RequestContext, @Parent() media: Media): Promise<boolean> {
    return this.service.isPublic(ctx, media.id);
  }

  @Mutation(() => Media, {
    description: 'Edits the text alternative, the decorative flag or the focal point of an image. A file that published content shows '
      + 'is changed by editors and admins only (FORBIDDEN for a contributor, naming that content)',
  })
  async updateMedia(@Ctx() ctx: RequestContext, @Args() args: UpdateMediaArgs): Promise<Media> {
    return toMedia(await this.service.update(ctx, args));
  }

  @Mutation(() => Media, { description: 'Deletes a file that no content uses (CONFLICT naming its uses otherwise), with its resized versions' })
  async deleteMedia(@Ctx() ctx: RequestContext, @Args() args: DeleteMediaArgs): Promise<Media> {
    return toMedia(await this.service.remove(ctx, args));
  }
}
