/**
 * French identifiers of associations (see shared/DOMAIN.md): RNA number, SIREN and SIRET.
 * Pure functions, no I/O.
 */

export const RNA_PATTERN = /^W\d{9}$/;
const SIREN_PATTERN = /^\d{9}$/;
const SIRET_PATTERN = /^\d{14}$/;

export const LA_POSTE_SIREN = '356000000';

export function isValidRna(value: string): boolean {
  return RNA_PATTERN.test(value);
}

/** Luhn: double every second digit from the right, sum the digits, the total is a multiple of 10. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function isValidSiren(value: string): boolean {
  return SIREN_PATTERN.test(value) && luhnValid(value);
}

/**
 * 14 digits passing Luhn; La Poste's establishments (SIREN 356000000), numbered before the rule,
 * pass when their digit sum is a multiple of 5 (their head office, 35600000000048, passes Luhn).
 */
export function isValidSiret(value: string): boolean {
  if (!SIRET_PATTERN.test(value)) return false;
  if (luhnValid(value)) return true;
  if (!value.startsWith(LA_POSTE_SIREN)) return false;
  const digitSum = [...value].reduce((sum, digit) => sum + Number(digit), 0);
  return digitSum % 5 === 0;
}

/** A SIRET identifies one establishment of the company whose SIREN is its first nine digits. */
export function siretBelongsToSiren(siret: string, siren: string): boolean {
  return siret.slice(0, 9) === siren;
}
