import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { mapConnection } from '../common/pagination/connection';
import { Ctx, RequestContext } from '../common/request-context';
import { DeletedContent } from '../content/deleted-content.model';
import { Media, toMedia } from '../media/media.model';
import { TaxonomyTerm, toTaxonomyTerm } from '../taxonomy/taxonomy-term.model';
import { Association, AssociationConnection, toAssociation } from './association.model';
import { AssociationsService } from './associations.service';
import {
  AssociationLookupArgs, AssociationsArgs, AssociationVersionArgs, CreateAssociationArgs, CreateAssociationsArgs, UpdateAssociationArgs,
} from './dto/associations.args';

@Resolver(() => Association)
export class AssociationsResolver {
  constructor(private readonly service: AssociationsService) {}

  @Query(() => Association, { nullable: true, description: 'One association by id or slug; null when not found or not visible' })
  async association(@Ctx() ctx: RequestContext, @Args() args: AssociationLookupArgs): Promise<Association | null> {
    const association = await this.service.findOne(ctx, args);
    return association && toAssociation(association);
  }

  @Query(() => AssociationConnection, { description: 'The directory in French alphabetical order, with filters' })
  async associations(@Ctx() ctx: RequestContext, @Args() args: AssociationsArgs): Promise<InstanceType<typeof AssociationConnection>> {
    return mapConnection(await this.service.list(ctx, args), toAssociation);
  }

  @ResolveField(() => [TaxonomyTerm], { description: 'Its categories, main one first' })
  async categories(@Ctx() ctx: RequestContext, @Parent() association: Association): Promise<TaxonomyTerm[]> {
    return (await this.service.loadCategories(ctx, association.id)).map(toTaxonomyTerm);
  }

  @ResolveField(() => Media, { nullable: true, description: 'Its logo, from the media library' })
  async logo(@Ctx() ctx: RequestContext, @Parent() association: Association): Promise<Media | null> {
    const media = await this.service.loadLogo(ctx, association);
    return media && toMedia(media);
  }

  @Mutation(() => Association)
  async createAssociation(@Ctx() ctx: RequestContext, @Args() { input, message }: CreateAssociationArgs): Promise<Association> {
    return toAssociation(await this.service.create(ctx, input, { message }));
  }

  @Mutation(() => [Association], { description: 'Create several draft associations in one transaction: all of them, or none with every error listed (paths inputs.<index>.<field>)' })
  async createAssociations(@Ctx() ctx: RequestContext, @Args() { inputs, message }: CreateAssociationsArgs): Promise<Association[]> {
    return (await this.service.createMany(ctx, inputs, { message })).map(toAssociation);
  }

  @Mutation(() => Association)
  async updateAssociation(@Ctx() ctx: RequestContext, @Args() { id, version, input, message }: UpdateAssociationArgs): Promise<Association> {
    return toAssociation(await this.service.update(ctx, { id, version }, input, { message }));
  }

  @Mutation(() => Association)
  async publishAssociation(@Ctx() ctx: RequestContext, @Args() { id, version, message }: AssociationVersionArgs): Promise<Association> {
    return toAssociation(await this.service.publish(ctx, { id, version }, { message }));
  }

  @Mutation(() => Association)
  async unpublishAssociation(@Ctx() ctx: RequestContext, @Args() { id, version, message }: AssociationVersionArgs): Promise<Association> {
    return toAssociation(await this.service.unpublish(ctx, { id, version }, { message }));
  }

  @Mutation(() => DeletedContent)
  async deleteAssociation(@Ctx() ctx: RequestContext, @Args() { id, version, message }: AssociationVersionArgs): Promise<DeletedContent> {
    const association = await this.service.remove(ctx, { id, version }, { message });
    return { id: association.id, version: association.version };
  }
}
