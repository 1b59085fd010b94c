import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loginAs } from './support/auth-helpers';
import { GqlBody, refusalOf } from './support/gql-helpers';
import { pdf, uploadMedia } from './support/media-helpers';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 11, point 2: the commune settings the law needs (name, INSEE code, population, publication
 * mode with the council decision), edited by admins; each published notice records the mode in force;
 * a list of deliberations put online more than a week after its meeting is accepted but marked late
 * for staff; the demo seeds Anor's values, marked as demo values.
 */

const SETTINGS = 'name inseeCode population publicationMode publicationDecision { reference date } demoValues version updatedAt';
const READ = `{ commune { ${SETTINGS} } }`;
const UPDATE = `mutation($v: Int!, $input: UpdateCommuneSettingsInput!) { updateCommuneSettings(version: $v, input: $input) { ${SETTINGS} } }`;
const NOTICE = 'id version status kind publicationMode publicationModeDecision publicationModeDecisionDate publishedLate publishedAt';
const CREATE = `mutation($input: CreateLegalNoticeInput!) { createLegalNotice(input: $input) { ${NOTICE} } }`;
const PUBLISH = `mutation($id: ID!, $v: Int!) { publishLegalNotice(id: $id, version: $v) { ${NOTICE} } }`;
const LOOKUP = `query($id: ID!) { legalNotice(id: $id) { ${NOTICE} } }`;

const DAY = 86_400_000;
const calendarDay = (instant: Date): string => instant.toISOString().slice(0, 10);

interface Settings {
  name: string | null;
  inseeCode: string | null;
  population: number | null;
  publicationMode: string;
  publicationDecision: { reference: string; date: string } | null;
  demoValues: boolean;
  version: number;
}

interface Notice {
  id: string;
  version: number;
  publicationMode: string | null;
  publicationModeDecision: string | null;
  publicationModeDecisionDate: string | null;
  publishedLate: boolean | null;
}

