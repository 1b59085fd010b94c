import { LegalNoticeKind } from './legal-notice-kind';

/**
 * The legal rules of "affichage légal", as pure functions (no Nest, no database).
 *
 * Minimum display periods by kind (DOMAIN.md, "Legal notices"):
 *
 * | kind                            | minimum  | reference                                                         |
 * |---------------------------------|----------|-------------------------------------------------------------------|
 * | deliberation                    | 2 months | CGCT L2131-1, R2131-1                                             |
 * | list_of_deliberations           | 2 months | CGCT L2121-25 (online within a week of the meeting), L2131-1      |
 * | arrete, decision, other         | 2 months | CGCT L2131-1, R2131-1                                             |
 * | marriage_banns                  | 10 days  | Code civil art. 63 and 64                                         |
 * | planning_permission_application | 1 month  | Code de l'urbanisme R423-6 (whole instruction; shortest is 1 month, R423-23) |
 * | planning_permission_decision    | 2 months | Code de l'urbanisme R424-15, R600-2                               |
 * | public_inquiry                  | 15 days  | Code de l'environnement R123-11 (15 days before and throughout)   |
 *
 * The display period runs from the moment the act is put online, never earlier (DOMAIN.md): at
 * publication the effective start is the later of `displayFrom` and the publication time, every
 * minimum is counted from it, and a window that has already ended cannot be published. A draft's
 * `displayFrom` is kept as declared; the effective start is stored apart (`effectiveDisplayFrom`).
 *
 * Periods are counted on the Paris wall clock: "10 days from 20 March 00:00" ends on 30 March
 * 00:00 Paris time even though a DST change makes that 239 hours; "2 months from 31 December"
 * ends on 28/29 February (the last day of a shorter month).
 */

export const TIME_ZONE = 'Europe/Paris';

export interface DisplayRule {
  kind: LegalNoticeKind;
  months: number;
  days: number;
  /** For people: "2 months", "10 days". */
  label: string;
  legalReference: string;
}

const CGCT_ACTS = 'CGCT art. L2131-1 and R2131-1';

function rule(kind: LegalNoticeKind, period: { months?: number; days?: number }, legalReference: string): DisplayRule {
  const months = period.months ?? 0;
  const days = period.days ?? 0;
  const label = months > 0 ? `${months} month${months > 1 ? 's' : ''}` : `${days} day${days > 1 ? 's' : ''}`;
  return { kind, months, days, label, legalReference };
}

export const DISPLAY_RULES: Readonly<Record<LegalNoticeKind, DisplayRule>> = {
  [LegalNoticeKind.DELIBERATION]: rule(LegalNoticeKind.DELIBERATION, { months: 2 }, CGCT_ACTS),
  [LegalNoticeKind.LIST_OF_DELIBERATIONS]: rule(LegalNoticeKind.LIST_OF_DELIBERATIONS, { months: 2 },
    'CGCT art. L2121-25 (online within a week of the meeting) and L2131-1'),
  [LegalNoticeKind.ARRETE]: rule(LegalNoticeKind.ARRETE, { months: 2 }, CGCT_ACTS),
  [LegalNoticeKind.DECISION]: rule(LegalNoticeKind.DECISION, { months: 2 }, CGCT_ACTS),
  [LegalNoticeKind.MARRIAGE_BANNS]: rule(LegalNoticeKind.MARRIAGE_BANNS, { days: 10 }, 'Code civil art. 63 and 64'),
  [LegalNoticeKind.PLANNING_PERMISSION_APPLICATION]: rule(LegalNoticeKind.PLANNING_PERMISSION_APPLICATION, { months: 1 },
    "Code de l'urbanisme art. R423-6 (for the whole instruction, whose shortest period is one month, R423-23)"),
  [LegalNoticeKind.PLANNING_PERMISSION_DECISION]: rule(LegalNoticeKind.PLANNING_PERMISSION_DECISION, { months: 2 },
    "Code de l'urbanisme art. R424-15 and R600-2 (the appeal period runs from two continuous months of posting)"),
  [LegalNoticeKind.PUBLIC_INQUIRY]: rule(LegalNoticeKind.PUBLIC_INQUIRY, { days: 15 },
    "Code de l'environnement art. R123-11 (at least 15 days before the inquiry opens and throughout it)"),
  [LegalNoticeKind.OTHER]: rule(LegalNoticeKind.OTHER, { months: 2 }, `${CGCT_ACTS} (acts in general)`),
};

