import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { mapConnection } from '../common/pagination/connection';
import { Ctx, RequestContext } from '../common/request-context';
import { DeletedContent } from '../content/deleted-content.model';
import {
  CreateLegalNoticeArgs, ExtendLegalNoticeDisplayArgs, LegalNoticeLookupArgs, LegalNoticesArgs, LegalNoticesOnDisplayArgs,
  LegalNoticeVersionArgs, UpdateLegalNoticeArgs, WithdrawLegalNoticeArgs,
} from './dto/legal-notices.args';
import { Media, toMedia } from '../media/media.model';
import { LegalNotice, LegalNoticeConnection, LegalNoticeDocument, toLegalNotice } from './legal-notice.model';
import { LegalNoticesService } from './legal-notices.service';

type LegalNoticeConnectionShape = InstanceType<typeof LegalNoticeConnection>;

@Resolver(() => LegalNotice)
export class LegalNoticesResolver {
  constructor(private readonly service: LegalNoticesService) {}

  @Query(() => LegalNotice, { nullable: true, description: 'One notice by id, or by kind, reference and year; null when not found or not visible' })
  async legalNotice(@Ctx() ctx: RequestContext, @Args() args: LegalNoticeLookupArgs): Promise<LegalNotice | null> {
    const notice = await this.service.findOne(ctx, args);
    return notice && toLegalNotice(notice, ctx.isAuthenticated);
  }

  @Query(() => LegalNoticeConnection, { description: 'The board: published notices on display at a moment (now by default), withdrawn ones included and marked, newest first' })
  async legalNoticesOnDisplay(@Ctx() ctx: RequestContext, @Args() args: LegalNoticesOnDisplayArgs): Promise<LegalNoticeConnectionShape> {
    return mapConnection(await this.service.onDisplay(ctx, args), (notice) => toLegalNotice(notice, ctx.isAuthenticated));
  }

  @Query(() => LegalNoticeConnection, { description: 'The archive: published notices (staff also see drafts), newest act date first' })
  async legalNotices(@Ctx() ctx: RequestContext, @Args() args: LegalNoticesArgs): Promise<LegalNoticeConnectionShape> {
    return mapConnection(await this.service.archive(ctx, args), (notice) => toLegalNotice(notice, ctx.isAuthenticated));
  }

  @ResolveField(() => LegalNotice, { nullable: true, description: 'The earlier notice this one corrects' })
  async supersedes(@Ctx() ctx: RequestContext, @Parent() notice: LegalNotice): Promise<LegalNotice | null> {
    return this.linked(ctx, notice.supersedesId);
  }

  @ResolveField(() => LegalNotice, { nullable: true, description: 'The published notice that corrects this one' })
  async supersededBy(@Ctx() ctx: RequestContext, @Parent() notice: LegalNotice): Promise<LegalNotice | null> {
    return this.linked(ctx, notice.supersededById);
  }

  @Mutation(() => LegalNotice, { description: 'Creates a draft' })
  async createLegalNotice(@Ctx() ctx: RequestContext, @Args() { input, message }: CreateLegalNoticeArgs): Promise<LegalNotice> {
    return toLegalNotice(await this.service.create(ctx, input, { message }), true);
  }

  @Mutation(() => LegalNotice, { description: 'Drafts only: a published notice is never edited (publish a correcting notice instead)' })
  async updateLegalNotice(@Ctx() ctx: RequestContext, @Args() { id, version, input, message }: UpdateLegalNoticeArgs): Promise<LegalNotice> {
    return toLegalNotice(await this.service.update(ctx, { id, version }, input, { message }), true);
  }

  @Mutation(() => LegalNotice, {
    description: 'Puts the notice online: the display starts now if displayFrom is earlier (a window already over is refused, the legal minimum counts from that start); '
      + 'records the commune\'s publication mode in force, stores the fingerprint and links the notice it corrects',
  })
  async publishLegalNotice(@Ctx() ctx: RequestContext, @Args() { id, version, message }: LegalNoticeVersionArgs): Promise<LegalNotice> {
    return toLegalNotice(await this.service.publish(ctx, { id, version }, { message }), true);
  }

  @Mutation(() => LegalNotice, { description: 'Keeps a notice on display longer (and, for a planning application, records a later end of instruction); never shorter' })
  async extendLegalNoticeDisplay(@Ctx() ctx: RequestContext,
    @Args() { id, version, displayUntil, instructionEndsOn, message }: ExtendLegalNoticeDisplayArgs): Promise<LegalNotice> {
    return toLegalNotice(await this.service.extendDisplay(ctx, { id, version }, displayUntil, { message }, instructionEndsOn ?? undefined), true);
  }

  @Mutation(() => LegalNotice, { description: 'Withdraws a published notice early: it stays visible, marked withdrawn with the reason' })
  async withdrawLegalNotice(@Ctx() ctx: RequestContext, @Args() { id, version, reason, message }: WithdrawLegalNoticeArgs): Promise<LegalNotice> {
    return toLegalNotice(await this.service.withdraw(ctx, { id, version }, reason, { message }), true);
  }

  @Mutation(() => LegalNotice, { description: 'Refused for a published notice (use withdrawLegalNotice); a draft stays as it is' })
  async unpublishLegalNotice(@Ctx() ctx: RequestContext, @Args() { id, version, message }: LegalNoticeVersionArgs): Promise<LegalNotice> {
    return toLegalNotice(await this.service.unpublish(ctx, { id, version }, { message }), true);
  }

  @Mutation(() => DeletedContent, { description: 'Drafts only: a published notice stays (use withdrawLegalNotice)' })
  async deleteLegalNotice(@Ctx() ctx: RequestContext, @Args() { id, version, message }: LegalNoticeVersionArgs): Promise<DeletedContent> {
    const notice = await this.service.remove(ctx, { id, version }, { message });
    return { id: notice.id, version: notice.version };
  }

  private async linked(ctx: RequestContext, id: string | null): Promise<LegalNotice | null> {
    if (!id) return null;
    const notice = await this.service.loadNotice(ctx, id);
    return notice && toLegalNotice(notice, ctx.isAuthenticated);
  }
}

@Resolver(() => LegalNoticeDocument)
export class LegalNoticeDocumentsResolver {
  constructor(private readonly service: LegalNoticesService) {}

  @ResolveField(() => Media, { nullable: true, description: 'The file in the media library (batched over a list); null for a file kept elsewhere' })
  async media(@Ctx() ctx: RequestContext, @Parent() document: LegalNoticeDocument): Promise<Media | null> {
    const media = await this.service.loadDocumentMedia(ctx, document.mediaId);
    return media && toMedia(media);
  }
}