describe('commune settings', () => {
  let t: TestApp;
  let admin: string;
  let editor: string;
  let counter = 0;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAs(t, 'admin');
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  async function read(): Promise<Settings> {
    const res = await t.gql(READ, {});
    expect(res.body.errors).toBeUndefined();
    return res.body.data.commune as Settings;
  }

  async function tryUpdate(input: Record<string, unknown>, token = admin, version?: number): Promise<GqlBody> {
    const v = version ?? (await read()).version;
    return (await t.gql(UPDATE, { v, input }, token)).body as GqlBody;
  }

  async function update(input: Record<string, unknown>): Promise<Settings> {
    const body = await tryUpdate(input);
    expect(body.errors).toBeUndefined();
    return body.data?.updateCommuneSettings as Settings;
  }

  /** A notice of `kind` made today (or at the meeting), published at once. */
  async function publishNotice(overrides: Record<string, unknown> = {}, token = editor): Promise<Notice> {
    counter += 1;
    const today = new Date();
    const input = {
      kind: 'ARRETE', reference: `C-${String(counter).padStart(3, '0')}`, title: `Acte ${counter}`, body: 'Article 1',
      actDate: calendarDay(today), signatoryName: 'Jean Dupont', signatoryRole: 'Le Maire',
      displayFrom: today.toISOString(), displayUntil: new Date(today.getTime() + 70 * DAY).toISOString(), ...overrides,
    };
    const created = await t.gql(CREATE, { input }, token);
    expect(created.body.errors).toBeUndefined();
    const draft = created.body.data.createLegalNotice as Notice;
    expect(draft.publicationMode).toBeNull();
    const published = await t.gql(PUBLISH, { id: draft.id, v: draft.version }, token);
    expect(published.body.errors).toBeUndefined();
    return published.body.data.publishLegalNotice as Notice;
  }

  it('starts empty with electronic publication, readable by anyone through GraphQL and REST', async () => {
    const settings = await read();
    expect(settings).toMatchObject({ name: null, inseeCode: null, population: null, publicationMode: 'ELECTRONIC', publicationDecision: null, demoValues: false });
    const rest = await t.http().get('/api/v1/commune').expect(200);
    expect(rest.body).toMatchObject({ name: null, inseeCode: null, population: null, version: settings.version });
  });

  it('lets an admin enter the name, INSEE code and population, bumps the version and records the change in the audit trail', async () => {
    const before = await read();
    const after = await update({ name: 'Anor', inseeCode: '59012', population: 3120 });
    expect(after).toMatchObject({ name: 'Anor', inseeCode: '59012', population: 3120, publicationMode: 'ELECTRONIC', version: before.version + 1 });
    const rest = await t.http().get('/api/v1/commune').expect(200);
    expect(rest.body).toMatchObject({ name: 'Anor', inseeCode: '59012', population: 3120 });
    const events: { kind: string; detail: { changed: string[] } }[] = await t.dataSource.query(
      "SELECT kind, detail FROM audit_events WHERE kind = 'settings_update' ORDER BY id DESC LIMIT 1");
    expect(events[0].detail.changed.sort()).toEqual(['inseeCode', 'name', 'population']);
  });

  it('refuses an editor and an anonymous caller, and changes nothing', async () => {
    const before = await read();
    expect(refusalOf(await tryUpdate({ population: 10 }, editor)).code).toBe('FORBIDDEN');
    const anonymous = (await t.gql(UPDATE, { v: before.version, input: { population: 10 } })).body as GqlBody;
    expect(refusalOf(anonymous).code).toBe('UNAUTHENTICATED');
    expect(await read()).toEqual(before);
  });

  it.each(['5901', '590120', '20004', '2C004', '59 012'])('refuses the INSEE code %p, naming the field', async (inseeCode) => {
    const refusal = refusalOf(await tryUpdate({ inseeCode }));
    expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.inseeCode'] });
  });

  it('refuses a stale version with CONFLICT', async () => {
    const current = await read();
    const refusal = refusalOf(await tryUpdate({ population: 3000 }, admin, current.version - 1));
    expect(refusal.code).toBe('CONFLICT');
  });

  it('refuses paper or posting from 3,500 inhabitants, and without the council decision', async () => {
    await update({ population: 3500 });
    const large = refusalOf(await tryUpdate({ publicationMode: 'PAPER', publicationDecisionReference: 'Délibération 2022-031', publicationDecisionDate: '2022-06-28' }));
    expect(large).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.publicationMode'] });
    expect(large.messages[0]).toContain('3,500');
    await update({ population: 3120 });
    const undecided = refusalOf(await tryUpdate({ publicationMode: 'POSTING' }));
    expect(undecided).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.publicationDecisionReference', 'input.publicationDecisionDate'] });
    const badDate = refusalOf(await tryUpdate({ publicationMode: 'POSTING', publicationDecisionReference: 'Délibération 2022-031', publicationDecisionDate: '2022-02-30' }));
    expect(badDate).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.publicationDecisionDate'] });
    expect((await read()).publicationMode).toBe('ELECTRONIC');
  });

  it('records in each published notice the publication mode in force when it was published', async () => {
    const posted = await update({ publicationMode: 'POSTING', publicationDecisionReference: 'Délibération n° 2022-031', publicationDecisionDate: '2022-06-28' });
    expect(posted).toMatchObject({ publicationMode: 'POSTING', publicationDecision: { reference: 'Délibération n° 2022-031', date: '2022-06-28' } });
    const underPosting = await publishNotice();
    expect(underPosting).toMatchObject({ publicationMode: 'POSTING', publicationModeDecision: 'Délibération n° 2022-031', publicationModeDecisionDate: '2022-06-28' });

    // Back to electronic (the council decision no longer applies): later notices record it; earlier ones keep theirs.
    const electronic = await update({ publicationMode: 'ELECTRONIC', publicationDecisionReference: null, publicationDecisionDate: null });
    expect(electronic.publicationDecision).toBeNull();
    const underElectronic = await publishNotice();
    expect(underElectronic).toMatchObject({ publicationMode: 'ELECTRONIC', publicationModeDecision: null, publicationModeDecisionDate: null });
    const again = await t.gql(LOOKUP, { id: underPosting.id });
    expect(again.body.data.legalNotice).toMatchObject({ publicationMode: 'POSTING', publicationModeDecision: 'Délibération n° 2022-031' });
    const rest = await t.http().get(`/api/v1/legal-notices/${underPosting.id}`).expect(200);
    expect(rest.body.publicationModeDecisionDate).toBe('2022-06-28');
  });

  it('accepts a list of deliberations put online more than a week after its meeting, marked late for staff only', async () => {
    const meeting = calendarDay(new Date(Date.now() - 10 * DAY));
    const late = await publishNotice({ kind: 'LIST_OF_DELIBERATIONS', meetingDate: meeting, actDate: meeting, title: 'Liste des délibérations' });
    expect(late.publishedLate).toBe(true);
    const recentMeeting = calendarDay(new Date(Date.now() - 2 * DAY));
    const onTime = await publishNotice({ kind: 'LIST_OF_DELIBERATIONS', meetingDate: recentMeeting, actDate: recentMeeting, title: 'Liste des délibérations' });
    expect(onTime.publishedLate).toBe(false);
    const deliberation = await publishNotice({ kind: 'DELIBERATION', meetingDate: meeting, actDate: meeting });
    expect(deliberation.publishedLate).toBeNull();

    expect((await t.gql(LOOKUP, { id: late.id }, editor)).body.data.legalNotice.publishedLate).toBe(true);
    expect((await t.gql(LOOKUP, { id: late.id })).body.data.legalNotice).toMatchObject({ status: 'PUBLISHED', publishedLate: null });
    expect((await t.http().get(`/api/v1/legal-notices/${late.id}`).expect(200)).body.publishedLate).toBeNull();
    const staffRest = await t.http().get(`/api/v1/legal-notices/${late.id}`).set('Authorization', `Bearer ${editor}`).expect(200);
    expect(staffRest.body.publishedLate).toBe(true);
  });
});

