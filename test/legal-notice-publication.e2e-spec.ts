import { loginAs } from './support/auth-helpers';
import { createItem, LEGAL_NOTICE, publishItem, tryChange, tryCreate } from './support/content-factories';
import { GqlBody, refusalOf } from './support/gql-helpers';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 11, points 1 and 3: the display period of a legal notice runs from the moment it is put
 * online (never earlier), and a planning-permission application notice stays displayed for the
 * whole instruction. Dates are relative to the moment the test runs, so that it never ages.
 */

const FIELDS = `id version status kind reference actDate displayFrom effectiveDisplayFrom displayUntil publishedAt instructionEndsOn
  publicationMode publishedLate`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateLegalNoticeInput!) { updateLegalNotice(id: $id, version: $v, input: $input) { ${FIELDS} } }`;
const EXTEND = `mutation($id: ID!, $v: Int!, $u: DateTime!, $end: String) {
  extendLegalNoticeDisplay(id: $id, version: $v, displayUntil: $u, instructionEndsOn: $end) { ${FIELDS} } }`;
const BOARD = `query($at: DateTime) { legalNoticesOnDisplay(at: $at, first: 100) { edges { node { id } } } }`;

const DAY = 86_400_000;

interface Notice {
  id: string;
  version: number;
  status: string;
  actDate: string;
  displayFrom: string;
  effectiveDisplayFrom: string | null;
  displayUntil: string;
  publishedAt: string | null;
  instructionEndsOn: string | null;
  [key: string]: unknown;
}

const calendarDay = (instant: Date): string => instant.toISOString().slice(0, 10);
const daysFromNow = (days: number): Date => new Date(Date.now() + days * DAY);

describe('legal notices: display from publication, planning instruction', () => {
  let t: TestApp;
  let editor: string;
  let counter = 0;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  /** An arrêté made on the day displayFrom falls, with a number no other test uses. */
  function arrete(displayFrom: Date, displayUntil: Date, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    counter += 1;
    return {
      kind: 'ARRETE', reference: `P-${String(counter).padStart(3, '0')}`, title: `Arrêté de publication ${counter}`,
      body: '## Article 1\n\nLa circulation est interdite.', actDate: calendarDay(displayFrom),
      signatoryName: 'Jean Dupont', signatoryRole: 'Le Maire',
      displayFrom: displayFrom.toISOString(), displayUntil: displayUntil.toISOString(), ...overrides,
    };
  }

  const create = (input: Record<string, unknown>): Promise<Notice> => createItem(t, editor, LEGAL_NOTICE, input, { fields: FIELDS });
  const tryPublish = (notice: { id: string; version: number }): Promise<GqlBody> =>
    tryChange(t, editor, LEGAL_NOTICE, 'publish', notice, { fields: FIELDS });
  const publish = (notice: { id: string; version: number }): Promise<Notice> => publishItem(t, editor, LEGAL_NOTICE, notice, { fields: FIELDS });

  async function statusOf(id: string): Promise<string> {
    const [row] = await t.dataSource.query('SELECT status FROM legal_notices WHERE id = $1', [id]);
    return row.status;
  }

  async function boardIds(at: Date): Promise<string[]> {
    const res = await t.gql(BOARD, { at: at.toISOString() });
    return (res.body.data.legalNoticesOnDisplay.edges as { node: { id: string } }[]).map((edge) => edge.node.id);
  }

  describe('the display period runs from publication', () => {
    it('refuses to publish a notice whose display window has already ended, on displayUntil, and leaves it a draft', async () => {
      const draft = await create(arrete(daysFromNow(-95), daysFromNow(-30)));
      const refusal = refusalOf(await tryPublish(draft));
      expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['displayUntil'] });
      expect(refusal.messages[0]).toContain('already ended');
      expect(await statusOf(draft.id)).toBe('draft');
    });

    it('counts the legal minimum from publication when displayFrom is in the past, then publishes once displayUntil leaves it', async () => {
      // Declared from 10 days ago for two months and a day: valid as a draft, 52 days online if published now.
      const from = daysFromNow(-10);
      const until = new Date(from.getTime() + 62 * DAY);
      const draft = await create(arrete(from, until));
      const refusal = refusalOf(await tryPublish(draft));
      expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['displayUntil'] });
      expect(refusal.messages[0]).toContain('at least 2 months');
      expect(refusal.messages[0]).toContain('counted from when it goes on display');
      expect(await statusOf(draft.id)).toBe('draft');

      const longer = (await t.gql(UPDATE, { id: draft.id, v: draft.version, input: { displayUntil: daysFromNow(63).toISOString() } }, editor)).body.data.updateLegalNotice as Notice;
      const published = await publish(longer);
      // The act's date and the declared displayFrom stay as entered; the display starts when it went online.
      expect(published.actDate).toBe(calendarDay(from));
      expect(published.displayFrom).toBe(from.toISOString());
      expect(published.effectiveDisplayFrom).toBe(published.publishedAt);
      const rest = await t.http().get(`/api/v1/legal-notices/${draft.id}`).expect(200);
      expect(rest.body).toMatchObject({
        actDate: calendarDay(from), displayFrom: from.toISOString(), effectiveDisplayFrom: published.publishedAt, publishedAt: published.publishedAt,
      });
    });

    it('shows a notice on the board only from its publication, not from an earlier displayFrom', async () => {
      const from = daysFromNow(-5);
      const published = await publish(await create(arrete(from, daysFromNow(70))));
      expect(await boardIds(new Date(from.getTime() + 3600_000))).not.toContain(published.id);
      expect(await boardIds(new Date(Date.parse(published.publishedAt as string) + 1000))).toContain(published.id);
    });

    it('starts the display at displayFrom when it is later than publication', async () => {
      const from = daysFromNow(5);
      const published = await publish(await create(arrete(from, new Date(from.getTime() + 70 * DAY))));
      expect(published.effectiveDisplayFrom).toBe(from.toISOString());
      expect(await boardIds(new Date())).not.toContain(published.id);
      expect(await boardIds(new Date(from.getTime() + 1000))).toContain(published.id);
    });

    it('keeps the effective start of a published notice out of reach of a direct SQL change (database trigger)', async () => {
      const published = await publish(await create(arrete(daysFromNow(-1), daysFromNow(70))));
      await expect(t.dataSource.query('UPDATE legal_notices SET effective_display_from = display_from WHERE id = $1', [published.id]))
        .rejects.toThrow(/published legal notice/);
    });
  });

  describe('planning-permission application notices stay displayed for the whole instruction', () => {
    const application = (from: Date, until: Date, instructionEndsOn?: string | null): Record<string, unknown> => arrete(from, until, {
      kind: 'PLANNING_PERMISSION_APPLICATION', title: 'Avis de dépôt d\'une demande de permis de construire',
      ...(instructionEndsOn === undefined ? {} : { instructionEndsOn }),
    });

    it('refuses a displayUntil earlier than the end of the instruction, on displayUntil', async () => {
      const from = daysFromNow(1);
      const end = calendarDay(new Date(from.getTime() + 90 * DAY));
      const res = await tryCreate(t, editor, LEGAL_NOTICE, application(from, new Date(from.getTime() + 40 * DAY), end), { fields: FIELDS });
      const refusal = refusalOf(res);
      expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.displayUntil'] });
      expect(refusal.messages[0]).toContain('whole instruction');
      expect(refusal.messages[0]).toContain(end);
    });

    it('accepts a display that covers the instruction and shows its end', async () => {
      const from = daysFromNow(1);
      const end = calendarDay(new Date(from.getTime() + 60 * DAY));
      const draft = await create(application(from, new Date(from.getTime() + 62 * DAY), end));
      const published = await publish(draft);
      expect(published).toMatchObject({ status: 'PUBLISHED', instructionEndsOn: end, kind: 'PLANNING_PERMISSION_APPLICATION' });
    });

    it('keeps the one-month floor when no end of instruction is given', async () => {
      const from = daysFromNow(1);
      const short = await tryCreate(t, editor, LEGAL_NOTICE, application(from, new Date(from.getTime() + 27 * DAY)), { fields: FIELDS });
      expect(refusalOf(short)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.displayUntil'] });
      expect(refusalOf(short).messages[0]).toContain('at least 1 month');
      const draft = await create(application(from, new Date(from.getTime() + 32 * DAY)));
      expect((await publish(draft)).instructionEndsOn).toBeNull();
    });

    it('refuses an end of instruction on another kind of notice', async () => {
      const from = daysFromNow(1);
      const res = await tryCreate(t, editor, LEGAL_NOTICE, arrete(from, new Date(from.getTime() + 70 * DAY), { instructionEndsOn: calendarDay(daysFromNow(40)) }), { fields: FIELDS });
      expect(refusalOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.instructionEndsOn'] });
    });

    it('records a longer instruction on a published notice with its display, never a shorter one', async () => {
      const from = daysFromNow(1);
      const end = calendarDay(new Date(from.getTime() + 30 * DAY));
      const published = await publish(await create(application(from, new Date(from.getTime() + 32 * DAY), end)));
      const laterEnd = calendarDay(new Date(from.getTime() + 90 * DAY));
      const notCovered = await t.gql(EXTEND, { id: published.id, v: published.version, u: new Date(from.getTime() + 60 * DAY).toISOString(), end: laterEnd }, editor);
      expect(refusalOf(notCovered.body)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['displayUntil'] });
      const earlier = await t.gql(EXTEND, { id: published.id, v: published.version, u: new Date(from.getTime() + 60 * DAY).toISOString(), end: calendarDay(from) }, editor);
      expect(refusalOf(earlier.body)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['instructionEndsOn'] });
      const extended = await t.gql(EXTEND, { id: published.id, v: published.version, u: new Date(from.getTime() + 92 * DAY).toISOString(), end: laterEnd }, editor);
      expect(extended.body.errors).toBeUndefined();
      expect(extended.body.data.extendLegalNoticeDisplay).toMatchObject({ instructionEndsOn: laterEnd, version: published.version + 1 });
      await expect(t.dataSource.query('UPDATE legal_notices SET instruction_ends_on = $2 WHERE id = $1', [published.id, end]))
        .rejects.toThrow(/published legal notice/);
    });
  });
});
