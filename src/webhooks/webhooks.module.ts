import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhooksResolver } from './webhooks.resolver';
import { WebhooksService } from './webhooks.service';

/** Signed change notifications to the endpoints admins register, delivered from the change journal. */
@Module({
  providers: [WebhooksService, WebhooksResolver, WebhookDispatcher],
  exports: [WebhookDispatcher],
})
export class WebhooksModule {}
