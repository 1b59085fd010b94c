import { LegalNoticeKind } from './legal-notice-kind';
import {
  addParisCalendar, DISPLAY_RULES, displayPeriodViolation, effectiveDisplayStart, extensionViolation, instructionViolations, isCalendarDate,
  minimumDisplayUntil, noticeRuleViolations, NoticeRuleInput, noticeSlug, parisDate, parisMidnight, publicationViolations, publishedLate,
} from './legal-rules';

const paris = (local: string, offset: '+01:00' | '+02:00'): Date => new Date(`${local}${offset}`);

const VALID: NoticeRuleInput = {
  kind: LegalNoticeKind.ARRETE,
  actDate: '2026-11-02',
  meetingDate: null,
  displayFrom: paris('2026-11-03T00:00:00', '+01:00'),
  displayUntil: paris('2027-01-03T00:00:00', '+01:00'),
  instructionEndsOn: null,
  body: 'Article 1',
  summary: null,
  documentCount: 1,
};

describe('legal display rules', () => {
  it('has a rule with a legal reference for every kind', () => {
    for (const kind of Object.values(LegalNoticeKind)) {
      expect(DISPLAY_RULES[kind].legalReference).toMatch(/art\./);
      expect(DISPLAY_RULES[kind].months * 31 + DISPLAY_RULES[kind].days).toBeGreaterThanOrEqual(10);
    }
  });

  it('counts 10 days of marriage banns on the Paris wall clock across the spring DST change', () => {
    const from = paris('2026-03-20T00:00:00', '+01:00');
    const minimum = minimumDisplayUntil(LegalNoticeKind.MARRIAGE_BANNS, from);
    expect(minimum.toISOString()).toBe(paris('2026-03-30T00:00:00', '+02:00').toISOString());
    expect(minimum.getTime() - from.getTime()).toBe((10 * 24 - 1) * 3600_000);
    expect(displayPeriodViolation(LegalNoticeKind.MARRIAGE_BANNS, from, minimum)).toBeNull();
  });

  it('refuses marriage banns displayed one minute less than 10 days, saying the minimum and the article', () => {
    const from = paris('2026-06-01T08:00:00', '+02:00');
    const until = new Date(paris('2026-06-11T08:00:00', '+02:00').getTime() - 60_000);
    const violation = displayPeriodViolation(LegalNoticeKind.MARRIAGE_BANNS, from, until);
    expect(violation?.field).toBe('displayUntil');
    expect(violation?.message).toContain('at least 10 days');
    expect(violation?.message).toContain('Code civil art. 63 and 64');
    expect(violation?.message).toContain('2026-06-11 08:00 (Paris time)');
  });

  it('counts two calendar months for acts, clamping to the end of a shorter month', () => {
    const from = paris('2026-12-31T10:00:00', '+01:00');
    expect(minimumDisplayUntil(LegalNoticeKind.DELIBERATION, from).toISOString()).toBe(paris('2027-02-28T10:00:00', '+01:00').toISOString());
    const summer = paris('2026-09-15T00:00:00', '+02:00');
    expect(minimumDisplayUntil(LegalNoticeKind.PLANNING_PERMISSION_DECISION, summer).toISOString())
      .toBe(paris('2026-11-15T00:00:00', '+01:00').toISOString());
  });

  it('applies each kind its own minimum', () => {
    const from = paris('2026-05-04T00:00:00', '+02:00');
    const after = (days: number) => new Date(from.getTime() + days * 86_400_000);
    expect(displayPeriodViolation(LegalNoticeKind.PUBLIC_INQUIRY, from, after(15))).toBeNull();
    expect(displayPeriodViolation(LegalNoticeKind.PUBLIC_INQUIRY, from, after(14))?.message).toContain('R123-11');
    expect(displayPeriodViolation(LegalNoticeKind.PLANNING_PERMISSION_APPLICATION, from, after(31))).toBeNull();
    expect(displayPeriodViolation(LegalNoticeKind.PLANNING_PERMISSION_APPLICATION, from, after(30))?.message).toContain('R423-6');
    expect(displayPeriodViolation(LegalNoticeKind.ARRETE, from, after(60))?.message).toContain('at least 2 months');
    expect(displayPeriodViolation(LegalNoticeKind.ARRETE, from, after(61))).toBeNull();
  });

  it('refuses an end that is not after the start', () => {
    const from = paris('2026-05-04T00:00:00', '+02:00');
    expect(displayPeriodViolation(LegalNoticeKind.MARRIAGE_BANNS, from, from)?.message).toBe('displayUntil must be after displayFrom');
  });

  it('allows extending a display period, never shortening it', () => {
    const { kind, displayFrom, displayUntil } = VALID;
    expect(extensionViolation(kind, displayFrom, displayUntil, new Date(displayUntil.getTime() + 86_400_000))).toBeNull();
    expect(extensionViolation(kind, displayFrom, displayUntil, new Date(displayUntil.getTime() - 1))?.message).toContain('only be extended');
    expect(extensionViolation(kind, displayFrom, displayUntil, displayUntil)?.field).toBe('displayUntil');
  });

  it('accepts a complete notice', () => {
    expect(noticeRuleViolations(VALID)).toEqual([]);
  });

  it('names each broken rule on its field', () => {
    const violations = noticeRuleViolations({
      ...VALID,
      kind: LegalNoticeKind.DELIBERATION,
      displayFrom: paris('2026-11-01T12:00:00', '+01:00'),
      instructionEndsOn: '2026-12-01',
      body: '  ',
      summary: null,
    });
    expect(violations.map((violation) => violation.field).sort()).toEqual(['body', 'displayFrom', 'instructionEndsOn', 'meetingDate']);
    expect(violations.find((violation) => violation.field === 'body')?.message).toContain('RGAA 13.3');
  });

  it('accepts a summary as the accessible alternative, and needs none without documents', () => {
    expect(noticeRuleViolations({ ...VALID, body: '', summary: 'Interdiction de circuler du 4 au 8 novembre' })).toEqual([]);
    expect(noticeRuleViolations({ ...VALID, body: '', documentCount: 0 })).toEqual([]);
  });

  it('refuses a council meeting after the act date', () => {
    const violations = noticeRuleViolations({ ...VALID, kind: LegalNoticeKind.DELIBERATION, meetingDate: '2026-11-05' });
    expect(violations).toEqual([{ field: 'meetingDate', message: 'The council meeting cannot be after the act date' }]);
  });
});

