import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ContentTypeName } from '../content/content.types';
import { WebhookDeliveryStatus, WebhookEvent } from './webhook.types';

@ObjectType('WebhookEndpoint', { description: 'A receiver of signed change notifications (admins only)' })
export class WebhookEndpointModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  url!: string;

  @Field(() => [ContentTypeName], { description: 'Empty: every type' })
  contentTypes!: ContentTypeName[];

  @Field(() => [WebhookEvent], { description: 'Empty: every event' })
  events!: WebhookEvent[];

  @Field()
  active!: boolean;

  @Field(() => Date, { nullable: true, description: 'Since when a delivery has been failing for the whole retry period; null when healthy' })
  failingSince!: Date | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType('WebhookEndpointWithSecret', { description: 'An endpoint and its signing secret, shown this once' })
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpointModel)
  endpoint!: WebhookEndpointModel;

  @Field({ description: 'whsec_…: keep it in the receiver to check the `webhook-signature` header. It is never shown again.' })
  secret!: string;
}

@ObjectType('WebhookDelivery', { description: 'One change sent (or to be sent) to one endpoint, with its attempts' })
export class WebhookDeliveryModel {
  @Field(() => ID, { description: 'The `webhook-id` header: the same on every attempt' })
  id!: string;

  @Field(() => WebhookEvent)
  event!: WebhookEvent;

  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt; null when it got no answer' })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt got no answer (timeout, refused connection…)' })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When pending: the next attempt' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field({ description: 'The JSON body sent' })
  body!: string;
}
