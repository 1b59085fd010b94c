import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { mapConnection } from '../common/pagination/connection';
import { Ctx, RequestContext } from '../common/request-context';
import { MediaIdArgs, MediaListArgs, UpdateMediaArgs } from './dto/media.args';
import { Media, MediaConnection, toMedia } from './media.model';
import { MediaService } from './media.service';

/** Upload is REST (POST /api/v1/media); GraphQL reads the library and edits its metadata. */
@Resolver(() => Media)
export class MediaResolver {
  constructor(private readonly service: MediaService) {}

  @Query(() => Media, { nullable: true, description: 'One file of the media library; null when not found' })
  async media(@Ctx() ctx: RequestContext, @Args() { id }: MediaIdArgs): Promise<Media | null> {
    const media = await this.service.loadById(ctx, id);
    return media && toMedia(media);
  }

  @Query(() => MediaConnection, { description: 'The media library, newest first (staff only)' })
  async mediaList(@Ctx() ctx: RequestContext, @Args() args: MediaListArgs): Promise<InstanceType<typeof MediaConnection>> {
    return mapConnection(await this.service.list(ctx, args), toMedia);
  }

  @Mutation(() => Media, { description: 'Edits the text alternative or the decorative flag of an image' })
  async updateMedia(@Ctx() ctx: RequestContext, @Args() args: UpdateMediaArgs): Promise<Media> {
    return toMedia(await this.service.update(ctx, args));
  }
}
