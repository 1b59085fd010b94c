import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAccess, ApiDoc, ApiErrors, ApiJson } from '../../openapi/openapi.decorators';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { notFound } from '../../common/errors';
import { ConnectionArgs, RestList, toRestList } from '../../common/pagination/connection';
import { Ctx, RequestContext } from '../../common/request-context';
import { ContentItem } from '../content-item.model';
import { contentTypeAtPath, ContentTypeDefinition } from '../content-type';
import { CHANGE_MESSAGE_MAX_LENGTH } from '../dto/versioned-id.args';
import { AuditEntry, AuditLogArgs, ContentDiff, ContentRevision } from './history.models';
import { ContentHistory } from './content-history.service';

const REST_PATHS = ['pages', 'associations', 'events', 'legal-notices', 'procedures'];

class ItemParams {
  @IsIn(REST_PATHS, { message: `type must be one of ${REST_PATHS.join(', ')}` })
  type!: string;

  @IsUUID('all', { message: 'id must be a content item id' })
  id!: string;
}

class RevisionParams extends ItemParams {
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1)
  version!: number;
}

class CompareQuery {
  @Type(() => Number)
  @IsInt({ message: 'from must be a whole number' })
  @Min(1)
  from!: number;

  @Type(() => Number)
  @IsInt({ message: 'to must be a whole number' })
  @Min(1)
  to!: number;
}

class RestoreBody {
  @IsInt({ message: 'version must be the current version, as a whole number' })
  @Min(1)
  version!: number;

  @IsOptional()
  @IsString()
  @MaxLength(CHANGE_MESSAGE_MAX_LENGTH)
  message?: string;
}

/**
 * REST twins of the history queries (staff token required), for every content type:
 * `/api/v1/<type>/<id>/revisions`, `…/revisions/<version>`, `…/revisions/compare?from=&to=`,
 * `POST …/revisions/<version>/restore`, and the audit log at `/api/v1/audit-log`.
 */
@ApiTags('History')
@ApiAccess('staff')
@Controller('api/v1')
export class ContentHistoryController {
  constructor(private readonly history: ContentHistory) {}

  @Get('audit-log')
  @ApiDoc('The audit log (staff): content changes, logins, user and key administration')
  @ApiJson('AuditEntryList')
  async auditLog(@Ctx() ctx: RequestContext, @Query() args: AuditLogArgs): Promise<RestList<AuditEntry>> {
    return toRestList(await this.history.auditLog(ctx, args));
  }

  @Get(':type/:id/revisions')
  @ApiDoc('The revisions of a content item, newest first (staff)')
  @ApiJson('ContentRevisionList')
  async revisions(@Ctx() ctx: RequestContext, @Param() { type, id }: ItemParams, @Query() page: ConnectionArgs): Promise<RestList<ContentRevision>> {
    return toRestList(await this.history.revisions(ctx, typeAt(type).name, id, page));
  }

  @Get(':type/:id/revisions/compare')
  @ApiDoc('What changed between two revisions (staff)')
  @ApiJson('ContentDiff')
  compare(@Ctx() ctx: RequestContext, @Param() { type, id }: ItemParams, @Query() { from, to }: CompareQuery): Promise<ContentDiff> {
    return this.history.diff(ctx, typeAt(type).name, id, from, to);
  }

  @Get(':type/:id/revisions/:version')
  @ApiDoc('One revision of a content item (staff)')
  @ApiJson('ContentRevision')
  async revision(@Ctx() ctx: RequestContext, @Param() { type, id, version }: RevisionParams): Promise<ContentRevision> {
    const revision = await this.history.revision(ctx, typeAt(type).name, id, version);
    if (!revision) throw notFound('Revision');
    return revision;
  }

  @Post(':type/:id/revisions/:version/restore')
  @ApiDoc('Restore a revision as a new version (staff)', '`version` in the body is the item\'s current version (optimistic locking).')
  @ApiJson('ContentItem', { status: 201, description: 'The item at its new version' })
  @ApiErrors(409)
  async restore(@Ctx() ctx: RequestContext, @Param() { type, id, version }: RevisionParams, @Body() body: RestoreBody): Promise<ContentItem> {
    const definition = typeAt(type);
    return definition.toApi(await this.history.restoreRevision(ctx, definition.name, { id, version: body.version }, version, { message: body.message }));
  }
}

function typeAt(restPath: string): ContentTypeDefinition {
  const type = contentTypeAtPath(restPath);
  if (!type) throw notFound(`Content type ${restPath}`);
  return type;
}
