import { registerEnumType } from '@nestjs/graphql';

/** The managed lists. `category` is shared by associations and events (sport, culture…). */
export enum Vocabulary {
  CATEGORY = 'category',
  PROCEDURE_THEME = 'procedure_theme',
}

registerEnumType(Vocabulary, { name: 'Vocabulary', description: 'A staff-managed list of terms' });
