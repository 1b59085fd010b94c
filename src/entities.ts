import { AssociationCategoryEntity, AssociationEntity } from './associations/association.entity';
import { AuditEventEntity } from './audit/audit-event.entity';
import { CommuneSettingsEntity } from './commune/commune-settings.entity';
import { ContentJournalEntry } from './content/content-journal.entity';
import { ContentRevisionEntity } from './content/content-revision.entity';
import { EventCategoryEntity, EventEntity } from './events/event.entity';
import { EventOccurrenceEntity } from './events/event-occurrence.entity';
import { LegalNoticeEntity } from './legal-notices/legal-notice.entity';
import { MediaEntity } from './media/media.entity';
import { MediaUsageEntity } from './media/media-usage.entity';
import { PageEntity } from './pages/page.entity';
import { PROCEDURE_ENTITIES } from './procedures/procedure.entity';
import { TaxonomyTermEntity } from './taxonomy/taxonomy-term.entity';
import { AuthSession } from './auth/auth-session.entity';
import { LoginFailure } from './auth/login-failure.entity';
import { RefreshToken } from './auth/refresh-token.entity';
import { User } from './auth/user.entity';
import { ApiKeyEntity } from './api-keys/api-key.entity';
import { WebhookDeliveryEntity } from './webhooks/webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhooks/webhook-endpoint.entity';

/**
 * Every TypeORM entity, listed once: used by the app, the CLI, the migration generator and the
 * drift test. A new entity must be added here.
 */
export const ALL_ENTITIES: Array<new (...args: never[]) => object> = [
  User, AuthSession, RefreshToken, LoginFailure, ApiKeyEntity,
  ContentJournalEntry, ContentRevisionEntity, AuditEventEntity,
  CommuneSettingsEntity,
  PageEntity,
  TaxonomyTermEntity,
  LegalNoticeEntity,
  AssociationEntity, AssociationCategoryEntity,
  EventEntity, EventCategoryEntity, EventOccurrenceEntity,
  ...PROCEDURE_ENTITIES,
  MediaEntity, MediaUsageEntity,
  WebhookEndpointEntity, WebhookDeliveryEntity,
];
