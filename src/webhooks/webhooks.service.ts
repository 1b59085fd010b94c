import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventKind } from '../audit/audit-event.entity';
import { AuditTrail } from '../audit/audit-trail.service';
import { requirePermission } from '../auth/permissions';
import { DomainError, ErrorCode, invalidField, notFound } from '../common/errors';
import type { RequestContext } from '../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/config';
import type { ContentTypeName } from '../content/content.types';
import { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from './dto/webhook.input';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookDeliveryModel, WebhookEndpointModel, WebhookEndpointWithSecret } from './webhook.model';
import { newWebhookSecret } from './webhook-signature';
import { resolveTarget, urlProblem } from './webhook-target';
import { WebhookDeliveryStatus } from './webhook.types';

/** Admins register, change, pause, delete webhook endpoints, read their deliveries and replay one. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(ctx: RequestContext): Promise<WebhookEndpointModel[]> {
    requirePermission(ctx, 'webhooks:manage');
    const endpoints = await this.dataSource.getRepository(WebhookEndpointEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return endpoints.map(toModel);
  }

  async create(ctx: RequestContext, input: CreateWebhookEndpointInput): Promise<WebhookEndpointWithSecret> {
    const actor = requirePermission(ctx, 'webhooks:manage');
    await this.checkUrl(input.url, 'input.url');
    const secret = newWebhookSecret();
    return this.dataSource.transaction(async (manager) => {
      // It starts at the journal's head: it receives what changes from now on (sync serves the past).
      const [{ head }] = await manager.query<Array<{ head: string }>>(`SELECT coalesce(max(seq), 0)::text AS head FROM content_journal`);
      const saved = await manager.getRepository(WebhookEndpointEntity).save(manager.getRepository(WebhookEndpointEntity).create({
        name: input.name, url: input.url, secret, contentTypes: input.contentTypes ?? [], events: input.events ?? [],
        active: true, failingSince: null, lastSeq: head, createdBy: actor.userId,
      }));
      await this.audit.record(manager, { kind: AuditEventKind.WEBHOOK_CREATE, actorId: actor.userId, apiKeyId: actor.apiKeyId ?? null, subjectType: 'webhook', subjectId: saved.id,
        detail: { name: saved.name, url: saved.url } });
      return { endpoint: toModel(saved), secret };
    });
  }

  async update(ctx: RequestContext, id: string, input: UpdateWebhookEndpointInput): Promise<WebhookEndpointModel> {
    const actor = requirePermission(ctx, 'webhooks:manage');
    if (input.url !== undefined) await this.checkUrl(input.url, 'input.url');
    return this.dataSource.transaction(async (manager) => {
      const endpoint = await this.lockEndpoint(manager, id);
      if (input.name !== undefined) endpoint.name = input.name;
      if (input.url !== undefined) endpoint.url = input.url;
      if (input.contentTypes !== undefined) endpoint.contentTypes = input.contentTypes;
      if (input.events !== undefined) endpoint.events = input.events;
      if (input.active !== undefined) endpoint.active = input.active;
      const saved = await manager.getRepository(WebhookEndpointEntity).save(endpoint);
      await this.audit.record(manager, { kind: AuditEventKind.WEBHOOK_UPDATE, actorId: actor.userId, apiKeyId: actor.apiKeyId ?? null, subjectType: 'webhook', subjectId: id,
        detail: { changed: Object.keys(input) } });
      return toModel(saved);
    });
  }

  /** A new secret, shown once; the old one stops signing at once. */
  async rotateSecret(ctx: RequestContext, id: string): Promise<WebhookEndpointWithSecret> {
    const actor = requirePermission(ctx, 'webhooks:manage');
    return this.dataSource.transaction(async (manager) => {
      const endpoint = await this.lockEndpoint(manager, id);
      endpoint.secret = newWebhookSecret();
      const saved = await manager.getRepository(WebhookEndpointEntity).save(endpoint);
      await this.audit.record(manager, { kind: AuditEventKind.WEBHOOK_UPDATE, actorId: actor.userId, apiKeyId: actor.apiKeyId ?? null, subjectType: 'webhook', subjectId: id,
        detail: { changed: ['secret'] } });
      return { endpoint: toModel(saved), secret: saved.secret };
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<boolean> {
    const actor = requirePermission(ctx, 'webhooks:manage');
    return this.dataSource.transaction(async (manager) => {
      const endpoint = await this.lockEndpoint(manager, id);
      await manager.getRepository(WebhookEndpointEntity).delete({ id });
      await this.audit.record(manager, { kind: AuditEventKind.WEBHOOK_DELETE, actorId: actor.userId, apiKeyId: actor.apiKeyId ?? null, subjectType: 'webhook', subjectId: id,
        detail: { name: endpoint.name, url: endpoint.url } });
      return true;
    });
  }

  async recentDeliveries(ctx: RequestContext, endpointId: string, first: number): Promise<WebhookDeliveryModel[]> {
    requirePermission(ctx, 'webhooks:manage');
    const rows = await this.dataSource.getRepository(WebhookDeliveryEntity).find({
      where: { endpointId }, order: { createdAt: 'DESC', journalSeq: 'DESC' }, take: first,
    });
    return rows.map(toDeliveryModel);
  }

  /** Sends a delivery again, with the same id and body, as soon as the dispatcher runs; a new retry period starts. */
  async replay(ctx: RequestContext, deliveryId: string): Promise<WebhookDeliveryModel> {
    const actor = requirePermission(ctx, 'webhooks:manage');
    return this.dataSource.transaction(async (manager) => {
      const delivery = await manager.getRepository(WebhookDeliveryEntity).findOne({ where: { id: deliveryId }, lock: { mode: 'pessimistic_write' } });
      if (!delivery) throw notFound('Webhook delivery');
      if (delivery.status === WebhookDeliveryStatus.PENDING) {
        throw new DomainError(ErrorCode.CONFLICT, 'This delivery is still pending: it will be attempted again without a replay');
      }
      const now = new Date();
      delivery.status = WebhookDeliveryStatus.PENDING;
      delivery.nextAttemptAt = now;
      delivery.retryUntil = new Date(now.getTime() + this.config.webhooks.retryForMs);
      delivery.leaseUntil = null;
      const saved = await manager.getRepository(WebhookDeliveryEntity).save(delivery);
      await this.audit.record(manager, { kind: AuditEventKind.WEBHOOK_REPLAY, actorId: actor.userId, apiKeyId: actor.apiKeyId ?? null, subjectType: 'webhook',
        subjectId: delivery.endpointId, detail: { deliveryId } });
      return toDeliveryModel(saved);
    });
  }

  private async lockEndpoint(manager: EntityManager, id: string): Promise<WebhookEndpointEntity> {
    const endpoint = await manager.getRepository(WebhookEndpointEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!endpoint) throw notFound('Webhook endpoint');
    return endpoint;
  }

  /** The form of the URL, then where its host points (SSRF): refused with the reason, on the field. */
  private async checkUrl(url: string, field: string): Promise<void> {
    const rules = this.config.webhooks;
    const problem = urlProblem(url, rules);
    if (problem) throw invalidField(field, `The URL ${problem}`);
    try {
      await resolveTarget(new URL(url).hostname, rules.allowPrivateAddresses);
    } catch (error) {
      throw invalidField(field, `The URL cannot be used: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function toModel(entity: WebhookEndpointEntity): WebhookEndpointModel {
  return {
    id: entity.id, name: entity.name, url: entity.url, contentTypes: entity.contentTypes as ContentTypeName[], events: entity.events,
    active: entity.active, failingSince: entity.failingSince, createdAt: entity.createdAt, updatedAt: entity.updatedAt,
  };
}

function toDeliveryModel(entity: WebhookDeliveryEntity): WebhookDeliveryModel {
  return {
    id: entity.id, event: entity.event, status: entity.status, attempts: entity.attempts, lastStatusCode: entity.lastStatusCode,
    lastError: entity.lastError, lastAttemptAt: entity.lastAttemptAt,
    nextAttemptAt: entity.status === WebhookDeliveryStatus.PENDING ? entity.nextAttemptAt : null,
    deliveredAt: entity.deliveredAt, createdAt: entity.createdAt, body: entity.body,
  };
}