describe('commune settings of the demo', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({}, { demo: true });
  });
  afterAll(() => t.close());

  it('seeds Anor\'s settings marked as demo values, which the first admin change clears', async () => {
    const res = await t.gql(READ, {});
    expect(res.body.data.commune).toMatchObject({ name: 'Anor', inseeCode: '59012', population: 3000, publicationMode: 'ELECTRONIC', demoValues: true });
    const [modes] = await t.dataSource.query(
      "SELECT count(*)::int AS published, count(*) FILTER (WHERE publication_mode = 'electronic')::int AS electronic FROM legal_notices WHERE status = 'published'");
    expect(modes.published).toBeGreaterThan(0);
    expect(modes.electronic).toBe(modes.published);
    const admin = await loginAs(t, 'admin');
    const changed = await t.gql(UPDATE, { v: res.body.data.commune.version, input: { population: 3112 } }, admin);
    expect(changed.body.data.updateCommuneSettings).toMatchObject({ name: 'Anor', population: 3112, demoValues: false });
  });

  it('accepts and publishes the README\'s legal-notice example on the demo data, with today\'s dates', async () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const example = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((block) => block[1]).find((block) => block.includes('createLegalNotice('));
    expect(example).toBeDefined();
    // The README shows the day it was written; a reader types today's date and a display of two months from today.
    const now = new Date();
    const mutation = (example as string)
      .replace(/actDate: "[^"]*"/, `actDate: "${calendarDay(now)}"`)
      .replace(/displayFrom: "[^"]*"/, `displayFrom: "${now.toISOString()}"`)
      .replace(/displayUntil: "[^"]*"/, `displayUntil: "${new Date(now.getTime() + 65 * DAY).toISOString()}"`);
    const editor = await loginAs(t, 'editor');
    const media = await uploadMedia<{ id: string }>(t, await pdf({ title: 'Arrêté signé', text: 'Arrêté signé' }), 'arrete-2026-120.pdf', { token: editor });
    const created = await t.gql(mutation, { media: media.id }, editor);
    expect(created.body.errors).toBeUndefined();
    const draft = created.body.data.createLegalNotice as { id: string; version: number };
    const published = await t.gql(PUBLISH, { id: draft.id, v: draft.version }, editor);
    expect(published.body.errors).toBeUndefined();
    expect(published.body.data.publishLegalNotice).toMatchObject({ status: 'PUBLISHED', publicationMode: 'ELECTRONIC' });
  });
});
