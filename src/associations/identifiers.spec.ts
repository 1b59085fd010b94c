import { isValidRna, isValidSiren, isValidSiret, LA_POSTE_SIREN, luhnValid, siretBelongsToSiren } from './identifiers';

/** Appends the Luhn check digit to `prefix` (computed independently of the code under test). */
function withCheckDigit(prefix: string): string {
  for (let digit = 0; digit <= 9; digit++) {
    const candidate = `${prefix}${digit}`;
    const sum = [...candidate].reverse().reduce((total, char, index) => {
      const doubled = index % 2 === 1 ? Number(char) * 2 : Number(char);
      return total + (doubled > 9 ? doubled - 9 : doubled);
    }, 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

/** Changes the last digit so that the Luhn check fails. */
const wrongLastDigit = (valid: string): string => `${valid.slice(0, -1)}${(Number(valid.slice(-1)) + 1) % 10}`;

describe('RNA number', () => {
  it('accepts W followed by 9 digits', () => {
    expect(isValidRna('W593000123')).toBe(true);
  });

  it.each(['593000123', 'W59300012', 'W5930001234', 'w593000123', 'W59300012A', ' W593000123'])('refuses %p', (value) => {
    expect(isValidRna(value)).toBe(false);
  });
});

describe('SIREN', () => {
  it('accepts a real SIREN whose Luhn check digit is right', () => {
    expect(isValidSiren('732829320')).toBe(true);
    expect(isValidSiren(LA_POSTE_SIREN)).toBe(true);
  });

  it('accepts SIRENs built with a computed check digit', () => {
    for (const prefix of ['21590012', '77567227', '40483304', '00000000']) expect(isValidSiren(withCheckDigit(prefix))).toBe(true);
  });

  it('refuses a wrong check digit', () => {
    expect(isValidSiren('732829321')).toBe(false);
    expect(isValidSiren(wrongLastDigit(withCheckDigit('21590012')))).toBe(false);
  });

  it.each(['73282932', '7328293200', '73282932A', '732 829 320', ''])('refuses the malformed %p', (value) => {
    expect(isValidSiren(value)).toBe(false);
  });
});

describe('SIRET', () => {
  it('accepts a SIRET whose Luhn check digit is right, and refuses it with a wrong one', () => {
    const siret = withCheckDigit('7328293200007');
    expect(isValidSiret(siret)).toBe(true);
    expect(isValidSiret(wrongLastDigit(siret))).toBe(false);
  });

  it('accepts La Poste establishments whose digit sum is a multiple of 5 although they fail Luhn', () => {
    // 3+5+6 + 0+0+0+0+1+0 = 15: a multiple of 5, and not Luhn-valid.
    const laPoste = '35600000001000';
    expect(luhnValid(laPoste)).toBe(false);
    expect(isValidSiret(laPoste)).toBe(true);
  });

  it('accepts the head office of La Poste, which passes Luhn', () => {
    expect(isValidSiret('35600000000048')).toBe(true);
  });

  it('refuses a La Poste SIRET whose digit sum is not a multiple of 5', () => {
    const wrong = '35600000001001';
    expect(luhnValid(wrong)).toBe(false);
    expect(isValidSiret(wrong)).toBe(false);
  });

  it('does not extend the La Poste rule to other companies', () => {
    // Digit sum 15 but not Luhn-valid, and not La Poste.
    const other = '35700000000000';
    expect(luhnValid(other)).toBe(false);
    expect(isValidSiret(other)).toBe(false);
  });

  it.each(['7328293200007', '732829320000741', '7328293200007A'])('refuses the malformed %p', (value) => {
    expect(isValidSiret(value)).toBe(false);
  });

  it('tells whether a SIRET belongs to a SIREN', () => {
    expect(siretBelongsToSiren(withCheckDigit('7328293200007'), '732829320')).toBe(true);
    expect(siretBelongsToSiren(withCheckDigit('7328293200007'), withCheckDigit('21590012'))).toBe(false);
  });
});