/** Kinds whose act belongs to a council meeting: the meeting date is required. */
export const MEETING_KINDS: ReadonlySet<LegalNoticeKind> = new Set([LegalNoticeKind.DELIBERATION, LegalNoticeKind.LIST_OF_DELIBERATIONS]);

// ---- Paris wall clock ----------------------------------------------------------------------------

interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const parisFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE, hourCycle: 'h23',
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

function parisWallClock(instant: Date): WallClock {
  const parts: Record<string, number> = {};
  for (const part of parisFormat.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second,
    millisecond: instant.getUTCMilliseconds(),
  };
}

function wallClockAsUtc(wall: WallClock): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
}

/** The instant at which Paris clocks show `wall` (the later one when a DST change skips it). */
function fromParisWallClock(wall: WallClock): Date {
  const asUtc = wallClockAsUtc(wall);
  const offsetAt = (instant: number): number => wallClockAsUtc(parisWallClock(new Date(instant))) - instant;
  const first = asUtc - offsetAt(asUtc);
  const second = asUtc - offsetAt(first);
  return new Date(Math.max(first, second));
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds calendar months then days on the Paris wall clock (a month end is clamped: 31 Dec + 2 months = 28/29 Feb). */
export function addParisCalendar(instant: Date, period: { months?: number; days?: number }): Date {
  const wall = parisWallClock(instant);
  const monthIndex = wall.month - 1 + (period.months ?? 0);
  const year = wall.year + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const day = Math.min(wall.day, daysInMonth(year, month));
  const shifted = new Date(Date.UTC(year, month - 1, day + (period.days ?? 0)));
  return fromParisWallClock({
    ...wall, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(),
  });
}

const pad = (value: number, length = 2): string => String(value).padStart(length, '0');

/** The calendar date (YYYY-MM-DD) in Paris at this instant. */
export function parisDate(instant: Date): string {
  const wall = parisWallClock(instant);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** `2026-03-30 00:00 (Paris time)`, for messages. */
export function formatParis(instant: Date): string {
  const wall = parisWallClock(instant);
  return `${parisDate(instant)} ${pad(wall.hour)}:${pad(wall.minute)} (Paris time)`;
}

/** The instant Paris clocks show 00:00 on this calendar date (YYYY-MM-DD), `days` later if given. */
export function parisMidnight(calendarDate: string, days = 0): Date {
  const [year, month, day] = calendarDate.split('-').map(Number);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return fromParisWallClock({
    year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), hour: 0, minute: 0, second: 0, millisecond: 0,
  });
}

/** A real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function yearOf(calendarDate: string): number {
  return Number(calendarDate.slice(0, 4));
}

/** A readable slug for URLs: `arrete-2026-045`; the year is added when the number does not start with it. */
export function noticeSlug(kind: LegalNoticeKind, year: number, reference: string): string {
  const number = reference.startsWith(String(year)) ? reference : `${year}-${reference}`;
  return `${kind}-${number}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

// ---- rules -----------------------------------------------------------------------------------------

/** The earliest `displayUntil` the law accepts for a notice of this kind displayed from `displayFrom`. */
export function minimumDisplayUntil(kind: LegalNoticeKind, displayFrom: Date): Date {
  const { months, days } = DISPLAY_RULES[kind];
  return addParisCalendar(displayFrom, { months, days });
}

export interface RuleViolation {
  /** Field name in the notice (the service prefixes it with the argument name, e.g. `input.`). */
  field: string;
  message: string;
}

const KIND_NAMES: Record<LegalNoticeKind, string> = {
  [LegalNoticeKind.DELIBERATION]: 'A deliberation',
  [LegalNoticeKind.LIST_OF_DELIBERATIONS]: 'A list of deliberations',
  [LegalNoticeKind.ARRETE]: "A mayor's order (arrêté)",
  [LegalNoticeKind.DECISION]: 'A decision',
  [LegalNoticeKind.MARRIAGE_BANNS]: 'A marriage banns notice',
  [LegalNoticeKind.PLANNING_PERMISSION_APPLICATION]: 'A planning-permission application notice',
  [LegalNoticeKind.PLANNING_PERMISSION_DECISION]: 'A planning-permission decision',
  [LegalNoticeKind.PUBLIC_INQUIRY]: 'A public-inquiry notice',
  [LegalNoticeKind.OTHER]: 'An act',
};

/** The display period: `displayUntil` after `displayFrom`, and at least the legal minimum for the kind. */
export function displayPeriodViolation(kind: LegalNoticeKind, displayFrom: Date, displayUntil: Date, countedFromOnline = false): RuleViolation | null {
  if (displayUntil.getTime() <= displayFrom.getTime()) {
    return { field: 'displayUntil', message: 'displayUntil must be after displayFrom' };
  }
  const minimum = minimumDisplayUntil(kind, displayFrom);
  if (displayUntil.getTime() < minimum.getTime()) {
    const { label, legalReference } = DISPLAY_RULES[kind];
    const counted = countedFromOnline ? `, counted from when it goes on display, ${formatParis(displayFrom)}` : '';
    return {
      field: 'displayUntil',
      message: `${KIND_NAMES[kind]} must stay on display at least ${label} (${legalReference})${counted}: displayUntil must be ${formatParis(minimum)} or later`,
    };
  }
  return null;
}

/** When a notice put online at `onlineAt` actually goes on display: the later of its `displayFrom` and that moment. */
export function effectiveDisplayStart(displayFrom: Date, onlineAt: Date): Date {
  return displayFrom.getTime() >= onlineAt.getTime() ? displayFrom : onlineAt;
}

/** What a notice must satisfy to go online at `onlineAt`: its window not over, the legal minimum counted from the effective start. */
export function publicationViolations(notice: Pick<NoticeRuleInput, 'kind' | 'displayFrom' | 'displayUntil'>, onlineAt: Date): RuleViolation[] {
  if (notice.displayUntil.getTime() <= onlineAt.getTime()) {
    return [{
      field: 'displayUntil',
      message: `The display period ended on ${formatParis(notice.displayUntil)}: a notice is displayed from the moment it is put online, `
        + 'so a window that has already ended cannot be published. Give a displayUntil that leaves the legal minimum from now',
    }];
  }
  const period = displayPeriodViolation(notice.kind, effectiveDisplayStart(notice.displayFrom, onlineAt), notice.displayUntil, true);
  return period ? [period] : [];
}

/** The instant the instruction that ends on `instructionEndsOn` (its last day, YYYY-MM-DD) is over: the next midnight in Paris. */
export function instructionOver(instructionEndsOn: string): Date {
  return parisMidnight(instructionEndsOn, 1);
}

/**
 * Planning-permission application notices stay on display for the whole instruction (R423-6):
 * staff enter its last day and `displayUntil` cannot be earlier; other kinds have no instruction.
 */
export function instructionViolations(notice: Pick<NoticeRuleInput, 'kind' | 'actDate' | 'displayUntil' | 'instructionEndsOn'>): RuleViolation[] {
  const { instructionEndsOn } = notice;
  if (!instructionEndsOn) return [];
  if (notice.kind !== LegalNoticeKind.PLANNING_PERMISSION_APPLICATION) {
    return [{ field: 'instructionEndsOn', message: 'Only a planning-permission application notice has an instruction period: leave instructionEndsOn out' }];
  }
  if (instructionEndsOn < notice.actDate) {
    return [{ field: 'instructionEndsOn', message: `The instruction cannot end before the application: instructionEndsOn must be on or after the act date ${notice.actDate}` }];
  }
  const over = instructionOver(instructionEndsOn);
  if (notice.displayUntil.getTime() < over.getTime()) {
    return [{
      field: 'displayUntil',
      message: `${KIND_NAMES[notice.kind]} stays on display for the whole instruction, until ${instructionEndsOn} included (Code de l'urbanisme art. R423-6): `
        + `displayUntil must be ${formatParis(over)} or later`,
    }];
  }
  return [];
}