describe('calendar helpers', () => {
  it('builds a readable slug from kind, year and number', () => {
    expect(noticeSlug(LegalNoticeKind.ARRETE, 2026, '2026-045')).toBe('arrete-2026-045');
    expect(noticeSlug(LegalNoticeKind.LIST_OF_DELIBERATIONS, 2026, 'CM/12')).toBe('list-of-deliberations-2026-cm-12');
  });

  it('recognises real calendar dates only', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
  });

  it('gives the Paris date of an instant, which differs from UTC around midnight', () => {
    expect(parisDate(new Date('2026-11-02T23:30:00Z'))).toBe('2026-11-03');
    expect(parisDate(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(parisDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('adds days across the autumn DST change on the wall clock', () => {
    const from = paris('2026-10-20T09:00:00', '+02:00');
    expect(addParisCalendar(from, { days: 10 }).toISOString()).toBe(paris('2026-10-30T09:00:00', '+01:00').toISOString());
  });
});

describe('display from publication', () => {
  const published = paris('2026-12-03T10:00:00', '+01:00');

  it('starts the display at publication when displayFrom is earlier, and at displayFrom when it is later', () => {
    expect(effectiveDisplayStart(paris('2026-11-23T00:00:00', '+01:00'), published)).toEqual(published);
    const later = paris('2026-12-10T00:00:00', '+01:00');
    expect(effectiveDisplayStart(later, published)).toEqual(later);
  });

  it('refuses to publish a window that has already ended, on displayUntil', () => {
    const violations = publicationViolations({ kind: LegalNoticeKind.ARRETE, displayFrom: paris('2026-09-01T00:00:00', '+02:00'), displayUntil: paris('2026-11-02T00:00:00', '+01:00') }, published);
    expect(violations.map((violation) => violation.field)).toEqual(['displayUntil']);
    expect(violations[0].message).toContain('already ended');
  });

  it('counts the legal minimum from publication, not from an earlier displayFrom', () => {
    const notice = { kind: LegalNoticeKind.ARRETE, displayFrom: paris('2026-11-23T00:00:00', '+01:00'), displayUntil: paris('2027-01-23T00:00:00', '+01:00') };
    expect(noticeRuleViolations({ ...VALID, ...notice, actDate: '2026-11-20' })).toEqual([]);
    const violations = publicationViolations(notice, published);
    expect(violations.map((violation) => violation.field)).toEqual(['displayUntil']);
    expect(violations[0].message).toContain('2027-02-03 10:00 (Paris time)');
    expect(publicationViolations({ ...notice, displayUntil: paris('2027-02-03T10:00:00', '+01:00') }, published)).toEqual([]);
  });
});

describe('planning-permission instruction', () => {
  const application = {
    kind: LegalNoticeKind.PLANNING_PERMISSION_APPLICATION, actDate: '2026-11-02',
    displayFrom: paris('2026-11-03T00:00:00', '+01:00'), displayUntil: paris('2026-12-03T00:00:00', '+01:00'),
  };

  it('keeps the one-month floor when the end of instruction is unknown', () => {
    expect(instructionViolations({ ...application, instructionEndsOn: null })).toEqual([]);
    expect(noticeRuleViolations({ ...VALID, ...application })).toEqual([]);
  });

  it('refuses a display that ends before the instruction is over (its last day included)', () => {
    const violations = instructionViolations({ ...application, instructionEndsOn: '2027-01-03' });
    expect(violations.map((violation) => violation.field)).toEqual(['displayUntil']);
    expect(violations[0].message).toContain('2027-01-04 00:00 (Paris time)');
    expect(instructionViolations({ ...application, instructionEndsOn: '2027-01-03', displayUntil: parisMidnight('2027-01-04') })).toEqual([]);
  });

  it('refuses an end of instruction on another kind, or before the application', () => {
    expect(instructionViolations({ ...application, kind: LegalNoticeKind.ARRETE, instructionEndsOn: '2026-11-20' }).map((v) => v.field)).toEqual(['instructionEndsOn']);
    expect(instructionViolations({ ...application, instructionEndsOn: '2026-10-20' }).map((v) => v.field)).toEqual(['instructionEndsOn']);
  });
});

describe('late list of deliberations', () => {
  it('marks a list put on display more than a week after its meeting (Paris days), and nothing else', () => {
    const list = LegalNoticeKind.LIST_OF_DELIBERATIONS;
    expect(publishedLate(list, '2026-11-02', paris('2026-11-09T23:59:00', '+01:00'))).toBe(false);
    expect(publishedLate(list, '2026-11-02', paris('2026-11-10T00:00:00', '+01:00'))).toBe(true);
    expect(publishedLate(list, '2026-11-02', null)).toBeNull();
    expect(publishedLate(LegalNoticeKind.DELIBERATION, '2026-11-02', paris('2026-12-10T00:00:00', '+01:00'))).toBeNull();
  });
});
