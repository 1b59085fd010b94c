import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/request-context';
import { CreateWebhookEndpointArgs, RecentDeliveriesArgs, UpdateWebhookEndpointArgs, WebhookIdArgs } from './dto/webhook.input';
import { WebhookDeliveryModel, WebhookEndpointModel, WebhookEndpointWithSecret } from './webhook.model';
import { WebhooksService } from './webhooks.service';

/** Webhook administration: admins only (the service checks `webhooks:manage`). */
@Resolver(() => WebhookEndpointModel)
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @Query(() => [WebhookEndpointModel], { description: 'Every webhook endpoint (admins only)' })
  webhookEndpoints(@Ctx() ctx: RequestContext): Promise<WebhookEndpointModel[]> {
    return this.service.list(ctx);
  }

  @ResolveField(() => [WebhookDeliveryModel], { description: 'The most recent deliveries, newest first' })
  recentDeliveries(@Ctx() ctx: RequestContext, @Parent() endpoint: WebhookEndpointModel, @Args() { first }: RecentDeliveriesArgs): Promise<WebhookDeliveryModel[]> {
    return this.service.recentDeliveries(ctx, endpoint.id, first);
  }

  @Mutation(() => WebhookEndpointWithSecret, { description: 'Register an endpoint; its signing secret is shown this once (admins only)' })
  createWebhookEndpoint(@Ctx() ctx: RequestContext, @Args() { input }: CreateWebhookEndpointArgs): Promise<WebhookEndpointWithSecret> {
    return this.service.create(ctx, input);
  }

  @Mutation(() => WebhookEndpointModel, { description: 'Rename, re-target, filter, pause or resume an endpoint (admins only)' })
  updateWebhookEndpoint(@Ctx() ctx: RequestContext, @Args() { id, input }: UpdateWebhookEndpointArgs): Promise<WebhookEndpointModel> {
    return this.service.update(ctx, id, input);
  }

  @Mutation(() => WebhookEndpointWithSecret, { description: 'Replace the signing secret; the new one is shown this once (admins only)' })
  rotateWebhookSecret(@Ctx() ctx: RequestContext, @Args() { id }: WebhookIdArgs): Promise<WebhookEndpointWithSecret> {
    return this.service.rotateSecret(ctx, id);
  }

  @Mutation(() => Boolean, { description: 'Delete an endpoint and its deliveries (admins only)' })
  deleteWebhookEndpoint(@Ctx() ctx: RequestContext, @Args() { id }: WebhookIdArgs): Promise<boolean> {
    return this.service.remove(ctx, id);
  }

  @Mutation(() => WebhookDeliveryModel, { description: 'Send a delivered or failed delivery again, with the same id and body (admins only)' })
  replayWebhookDelivery(@Ctx() ctx: RequestContext, @Args() { id }: WebhookIdArgs): Promise<WebhookDeliveryModel> {
    return this.service.replay(ctx, id);
  }
}
