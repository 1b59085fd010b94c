import { ValidateIf } from 'class-validator';

/**
 * For update inputs: the field may be left out (no change), but if present it must be valid and
 * not null. `@IsOptional()` would let `null` through to a NOT NULL column.
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
