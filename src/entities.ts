import { AssociationCategoryEntity, AssociationEntity } from './associations/association.entity';
import { ContentJournalEntry } from './content/content-journal.entity';
import { EventCategoryEntity, EventEntity } from './events/event.entity';
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

/**
 * Every TypeORM entity, listed once: used by the app, the CLI, the migration generator and the
 * drift test. A new entity must be added here.
 */
export const ALL_ENTITIES: Function[] = [
  User, AuthSession, RefreshToken, LoginFailure,
  ContentJournalEntry,
  PageEntity,
  TaxonomyTermEntity,
  LegalNoticeEntity,
  AssociationEntity, AssociationCategoryEntity,
  EventEntity, EventCategoryEntity,
  ...PROCEDURE_ENTITIES,
  MediaEntity, MediaUsageEntity,
];