/** The list of deliberations is put online within a week of the meeting (CGCT L2121-25). */
export const LIST_OF_DELIBERATIONS_DELAY_DAYS = 7;

/**
 * Whether a published list of deliberations went on display more than a week after its meeting
 * (accepted, late is better than never, but marked for staff); null for other kinds and drafts.
 */
export function publishedLate(kind: LegalNoticeKind, meetingDate: string | null, effectiveDisplayFrom: Date | null): boolean | null {
  if (kind !== LegalNoticeKind.LIST_OF_DELIBERATIONS || !meetingDate || !effectiveDisplayFrom) return null;
  return effectiveDisplayFrom.getTime() >= parisMidnight(meetingDate, LIST_OF_DELIBERATIONS_DELAY_DAYS + 1).getTime();
}

/** The state of a notice that the rules look at (after merging an update into the stored notice). */
export interface NoticeRuleInput {
  kind: LegalNoticeKind;
  actDate: string;
  meetingDate: string | null;
  displayFrom: Date;
  displayUntil: Date;
  /** Planning-permission applications: the last day of the instruction (YYYY-MM-DD), if known. */
  instructionEndsOn: string | null;
  body: string;
  summary: string | null;
  documentCount: number;
}

/** Every rule a notice breaks, each on the field to fix; empty when the notice may be saved and published. */
export function noticeRuleViolations(notice: NoticeRuleInput): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const period = displayPeriodViolation(notice.kind, notice.displayFrom, notice.displayUntil);
  if (period) violations.push(period);
  if (parisDate(notice.displayFrom) < notice.actDate) {
    violations.push({ field: 'displayFrom', message: `An act cannot be displayed before it is made: displayFrom must be on or after the act date ${notice.actDate}` });
  }
  if (MEETING_KINDS.has(notice.kind) && !notice.meetingDate) {
    violations.push({ field: 'meetingDate', message: `${KIND_NAMES[notice.kind]} needs the date of the council meeting` });
  }
  if (notice.meetingDate && notice.meetingDate > notice.actDate) {
    violations.push({ field: 'meetingDate', message: 'The council meeting cannot be after the act date' });
  }
  violations.push(...instructionViolations(notice));
  if (notice.documentCount > 0 && !notice.body.trim() && !notice.summary?.trim()) {
    violations.push({
      field: 'body',
      message: 'A downloadable document needs an accessible alternative (RGAA 13.3): give the text of the act, or at least a summary',
    });
  }
  return violations;
}

/** A published notice's display may only be extended, never shortened (the law wants it to stay). */
export function extensionViolation(kind: LegalNoticeKind, displayFrom: Date, currentUntil: Date, requestedUntil: Date): RuleViolation | null {
  if (requestedUntil.getTime() <= currentUntil.getTime()) {
    return { field: 'displayUntil', message: `A display period can only be extended: displayUntil must be after the current end, ${formatParis(currentUntil)}` };
  }
  return displayPeriodViolation(kind, displayFrom, requestedUntil);
}
