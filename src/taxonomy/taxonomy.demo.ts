import { Vocabulary } from './vocabulary';

/** Starting lists for the demo commune; staff edit them freely afterwards. */
export const DEMO_TERMS: Record<Vocabulary, string[]> = {
  [Vocabulary.CATEGORY]: ['Sport', 'Culture', 'Social', 'Jeunesse', 'Environnement', 'Patriotique', 'Loisirs', 'Santé', 'Éducation', 'Solidarité'],
  [Vocabulary.PROCEDURE_THEME]: ['État civil', 'Identité', 'Élections', 'Véhicules', 'Déchets', 'Urbanisme', 'Enfance', 'Justice', 'Social'],
};
