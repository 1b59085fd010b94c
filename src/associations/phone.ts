import { parsePhoneNumberFromString, PhoneNumber } from 'libphonenumber-js';

/**
 * Phone numbers as people write them in France ("03 27 59 51 11", "+33 3 27 59 51 11",
 * "03.27.59.51.11"), stored in E.164 ("+33327595111", what a `tel:` link wants) and shown back
 * in the national format. Numbers from abroad (Anor borders Belgium) are accepted in the
 * international form and shown internationally.
 */
const DEFAULT_COUNTRY = 'FR';

function parse(input: string): PhoneNumber | undefined {
  // Letters are never part of a number we accept (libphonenumber would read "EXT" or vanity letters).
  if (/[a-z]/i.test(input)) return undefined;
  const parsed = parsePhoneNumberFromString(input.trim(), DEFAULT_COUNTRY);
  return parsed?.isValid() ? parsed : undefined;
}

export function isValidPhone(input: string): boolean {
  return parse(input) !== undefined;
}

/** E.164 form of a valid number, or null when the input is not a valid phone number. */
export function toE164(input: string): string | null {
  return parse(input)?.number ?? null;
}

/**
 * Display forms already computed: every association (and every event's organiser) in a list is
 * mapped with its phone, and libphonenumber's parse costs tens of microseconds. Bounded: emptied when full.
 */
const DISPLAY_FORMS = new Map<string, string>();
const DISPLAY_FORMS_MAX = 10_000;

/** "03 27 59 51 11" for a French number, "+32 60 21 22 33" for a foreign one. */
export function formatPhoneForDisplay(e164: string): string {
  let display = DISPLAY_FORMS.get(e164);
  if (display === undefined) {
    const parsed = parse(e164);
    display = !parsed ? e164 : parsed.country === DEFAULT_COUNTRY ? parsed.formatNational() : parsed.formatInternational();
    if (DISPLAY_FORMS.size >= DISPLAY_FORMS_MAX) DISPLAY_FORMS.clear();
    DISPLAY_FORMS.set(e164, display);
  }
  return display;
}
