import { FieldError } from '../common/errors';
import { siretBelongsToSiren } from './identifiers';

/** The fields whose validity depends on another field, as they will be saved (after an update is merged). */
export interface CrossFieldValues {
  latitude: number | null;
  longitude: number | null;
  siren: string | null;
  siret: string | null;
}

/**
 * Rules between fields that a DTO cannot check alone, on the merged values of a create or an
 * update. `given(field)` tells whether the client sent that field, so the error points at what
 * they changed; paths are prefixed with `prefix` (e.g. `input`).
 */
export function crossFieldErrors(values: CrossFieldValues, given: (field: keyof CrossFieldValues) => boolean,
  prefix = 'input'): FieldError[] {
  const errors: FieldError[] = [];
  const path = (field: keyof CrossFieldValues): string => `${prefix}.${field}`;
  if (values.latitude !== null && values.longitude === null) {
    errors.push({ path: path('longitude'), message: 'Give the longitude with the latitude (both or neither)' });
  } else if (values.longitude !== null && values.latitude === null) {
    errors.push({ path: path('latitude'), message: 'Give the latitude with the longitude (both or neither)' });
  }
  if (values.siren !== null && values.siret !== null && !siretBelongsToSiren(values.siret, values.siren)) {
    const field = given('siret') || !given('siren') ? 'siret' : 'siren';
    errors.push({ path: path(field), message: `The SIRET must start with the SIREN (${values.siren})` });
  }
  return errors;
}
