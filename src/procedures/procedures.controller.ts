import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc, ApiJson } from '../openapi/openapi.decorators';
import { IsEnum, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { notFound } from '../common/errors';
import { Ctx, RequestContext } from '../common/request-context';
import { Channel } from '../content/content.types';
import { IdOrSlugParam } from '../content/dto/lookup.args';
import { Media, toMedia } from '../media/media.model';
import { TaxonomyTerm, toTaxonomyTerm } from '../taxonomy/taxonomy-term.model';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { ChecklistQuery, ProceduresArgs } from './dto/procedures.args';
import { ProcedureEntity } from './procedure.entity';
import {
  OnlineService, Procedure, ProcedureCase, ProcedureChecklist, RequiredDocument, toChecklist, toProcedure, toProcedureCase, toRequiredDocument,
} from './procedure.model';
import { PROCEDURE_TYPE, ProceduresService } from './procedures.service';

class ChannelQuery {
  @IsOptional()
  @IsEnum(Channel)
  channel?: Channel;
}

/** A sheet as REST gives it: its fields with its theme, cases, documents, forms of the media library and related sheets inline. */
export interface ProcedureDetail extends Omit<Procedure, 'onlineServices'> {
  onlineServices: (OnlineService & { media: Media | null })[];
  theme: TaxonomyTerm | null;
  cases: ProcedureCase[];
  documents: RequiredDocument[];
  relatedProcedureIds: string[];
  relatedProcedures: { id: string; slug: string; title: string }[];
}

/** REST twin of the GraphQL procedure reads, for integrators and simple clients. */
@ApiTags('Procedures')
@Controller('api/v1')
export class ProceduresController {
  constructor(
    private readonly procedures: ProceduresService,
    private readonly taxonomy: TaxonomyService,
  ) {}

  @Get('procedures')
  @ApiDoc('Procedure sheets, each with its cases, documents, forms and related sheets')
  @ApiJson('ProcedureList')
  async list(@Ctx() ctx: RequestContext, @Query() args: ProceduresArgs): Promise<{ data: ProcedureDetail[]; pageInfo: object; totalCount: number }> {
    const connection = await this.procedures.list(ctx, args);
    const data = await Promise.all(connection.edges.map((edge) => this.detail(ctx, edge.node, args.channel)));
    return { data, pageInfo: connection.pageInfo, totalCount: await connection.totalCount };
  }

  @Get('procedures/:idOrSlug')
  @ApiDoc('One procedure sheet, by id or slug')
  @ApiJson('ProcedureDetail')
  async one(@Ctx() ctx: RequestContext, @IdOrSlugParam('carte-identite') idOrSlug: string, @Query() { channel }: ChannelQuery): Promise<ProcedureDetail> {
    const sheet = await this.procedures.findByIdOrSlug(ctx, idOrSlug, channel);
    if (!sheet) throw notFound(PROCEDURE_TYPE.label);
    return this.detail(ctx, sheet, channel);
  }

  /** `?cases=majeur,premiere-demande`; `&format=text` answers the printable tick-list as text/plain. */
  @Get('procedures/:idOrSlug/checklist')
  @ApiDoc('The documents to bring for the chosen cases', 'As JSON, or with `format=text` as the printable tick-list (`text/plain`).')
  @ApiResponse({ status: 200, description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/ProcedureChecklist' } }, 'text/plain': { schema: { type: 'string' } } } })
  async checklist(@Ctx() ctx: RequestContext, @IdOrSlugParam('carte-identite') idOrSlug: string, @Query() query: ChecklistQuery,
    @Res({ passthrough: true }) res: Response): Promise<ProcedureChecklist | string> {
    const checklist = toChecklist(await this.procedures.checklist(ctx, idOrSlug, query.cases ?? [], query.channel));
    if (query.format !== 'text') return checklist;
    res.set('Content-Type', 'text/plain; charset=utf-8');
    return checklist.text;
  }

  private async detail(ctx: RequestContext, sheet: ProcedureEntity, channel?: Channel): Promise<ProcedureDetail> {
    const procedure = toProcedure(sheet);
    const [theme, cases, documents, relatedProcedureIds, related, forms] = await Promise.all([
      sheet.themeId ? this.taxonomy.loadTerm(ctx, sheet.themeId) : null,
      this.procedures.loadCases(ctx, sheet.id),
      this.procedures.loadDocuments(ctx, sheet.id),
      this.procedures.loadRelatedIds(ctx, sheet.id),
      this.procedures.loadRelated(ctx, sheet.id, channel),
      Promise.all(procedure.onlineServices.map((service) => this.procedures.loadOnlineServiceMedia(ctx, service))),
    ]);
    return Object.assign(procedure, {
      onlineServices: procedure.onlineServices.map((service, index) => {
        const form = forms[index];
        return { ...service, media: form && toMedia(form) };
      }),
      theme: theme && toTaxonomyTerm(theme),
      cases: cases.map(toProcedureCase),
      documents: documents.map(toRequiredDocument),
      relatedProcedureIds,
      relatedProcedures: related.map((item) => ({ id: item.id, slug: item.slug, title: item.title })),
    });
  }
}
