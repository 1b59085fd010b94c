import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { mapConnection } from '../common/pagination/connection';
import { Ctx, RequestContext } from '../common/request-context';
import { Channel } from '../content/content.types';
import { DeletedContent } from '../content/deleted-content.model';
import { Media, toMedia } from '../media/media.model';
import { TaxonomyTerm, toTaxonomyTerm } from '../taxonomy/taxonomy-term.model';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { questionsOf } from './checklist';
import {
  ChecklistArgs, CreateProcedureArgs, ProcedureLookupArgs, ProceduresArgs, ProcedureVersionArgs, UpdateProcedureArgs,
} from './dto/procedures.args';
import {
  OnlineService, Procedure, ProcedureCase, ProcedureChecklist, ProcedureConnection, ProcedureQuestion, RequiredDocument, toChecklist, toProcedure,
  toProcedureCase, toRequiredDocument,
} from './procedure.model';
import { ProceduresService } from './procedures.service';

@Resolver(() => Procedure)
export class ProceduresResolver {
  constructor(
    private readonly service: ProceduresService,
    private readonly taxonomy: TaxonomyService,
  ) {}

  @Query(() => Procedure, { nullable: true, description: 'One sheet by id or slug; null when not found or not visible' })
  async procedure(@Ctx() ctx: RequestContext, @Args() args: ProcedureLookupArgs): Promise<Procedure | null> {
    const sheet = await this.service.findOne(ctx, args);
    return sheet && toProcedure(sheet);
  }

  @Query(() => ProcedureConnection, { description: 'Sheets by title (accents and case aside), with filters' })
  async procedures(@Ctx() ctx: RequestContext, @Args() args: ProceduresArgs): Promise<InstanceType<typeof ProcedureConnection>> {
    return mapConnection(await this.service.list(ctx, args), toProcedure);
  }

  @Query(() => ProcedureChecklist, { description: 'What to bring for the chosen cases (at most one per question), printable' })
  async checklist(@Ctx() ctx: RequestContext, @Args() { sheetId, cases, channel }: ChecklistArgs): Promise<ProcedureChecklist> {
    return toChecklist(await this.service.checklist(ctx, sheetId, cases ?? [], channel));
  }

  @ResolveField(() => TaxonomyTerm, { nullable: true })
  async theme(@Ctx() ctx: RequestContext, @Parent() sheet: Procedure): Promise<TaxonomyTerm | null> {
    if (!sheet.themeId) return null;
    const term = await this.taxonomy.loadTerm(ctx, sheet.themeId);
    return term && toTaxonomyTerm(term);
  }

  @ResolveField(() => [ProcedureCase], { description: 'All the cases, in order' })
  async cases(@Ctx() ctx: RequestContext, @Parent() sheet: Procedure): Promise<ProcedureCase[]> {
    return (await this.service.loadCases(ctx, sheet.id)).map(toProcedureCase);
  }

  @ResolveField(() => [ProcedureQuestion], { description: 'The cases grouped by question: the kiosk asks one question per group' })
  async questions(@Ctx() ctx: RequestContext, @Parent() sheet: Procedure): Promise<ProcedureQuestion[]> {
    return questionsOf(await this.service.loadCases(ctx, sheet.id))
      .map(({ question, cases }) => ({ question, cases: cases.map(toProcedureCase) }));
  }

  @ResolveField(() => [RequiredDocument], { description: 'Every document of the sheet, in order; see `checklist` for one situation' })
  async documents(@Ctx() ctx: RequestContext, @Parent() sheet: Procedure): Promise<RequiredDocument[]> {
    return (await this.service.loadDocuments(ctx, sheet.id)).map(toRequiredDocument);
  }

  @ResolveField(() => [String], { description: 'The sheets this one links to, in order (what updateProcedure edits)' })
  async relatedProcedureIds(@Ctx() ctx: RequestContext, @Parent() sheet: Procedure): Promise<string[]> {
    return this.service.loadRelatedIds(ctx, sheet.id);
  }

  @ResolveField(() => [Procedure], { description: 'Related sheets both ways: its own links first, then the sheets linking to it' })
  async relatedProcedures(
    @Ctx() ctx: RequestContext,
    @Parent() sheet: Procedure,
    @Args('channel', { type: () => Channel, nullable: true }) channel?: Channel,
  ): Promise<Procedure[]> {
    return (await this.service.loadRelated(ctx, sheet.id, channel)).map(toProcedure);
  }

  @Mutation(() => Procedure)
  async createProcedure(@Ctx() ctx: RequestContext, @Args() { input, message }: CreateProcedureArgs): Promise<Procedure> {
    return toProcedure(await this.service.create(ctx, input, { message }));
  }

  @Mutation(() => Procedure, { description: 'Cases and documents, when given, replace the old ones as a whole' })
  async updateProcedure(@Ctx() ctx: RequestContext, @Args() { id, version, input, message }: UpdateProcedureArgs): Promise<Procedure> {
    return toProcedure(await this.service.update(ctx, { id, version }, input, { message }));
  }

  @Mutation(() => Procedure, { description: 'Refused while the sheet has no summary' })
  async publishProcedure(@Ctx() ctx: RequestContext, @Args() { id, version, message }: ProcedureVersionArgs): Promise<Procedure> {
    return toProcedure(await this.service.publish(ctx, { id, version }, { message }));
  }

  @Mutation(() => Procedure)
  async unpublishProcedure(@Ctx() ctx: RequestContext, @Args() { id, version, message }: ProcedureVersionArgs): Promise<Procedure> {
    return toProcedure(await this.service.unpublish(ctx, { id, version }, { message }));
  }

  @Mutation(() => DeletedContent)
  async deleteProcedure(@Ctx() ctx: RequestContext, @Args() { id, version, message }: ProcedureVersionArgs): Promise<DeletedContent> {
    const sheet = await this.service.remove(ctx, { id, version }, { message });
    return { id: sheet.id, version: sheet.version };
  }
}

@Resolver(() => OnlineService)
export class OnlineServicesResolver {
  constructor(private readonly service: ProceduresService) {}

  @ResolveField(() => Media, { nullable: true, description: 'The commune\'s own form in the media library (batched over a list); null for a link elsewhere' })
  async media(@Ctx() ctx: RequestContext, @Parent() onlineService: OnlineService): Promise<Media | null> {
    const media = await this.service.loadOnlineServiceMedia(ctx, onlineService);
    return media && toMedia(media);
  }
}
