import { formatPhoneForDisplay, isValidPhone, toE164 } from './phone';

describe('phone numbers', () => {
  it.each([
    ['03 27 59 51 11', '+33327595111'],
    ['+33 3 27 59 51 11', '+33327595111'],
    ['03.27.59.51.11', '+33327595111'],
    ['0327595111', '+33327595111'],
    ['0033 3 27 59 51 11', '+33327595111'],
    ['06 12 34 56 78', '+33612345678'],
    ['+32 60 21 22 33', '+3260212233'],
  ])('normalises %p to E.164', (input, e164) => {
    expect(isValidPhone(input)).toBe(true);
    expect(toE164(input)).toBe(e164);
  });

  it.each(['03 27 59 51 1', '00 00 00 00 00', '12', 'abc', '03 27 59 51 11 ext 2', '', '+33 3 27 59 51 11 12'])('refuses %p', (input) => {
    expect(isValidPhone(input)).toBe(false);
    expect(toE164(input)).toBeNull();
  });

  it('shows French numbers the French way and others internationally', () => {
    expect(formatPhoneForDisplay('+33327595111')).toBe('03 27 59 51 11');
    expect(formatPhoneForDisplay('+33612345678')).toBe('06 12 34 56 78');
    expect(formatPhoneForDisplay('+3260212233')).toBe('+32 60 21 22 33');
  });
});
