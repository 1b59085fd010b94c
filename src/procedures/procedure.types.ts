import { registerEnumType } from '@nestjs/graphql';

/** Who a procedure sheet is for (a sheet may serve several). */
export enum ProcedureAudience {
  INDIVIDUALS = 'individuals',
  ASSOCIATIONS = 'associations',
  BUSINESSES = 'businesses',
}

/** Where the resident goes to carry out the procedure. */
export enum ProcedureLocationKind {
  /** The Espace Services Publics desk of the town hall. */
  TOWN_HALL_DESK = 'town_hall_desk',
  /** Another office (a town hall equipped for identity cards, the intercommunality…), named on the sheet. */
  OTHER_OFFICE = 'other_office',
  /** Only online; the desk agent can help on the kiosk. */
  ONLINE_ONLY = 'online_only',
}

export enum OnlineServiceKind {
  ONLINE_SERVICE = 'online_service',
  FORM = 'form',
}

/** What the resident brings of a document: the original, a photocopy, or both. */
export enum DocumentForm {
  ORIGINAL = 'original',
  COPY = 'copy',
  ORIGINAL_AND_COPY = 'original_and_copy',
}

export enum DocumentRequirement {
  MANDATORY = 'mandatory',
  /** Only in the situation described by the document's `condition` ("si vous êtes hébergé"). */
  CONDITIONAL = 'conditional',
}

registerEnumType(ProcedureAudience, { name: 'ProcedureAudience', description: 'Who a procedure sheet is for' });
registerEnumType(ProcedureLocationKind, { name: 'ProcedureLocationKind', description: 'Where the procedure is carried out' });
registerEnumType(OnlineServiceKind, { name: 'OnlineServiceKind', description: 'An online service or a downloadable form' });
registerEnumType(DocumentForm, { name: 'DocumentForm', description: 'Original, copy, or both' });
registerEnumType(DocumentRequirement, { name: 'DocumentRequirement', description: 'Always required, or only under a stated condition' });

/** `13753*04`: five digits, a star, the two-digit version of the form. */
export const CERFA_PATTERN = /^\d{5}\*\d{2}$/;
