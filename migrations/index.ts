/**
 * Every migration, in order. `npm run migration:generate -- <Name>` writes a new file and adds it
 * here; read and tidy the generated SQL before committing.
 */
import { AddAuth1795430573046 } from './1795430573046-add-auth';
import { AddContentCoreAndPages1795430686572 } from './1795430686572-add-content-core-and-pages';

import { AddTaxonomy1795430980825 } from './1795430980825-add-taxonomy';
export const ALL_MIGRATIONS: Function[] = [
  AddAuth1795430573046,
  AddContentCoreAndPages1795430686572,
  AddTaxonomy1795430980825,
];
