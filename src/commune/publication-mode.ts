import { registerEnumType } from '@nestjs/graphql';

/**
 * How the commune makes its acts public (CGCT L2131-1 since 1 July 2022): electronic by default;
 * communes under 3,500 inhabitants may choose paper or posting by a council vote.
 */
export enum PublicationMode {
  ELECTRONIC = 'electronic',
  PAPER = 'paper',
  POSTING = 'posting',
}

/** Paper or posting may be chosen only below this population (CGCT L2131-1). */
export const PAPER_OR_POSTING_POPULATION_LIMIT = 3500;

registerEnumType(PublicationMode, {
  name: 'PublicationMode',
  description: 'How the act is made public: electronic by default, paper or posting by council vote in communes under 3,500 inhabitants',
});
