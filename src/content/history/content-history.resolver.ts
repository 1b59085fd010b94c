import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ConnectionShape } from '../../common/pagination/connection';
import { Ctx, RequestContext } from '../../common/request-context';
import { ContentItem } from '../content-item.model';
import { contentTypeNamed } from '../content-type';
import {
  AuditEntry, AuditEntryConnection, AuditLogArgs, ContentDiff, ContentRevision, ContentRevisionConnection, DeletedContentArgs,
  DeletedContentItem, DeletedContentItemConnection, DiffArgs, ItemHistoryArgs, RestoreDeletedArgs, RestoreRevisionArgs, RevisionArgs,
  RevisionAuthor,
} from './history.models';
import { ContentHistory } from './content-history.service';

/** History for staff: revisions, diffs, restore, the bin and the audit log, for every content type. */
@Resolver(() => ContentRevision)
export class ContentHistoryResolver {
  constructor(private readonly history: ContentHistory) {}

  @Query(() => ContentRevisionConnection, { description: 'Every saved version of an item, newest first (staff)' })
  contentRevisions(@Ctx() ctx: RequestContext, @Args() { type, id, first, after }: ItemHistoryArgs): Promise<ConnectionShape<ContentRevision>> {
    return this.history.revisions(ctx, type, id, { first, after });
  }

  @Query(() => ContentRevision, { nullable: true, description: 'One saved version of an item (staff)' })
  contentRevision(@Ctx() ctx: RequestContext, @Args() { type, id, version }: RevisionArgs): Promise<ContentRevision | null> {
    return this.history.revision(ctx, type, id, version);
  }

  @Query(() => ContentDiff, { description: 'What changed between two versions of an item, field by field (staff)' })
  contentDiff(@Ctx() ctx: RequestContext, @Args() { type, id, from, to }: DiffArgs): Promise<ContentDiff> {
    return this.history.diff(ctx, type, id, from, to);
  }

  @Query(() => DeletedContentItemConnection, { description: 'Deleted items, most recently deleted first (editors and admins)' })
  deletedContent(@Ctx() ctx: RequestContext, @Args() { type, first, after }: DeletedContentArgs): Promise<ConnectionShape<DeletedContentItem>> {
    return this.history.deleted(ctx, type, { first, after });
  }

  @Query(() => AuditEntryConnection, { description: 'Who did what and when: content changes, staff and media events, newest first (admins)' })
  auditLog(@Ctx() ctx: RequestContext, @Args() args: AuditLogArgs): Promise<ConnectionShape<AuditEntry>> {
    return this.history.auditLog(ctx, args);
  }

  @Mutation(() => ContentItem, {
    description: 'Brings back an earlier version as a new version; the status stays. Refused for a published legal notice, and when something it refers to no longer exists',
  })
  async restoreContentRevision(@Ctx() ctx: RequestContext, @Args() { type, id, version, revision, message }: RestoreRevisionArgs): Promise<ContentItem> {
    return contentTypeNamed(type).toApi(await this.history.restoreRevision(ctx, type, { id, version }, revision, { message }));
  }

  @Mutation(() => ContentItem, { description: 'Brings a deleted item back as a draft (editors and admins); CONFLICT when its slug or path is taken meanwhile' })
  async restoreDeletedContent(@Ctx() ctx: RequestContext, @Args() { type, id, message }: RestoreDeletedArgs): Promise<ContentItem> {
    return contentTypeNamed(type).toApi(await this.history.restoreDeleted(ctx, type, id, { message }));
  }

  @ResolveField(() => RevisionAuthor, { nullable: true, description: 'Who saved it; null when the account no longer exists' })
  author(@Ctx() ctx: RequestContext, @Parent() revision: ContentRevision): Promise<RevisionAuthor | null> {
    return revision.authorId ? this.history.loadAuthor(ctx, revision.authorId) : Promise.resolve(null);
  }
}
