import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/**
 * For update inputs: the field may be left out (no change), but if present it must be valid and
 * not null. `@IsOptional()` would let `null` through to a NOT NULL column.
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/**
 * A boolean that may come from a REST query string: "true"/"false" become booleans, anything else
 * stays as sent for @IsBoolean to refuse. Reads the raw value: implicit conversion would already
 * have turned "false" into true.
 */
export function BooleanFromQuery(): PropertyDecorator {
  return Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
    const raw = obj[key];
    return raw === 'true' ? true : raw === 'false' ? false : raw;
  });
}

/** Surrounding spaces removed from a string input before it is validated (a name typed with a trailing space). */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}
