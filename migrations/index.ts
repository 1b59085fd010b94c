/**
 * Every migration, in order. `npm run migration:generate -- <Name>` writes a new file and adds it
 * here; read and tidy the generated SQL before committing.
 */
import type { MigrationInterface } from 'typeorm';
import { AddAuth1795430573046 } from './1795430573046-add-auth';
import { AddContentCoreAndPages1795430686572 } from './1795430686572-add-content-core-and-pages';
import { AddTaxonomy1795430980825 } from './1795430980825-add-taxonomy';
import { AddAssociations1795431459717 } from './1795431459717-add-associations';
import { AddLegalNotices1795431560160 } from './1795431560160-add-legal-notices';
import { AddProcedures1795432301732 } from './1795432301732-add-procedures';
import { AddMedia1795432574394 } from './1795432574394-add-media';
import { AddEvents1795432842216 } from './1795432842216-add-events';
import { AddMediaUsages1795438536889 } from './1795438536889-add-media-usages';
import { PageAndProcedureMedia1795438768649 } from './1795438768649-page-and-procedure-media';
import { AddMediaFocalPoint1795440066751 } from './1795440066751-add-media-focal-point';
import { MediaUsagesKeyWithMedia1795440903165 } from './1795440903165-media-usages-key-with-media';
import { RefoldDerivedNames1796329238438 } from './1796329238438-refold-derived-names';
import { RevisionsAndAudit1796330000000 } from './1796330000000-revisions-and-audit';
import { CommuneSettingsAndNoticeDisplay1796400100000 } from './1796400100000-commune-settings-and-notice-display';
import { EventOccurrences1796400300000 } from './1796400300000-event-occurrences';
import { ProcedureCostLines1796400400000 } from './1796400400000-procedure-cost-lines';
import { ApiKeys1796400500000 } from './1796400500000-api-keys';
import { AddWebhooks1796400600000 } from './1796400600000-add-webhooks';
import { ContentChangeGeneration1796400700000 } from './1796400700000-content-change-generation';
import { JournalPublicVisibility1796400800000 } from './1796400800000-journal-public-visibility';
import { ProcedureSortTitleCollation1796400900000 } from './1796400900000-procedure-sort-title-collation';

export const ALL_MIGRATIONS: Array<new () => MigrationInterface> = [
  AddAuth1795430573046,
  AddContentCoreAndPages1795430686572,
  AddTaxonomy1795430980825,
  AddAssociations1795431459717,
  AddLegalNotices1795431560160,
  AddProcedures1795432301732,
  AddMedia1795432574394,
  AddEvents1795432842216,
  AddMediaUsages1795438536889,
  PageAndProcedureMedia1795438768649,
  AddMediaFocalPoint1795440066751,
  MediaUsagesKeyWithMedia1795440903165,
  RefoldDerivedNames1796329238438,
  RevisionsAndAudit1796330000000,
  CommuneSettingsAndNoticeDisplay1796400100000,
  EventOccurrences1796400300000,
  ProcedureCostLines1796400400000,
  ApiKeys1796400500000,
  AddWebhooks1796400600000,
  ContentChangeGeneration1796400700000,
  JournalPublicVisibility1796400800000,
  ProcedureSortTitleCollation1796400900000,
];
