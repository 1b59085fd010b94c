import { registerEnumType } from '@nestjs/graphql';

/** What the commune must make public; the legal display rules depend on it (legal-rules.ts). */
export enum LegalNoticeKind {
  DELIBERATION = 'deliberation',
  LIST_OF_DELIBERATIONS = 'list_of_deliberations',
  ARRETE = 'arrete',
  DECISION = 'decision',
  MARRIAGE_BANNS = 'marriage_banns',
  PLANNING_PERMISSION_APPLICATION = 'planning_permission_application',
  PLANNING_PERMISSION_DECISION = 'planning_permission_decision',
  PUBLIC_INQUIRY = 'public_inquiry',
  OTHER = 'other',
}

/** Defined with the commune settings, which hold the mode in force; each published notice records it. */
export { PublicationMode } from '../commune/publication-mode';

registerEnumType(LegalNoticeKind, {
  name: 'LegalNoticeKind',
  description: 'Kind of act or notice; sets the minimum display period',
  valuesMap: {
    DELIBERATION: { description: 'Délibération du conseil municipal' },
    LIST_OF_DELIBERATIONS: { description: 'Liste des délibérations examinées en séance' },
    ARRETE: { description: 'Arrêté du maire' },
    DECISION: { description: 'Décision (du maire par délégation du conseil)' },
    MARRIAGE_BANNS: { description: 'Publication de mariage (bans)' },
    PLANNING_PERMISSION_APPLICATION: { description: "Avis de dépôt d'une demande d'autorisation d'urbanisme" },
    PLANNING_PERMISSION_DECISION: { description: "Extrait de décision d'autorisation d'urbanisme" },
    PUBLIC_INQUIRY: { description: "Avis d'enquête publique" },
    OTHER: { description: 'Autre acte ou avis' },
  },
});
