import { createHash } from 'node:crypto';
import { RequestContext } from '../src/common/request-context';
import { seedDemoLegalNotices } from '../src/legal-notices/legal-notices.demo';
import { LegalNoticesService } from '../src/legal-notices/legal-notices.service';
import { MediaUploads } from '../src/media/media-upload.service';
import { loginAs } from './support/auth-helpers';
import { createItem, journalOf as journalOfItem, LEGAL_NOTICE, publishItem } from './support/content-factories';
import { countQueries } from './support/query-counter';
import { createTestApp, TestApp } from './support/test-app';

const FIELDS = `id slug kind reference referenceYear title summary body bodyHtml actDate meetingDate signatory { name role }
  publicationMode publicationModeDecision displayFrom displayUntil displayRule { minimumPeriod legalReference }
  documents { title url sha256 mediaId } supersedesId supersededById withdrawn withdrawnAt withdrawalReason
  fingerprint fingerprintAlgorithm fingerprintPayload status version publishedAt channels`;

const CREATE = `mutation($input: CreateLegalNoticeInput!) { createLegalNotice(input: $input) { ${FIELDS} } }`;
const PUBLISH = `mutation($id: ID!, $v: Int!) { publishLegalNotice(id: $id, version: $v) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateLegalNoticeInput!) { updateLegalNotice(id: $id, version: $v, input: $input) { ${FIELDS} } }`;
const WITHDRAW = `mutation($id: ID!, $v: Int!, $reason: String!) { withdrawLegalNotice(id: $id, version: $v, reason: $reason) { ${FIELDS} } }`;
const BOARD = `query($at: DateTime, $kind: LegalNoticeKind, $n: Int) { legalNoticesOnDisplay(at: $at, kind: $kind, first: $n) {
  totalCount edges { node { reference title withdrawn withdrawalReason } } } }`;

interface Notice {
  id: string;
  version: number;
  reference: string;
  title: string;
  fingerprint: string | null;
  fingerprintPayload: string | null;
  [key: string]: unknown;
}

interface GqlResponse {
  body: { data?: Record<string, unknown>; errors?: { message: string; extensions: { code: string; fields?: { path: string; message: string }[] } }[] };
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const DOCUMENT_SHA = sha256('Arrêté fictif de démonstration');

describe('legal notices', () => {
  let t: TestApp;
  let editor: string;
  let counter = 0;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
  });
  afterAll(() => t.close());

  /**
   * A valid arrêté displayed from `from` until two months and a day after the later of `from` and now
   * (the display counts from publication), with a number no other test uses.
   */
  function arrete(overrides: Record<string, unknown> = {}, from = '2026-03-02T08:00:00.000Z'): Record<string, unknown> {
    counter += 1;
    const start = new Date(from);
    const until = new Date(Math.max(start.getTime(), Date.now()));
    until.setUTCMonth(until.getUTCMonth() + 2);
    until.setUTCDate(until.getUTCDate() + 1);
    return {
      kind: 'ARRETE',
      reference: `T-${String(counter).padStart(3, '0')}`,
      title: `Arrêté de test ${counter}`,
      body: '## Article 1\n\nLa circulation est interdite.',
      actDate: from.slice(0, 10),
      signatoryName: 'Jean Dupont',
      signatoryRole: 'Le Maire',
      displayFrom: start.toISOString(),
      displayUntil: until.toISOString(),
      documents: [{ title: 'Arrêté signé', url: 'https://www.anor.fr/documents/test.pdf', sha256: DOCUMENT_SHA }],
      ...overrides,
    };
  }

  async function gql(query: string, variables: Record<string, unknown>, token?: string): Promise<GqlResponse> {
    return t.gql(query, variables, token);
  }

  // The lifecycle every type shares (drafts hidden, versions, rights, delete…) is in content-lifecycle.e2e-spec.ts.
  const create = (overrides: Record<string, unknown> = {}, from?: string): Promise<Notice> =>
    createItem(t, editor, LEGAL_NOTICE, arrete(overrides, from), { fields: FIELDS });
  const publish = (notice: { id: string; version: number }): Promise<Notice> => publishItem(t, editor, LEGAL_NOTICE, notice, { fields: FIELDS });

  function errorOf(res: GqlResponse): { code: string; message: string; paths: string[] } {
    const error = res.body.errors?.[0];
    if (!error) throw new Error(`Expected an error, got ${JSON.stringify(res.body)}`);
    return { code: error.extensions.code, message: error.message, paths: (error.extensions.fields ?? []).map((field) => field.path) };
  }

  const journalOf = (id: string): Promise<string[]> => journalOfItem(t, id);

  async function rowOf(id: string): Promise<Record<string, unknown>> {
    const [row] = await t.dataSource.query('SELECT * FROM legal_notices WHERE id = $1', [id]);
    return row;
  }

  describe('creating and publishing', () => {
    it('creates a draft with its derived fields: year, slug, rendered text, electronic mode, legal rule', async () => {
      const notice = await create({ reference: '2026-045', title: 'Arrêté 2026-045 portant réglementation temporaire de la circulation rue Léo Lagrange' });
      expect(notice).toMatchObject({
        kind: 'ARRETE', reference: '2026-045', referenceYear: 2026, slug: 'arrete-2026-045', status: 'DRAFT', version: 1,
        publicationMode: null, signatory: { name: 'Jean Dupont', role: 'Le Maire' }, fingerprint: null, fingerprintPayload: null,
        fingerprintAlgorithm: 'sha256 of canonical JSON v1', withdrawn: false, channels: ['WEB', 'KIOSK'],
        displayRule: { minimumPeriod: '2 months', legalReference: 'CGCT art. L2131-1 and R2131-1' },
        documents: [{ title: 'Arrêté signé', url: 'https://www.anor.fr/documents/test.pdf', sha256: DOCUMENT_SHA, mediaId: null }],
      });
      expect(notice.bodyHtml).toContain('<h2>Article 1</h2>');
      expect(await journalOf(notice.id)).toEqual(['create']);
    });

    it('publishes with the date put online and a fingerprint anyone can recompute from the published fields', async () => {
      const draft = await create({ reference: '2026-050', actDate: '2026-03-01' });
      const published = await publish(draft);
      expect(published).toMatchObject({ status: 'PUBLISHED', version: 2 });
      expect(published.publishedAt).toEqual(expect.any(String));
      expect(published.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(sha256(published.fingerprintPayload as string)).toBe(published.fingerprint);
      // Rebuild the canonical JSON from the public fields alone, as a citizen's script would.
      const canonical = (value: unknown): string => Array.isArray(value) ? `[${value.map(canonical).join(',')}]`
        : value !== null && typeof value === 'object'
          ? `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`
          : JSON.stringify(value);
      const rebuilt = canonical({
        kind: 'arrete', reference: published.reference, title: published.title, text: published.body, actDate: published.actDate,
        signatory: published.signatory, publishedAt: published.publishedAt,
        documents: (published.documents as { sha256: string | null }[]).map((document) => document.sha256),
      });
      expect(rebuilt).toBe(published.fingerprintPayload);
      const rest = await t.http().get(`/api/v1/legal-notices/${draft.id}`).expect(200);
      expect(rest.body).toMatchObject({ fingerprint: published.fingerprint, kind: 'ARRETE', status: 'PUBLISHED', publishedAt: published.publishedAt });
      expect(await journalOf(draft.id)).toEqual(['create', 'publish']);
    });
  });

  describe('validation', () => {
    it.each([
      ['MARRIAGE_BANNS', 9, 'at least 10 days', 'Code civil art. 63 and 64'],
      ['PUBLIC_INQUIRY', 14, 'at least 15 days', 'R123-11'],
      ['PLANNING_PERMISSION_APPLICATION', 27, 'at least 1 month', 'R423-6'],
      ['PLANNING_PERMISSION_DECISION', 58, 'at least 2 months', 'R424-15'],
      ['ARRETE', 45, 'at least 2 months', 'CGCT art. L2131-1'],
      ['DELIBERATION', 59, 'at least 2 months', 'CGCT art. L2131-1'],
    ])('refuses a %s displayed %i days, saying the minimum and the law', async (kind, days, minimum, law) => {
      const from = new Date('2026-04-06T08:00:00.000Z');
      const until = new Date(from.getTime() + days * 86_400_000);
      const res = await gql(CREATE, { input: arrete({ kind, meetingDate: '2026-04-06', displayUntil: until.toISOString() }, from.toISOString()) }, editor);
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.paths).toEqual(['input.displayUntil']);
      expect(error.message).toContain(minimum);
      expect(error.message).toContain(law);
    });

    it('accepts marriage banns displayed exactly 10 days (Paris calendar, across the DST change)', async () => {
      const notice = await create({
        kind: 'MARRIAGE_BANNS', displayFrom: '2026-03-19T23:00:00.000Z', displayUntil: '2026-03-29T22:00:00.000Z', actDate: '2026-03-19',
      }, '2026-03-19T23:00:00.000Z');
      expect(notice).toMatchObject({ kind: 'MARRIAGE_BANNS', displayRule: { minimumPeriod: '10 days' } });
    });

    it('refuses an end of display before its start', async () => {
      const res = await gql(CREATE, { input: arrete({ displayUntil: '2026-03-01T00:00:00.000Z' }) }, editor);
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.displayUntil'], message: 'displayUntil must be after displayFrom' });
    });

    it('refuses a duplicate number in the same kind and year, and allows it in another kind or year', async () => {
      await create({ reference: '2026-101', actDate: '2026-03-01' });
      const duplicate = await gql(CREATE, { input: arrete({ reference: '2026-101', actDate: '2026-02-15' }) }, editor);
      expect(errorOf(duplicate)).toMatchObject({ code: 'CONFLICT', paths: ['input.reference'] });
      expect(errorOf(duplicate).message).toContain('2026-101');
      await create({ reference: '2026-101', kind: 'DECISION' });
      await create({ reference: '2026-101', actDate: '2027-01-04' }, '2027-01-04T08:00:00.000Z');
      const [count] = await t.dataSource.query("SELECT count(*)::int AS n FROM legal_notices WHERE reference = '2026-101'");
      expect(count.n).toBe(3);
    });

    it('refuses a draft renumbered onto an existing number', async () => {
      await create({ reference: '2026-111' });
      const other = await create();
      const res = await gql(UPDATE, { id: other.id, v: other.version, input: { reference: '2026-111' } }, editor);
      expect(errorOf(res).paths).toEqual(['input.reference']);
    });

    it('requires the text or a summary when documents are attached (RGAA 13.3) and the meeting date for a deliberation', async () => {
      const res = await gql(CREATE, { input: arrete({ kind: 'DELIBERATION', body: '' }) }, editor);
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.paths.sort()).toEqual(['input.body', 'input.meetingDate']);
    });

    it('refuses a document that is not on https, a malformed hash, a bad date and a bad number, naming each field', async () => {
      const res = await gql(CREATE, { input: arrete({
        reference: '2026 045', actDate: '2026-02-30',
        documents: [{ title: 'PDF', url: 'http://www.anor.fr/a.pdf', sha256: 'abc' }],
      }) }, editor);
      const error = errorOf(res);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.paths.sort()).toEqual(['input.actDate', 'input.documents.0.sha256', 'input.documents.0.url', 'input.reference']);
    });

    it('refuses to display an act before its date', async () => {
      const res = await gql(CREATE, { input: arrete({ actDate: '2026-03-10' }) }, editor);
      expect(errorOf(res).paths).toEqual(['input.displayFrom']);
    });
  });

  describe('a published notice stays as it was published', () => {
    it('refuses to edit a published notice and changes nothing', async () => {
      const published = await publish(await create({ title: 'Arrêté original' }));
      const before = await rowOf(published.id);
      const res = await gql(UPDATE, { id: published.id, v: published.version, input: { title: 'Arrêté modifié', body: 'Autre texte' } }, editor);
      const error = errorOf(res);
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toContain('correcting notice that supersedes it');
      expect(await rowOf(published.id)).toEqual(before);
      expect(await journalOf(published.id)).toEqual(['create', 'publish']);
    });

    it('refuses a direct SQL change, unpublication or deletion of a published notice (database trigger)', async () => {
      const published = await publish(await create());
      await expect(t.dataSource.query("UPDATE legal_notices SET title = 'Falsifié' WHERE id = $1", [published.id])).rejects.toThrow(/published legal notice/);
      await expect(t.dataSource.query("UPDATE legal_notices SET status = 'draft' WHERE id = $1", [published.id])).rejects.toThrow(/published legal notice/);
      await expect(t.dataSource.query('DELETE FROM legal_notices WHERE id = $1', [published.id])).rejects.toThrow(/published legal notice/);
      expect((await rowOf(published.id)).title).toBe(published.title);
    });

    it('extends the display period of a published notice, never shortens it, and keeps the fingerprint', async () => {
      const published = await publish(await create());
      const until = new Date(published.displayUntil as string);
      const shorter = await gql('mutation($id: ID!, $v: Int!, $u: DateTime!) { extendLegalNoticeDisplay(id: $id, version: $v, displayUntil: $u) { version } }',
        { id: published.id, v: published.version, u: new Date(until.getTime() - 86_400_000).toISOString() }, editor);
      expect(errorOf(shorter)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['displayUntil'] });
      const later = new Date(until.getTime() + 30 * 86_400_000).toISOString();
      const longer = await gql('mutation($id: ID!, $v: Int!, $u: DateTime!) { extendLegalNoticeDisplay(id: $id, version: $v, displayUntil: $u) { version displayUntil fingerprint } }',
        { id: published.id, v: published.version, u: later }, editor);
      expect(longer.body.data?.extendLegalNoticeDisplay).toEqual({ version: 3, displayUntil: later, fingerprint: published.fingerprint });
      expect(await journalOf(published.id)).toEqual(['create', 'publish', 'update']);
    });

    it('refuses to unpublish or delete a published notice, pointing to withdrawal', async () => {
      const published = await publish(await create());
      for (const mutation of ['unpublishLegalNotice', 'deleteLegalNotice']) {
        const res = await gql(`mutation($id: ID!, $v: Int!) { ${mutation}(id: $id, version: $v) { id } }`, { id: published.id, v: published.version }, editor);
        expect(errorOf(res).code).toBe('CONFLICT');
        expect(errorOf(res).message).toContain('withdrawLegalNotice');
      }
      expect(await rowOf(published.id)).toMatchObject({ status: 'published', deleted_at: null, version: 2 });
      await t.http().get(`/api/v1/legal-notices/${published.id}`).expect(200);
    });
  });

  describe('corrections and withdrawals', () => {
    it('links a correction and the notice it corrects both ways when the correction is published, journaling both', async () => {
      const original = await publish(await create({ title: 'Arrêté avec une erreur' }));
      const correction = await create({ title: 'Arrêté rectificatif', supersedesId: original.id });
      expect((await rowOf(original.id)).superseded_by_id).toBeNull();
      await publish(correction);
      const links = await gql(`query($id: ID!) { legalNotice(id: $id) { supersededById supersededBy { id title supersedes { id } } } }`, { id: original.id });
      expect(links.body.data?.legalNotice).toEqual({
        supersededById: correction.id, supersededBy: { id: correction.id, title: 'Arrêté rectificatif', supersedes: { id: original.id } },
      });
      expect(await journalOf(original.id)).toEqual(['create', 'publish', 'supersede']);
      expect(await journalOf(correction.id)).toEqual(['create', 'publish']);
      const archive = await gql('query($r: String) { legalNotices(reference: $r) { edges { node { id supersededById } } } }', { r: original.reference });
      expect(archive.body.data?.legalNotices).toEqual({ edges: [{ node: { id: original.id, supersededById: correction.id } }] });
    });

    it('refuses to correct a draft or a notice already corrected', async () => {
      const draft = await create();
      const onDraft = await gql(CREATE, { input: arrete({ supersedesId: draft.id }) }, editor);
      expect(errorOf(onDraft).paths).toEqual(['input.supersedesId']);
      const original = await publish(await create());
      const first = await create({ supersedesId: original.id });
      const second = await create({ supersedesId: original.id });
      await publish(first);
      const late = await gql(PUBLISH, { id: second.id, v: second.version }, editor);
      expect(errorOf(late).code).toBe('CONFLICT');
      expect((await rowOf(second.id)).status).toBe('draft');
      expect((await rowOf(original.id)).superseded_by_id).toBe(first.id);
    });

    it('requires a reason of 10 to 1000 characters to withdraw', async () => {
      const published = await publish(await create());
      for (const reason of ['', '   court   ', 'x'.repeat(1001)]) {
        const res = await gql(WITHDRAW, { id: published.id, v: published.version, reason }, editor);
        expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['reason'] });
      }
      expect((await rowOf(published.id)).withdrawn_at).toBeNull();
    });

    it('withdraws a published notice early and keeps it visible with its reason and date', async () => {
      const published = await publish(await create());
      const reason = 'Arrêté retiré : les travaux sont reportés au printemps';
      const res = await gql(WITHDRAW, { id: published.id, v: published.version, reason }, editor);
      expect(res.body.data?.withdrawLegalNotice).toMatchObject({ withdrawn: true, withdrawalReason: reason, status: 'PUBLISHED', version: 3 });
      const pub = await t.http().get(`/api/v1/legal-notices/${published.id}`).expect(200);
      expect(pub.body).toMatchObject({ withdrawn: true, withdrawalReason: reason, withdrawnAt: expect.any(String), fingerprint: published.fingerprint });
      expect(await journalOf(published.id)).toEqual(['create', 'publish', 'withdraw']);
      const again = await gql(WITHDRAW, { id: published.id, v: 3, reason }, editor);
      expect(errorOf(again).code).toBe('CONFLICT');
    });

    it('refuses to withdraw a draft', async () => {
      const draft = await create();
      const res = await gql(WITHDRAW, { id: draft.id, v: draft.version, reason: 'Une raison suffisante' }, editor);
      expect(errorOf(res).code).toBe('CONFLICT');
    });
  });

  describe('demo content', () => {
    it('seeds 15 published notices around a given day, each with its PDF act in the media library, with a correction and a withdrawal, and adds nothing when run again', async () => {
      const system = RequestContext.system({ userId: '00000000-0000-0000-0000-000000000000', role: 'admin', sessionId: '00000000-0000-0000-0000-000000000000' });
      const today = new Date('2035-02-20T11:00:00.000Z');
      const service = t.app.get(LegalNoticesService);
      const uploads = t.app.get(MediaUploads);
      expect(await seedDemoLegalNotices(service, uploads, system, today)).toBe(15);
      expect(await seedDemoLegalNotices(service, uploads, system, today)).toBe(0);
      const [pdfs] = await t.dataSource.query("SELECT count(*)::int AS n FROM media WHERE mime_type = 'application/pdf'");
      expect(pdfs.n).toBe(15);
      const board = await gql(`query($at: DateTime) { legalNoticesOnDisplay(at: $at, first: 50) { totalCount edges { node {
        kind reference withdrawn supersedes { reference } supersededBy { reference } fingerprint documents { url sha256 media { url sha256 pageCount } } } } } }`, { at: today.toISOString() });
      const nodes = (board.body.data?.legalNoticesOnDisplay as { edges: { node: Record<string, unknown> }[] }).edges.map((edge) => edge.node);
      expect(nodes.length).toBe(11);
      expect(new Set(nodes.map((node) => node.kind)).size).toBeGreaterThanOrEqual(6);
      expect(nodes.filter((node) => node.withdrawn)).toHaveLength(1);
      expect(nodes.find((node) => node.reference === '2035-047')).toMatchObject({ supersededBy: { reference: '2035-050' } });
      expect(nodes.find((node) => node.reference === '2035-050')).toMatchObject({ supersedes: { reference: '2035-047' } });
      for (const node of nodes) {
        expect(node.fingerprint).toMatch(/^[0-9a-f]{64}$/);
        const [document] = node.documents as { url: string; sha256: string; media: { url: string; sha256: string; pageCount: number } }[];
        expect(document.url).toMatch(/^\/media\/[0-9a-f-]{36}\/.+\.pdf$/);
        expect(document.media).toEqual({ url: document.url, sha256: document.sha256, pageCount: 1 });
      }
      const future = await gql(BOARD, { at: new Date(today.getTime() + 20 * 86_400_000).toISOString() });
      expect((future.body.data?.legalNoticesOnDisplay as { edges: { node: { title: string } }[] }).edges.map((e) => e.node.title))
        .toContain('Arrêté autorisant l\'occupation du domaine public pour le marché de Noël');
    });
  });

  describe('the board and the archive', () => {
    it('shows only what is on display at a given time, withdrawn notices marked, newest first, through GraphQL and REST', async () => {
      const at = '2031-06-15T10:00:00.000Z';
      const past = await publish(await create({ title: 'Passé' }, '2031-01-05T08:00:00.000Z'));
      const older = await publish(await create({ title: 'En cours ancien' }, '2031-05-01T08:00:00.000Z'));
      const newer = await publish(await create({ title: 'En cours récent' }, '2031-06-10T08:00:00.000Z'));
      await publish(await create({ title: 'Futur' }, '2031-07-01T08:00:00.000Z'));
      await create({ title: 'Brouillon en cours' }, '2031-06-01T08:00:00.000Z');
      await gql(WITHDRAW, { id: older.id, v: older.version, reason: 'Retiré pour vice de forme' }, editor);
      const board = await gql(BOARD, { at }, editor);
      expect(board.body.data?.legalNoticesOnDisplay).toEqual({
        totalCount: 2,
        edges: [
          { node: { reference: newer.reference, title: 'En cours récent', withdrawn: false, withdrawalReason: null } },
          { node: { reference: older.reference, title: 'En cours ancien', withdrawn: true, withdrawalReason: 'Retiré pour vice de forme' } },
        ],
      });
      const lastDay = await gql(BOARD, { at: new Date(new Date(past.displayUntil as string).getTime() - 1).toISOString() });
      expect((lastDay.body.data?.legalNoticesOnDisplay as { edges: { node: { title: string } }[] }).edges.map((e) => e.node.title)).toContain('Passé');
      const rest = await t.http().get('/api/v1/legal-notices').query({ onDisplay: 'true', at }).expect(200);
      expect(rest.body.data.map((n: { title: string }) => n.title)).toEqual(['En cours récent', 'En cours ancien']);
      expect(rest.body.totalCount).toBe(2);
      const misspelt = await t.http().get('/api/v1/legal-notices').query({ onDisplay: 'yes' }).expect(400);
      expect(misspelt.body.errors).toEqual([expect.objectContaining({ path: 'onDisplay' })]);
      const onlyBanns = await gql(BOARD, { at, kind: 'MARRIAGE_BANNS' });
      expect((onlyBanns.body.data?.legalNoticesOnDisplay as { totalCount: number }).totalCount).toBe(0);
    });

    it('finds notices in the archive by kind, year and number, newest act first, and one notice by its number', async () => {
      const early = await publish(await create({ kind: 'DECISION', reference: '2029-001', actDate: '2029-02-01' }, '2029-02-02T08:00:00.000Z'));
      const late = await publish(await create({ kind: 'DECISION', reference: '2029-002', actDate: '2029-05-01' }, '2029-05-02T08:00:00.000Z'));
      await publish(await create({ kind: 'ARRETE', reference: '2029-003', actDate: '2029-03-01' }, '2029-03-02T08:00:00.000Z'));
      await create({ kind: 'DECISION', reference: '2029-004', actDate: '2029-06-01' }, '2029-06-02T08:00:00.000Z');
      const archive = 'query($k: LegalNoticeKind, $y: Int, $r: String) { legalNotices(kind: $k, year: $y, reference: $r) { totalCount edges { node { reference } } } }';
      const decisions = await gql(archive, { k: 'DECISION', y: 2029 });
      expect(decisions.body.data?.legalNotices).toEqual({ totalCount: 2, edges: [{ node: { reference: '2029-002' } }, { node: { reference: '2029-001' } }] });
      const staff = await gql(archive, { k: 'DECISION', y: 2029 }, editor);
      expect((staff.body.data?.legalNotices as { totalCount: number }).totalCount).toBe(3);
      const byNumber = await gql(archive, { r: '2029-001' });
      expect(byNumber.body.data?.legalNotices).toEqual({ totalCount: 1, edges: [{ node: { reference: '2029-001' } }] });
      const one = await gql('{ legalNotice(kind: DECISION, reference: "2029-002", year: 2029) { id } }', {});
      expect(one.body.data?.legalNotice).toEqual({ id: late.id });
      const rest = await t.http().get('/api/v1/legal-notices').query({ kind: 'decision', year: 2029 }).expect(200);
      expect(rest.body.data.map((n: { id: string }) => n.id)).toEqual([late.id, early.id]);
      const incomplete = await gql('{ legalNotice(kind: DECISION, reference: "2029-002") { id } }', {});
      expect(errorOf(incomplete)).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['year'] });
    });

    it('pages through the archive with a cursor', async () => {
      for (const month of ['01', '02', '03']) {
        await publish(await create({ kind: 'OTHER', reference: `2028-${month}`, actDate: `2028-${month}-01` }, `2028-${month}-02T08:00:00.000Z`));
      }
      const query = 'query($after: String) { legalNotices(kind: OTHER, year: 2028, first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { reference } } } }';
      const first = await gql(query, {});
      const firstPage = first.body.data?.legalNotices as { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { reference: string } }[] };
      expect(firstPage.edges.map((e) => e.node.reference)).toEqual(['2028-03', '2028-02']);
      expect(firstPage.pageInfo.hasNextPage).toBe(true);
      const second = await gql(query, { after: firstPage.pageInfo.endCursor });
      expect((second.body.data?.legalNotices as { edges: { node: { reference: string } }[] }).edges.map((e) => e.node.reference)).toEqual(['2028-01']);
    });

    it('refuses archive filters on the REST board', async () => {
      const res = await t.http().get('/api/v1/legal-notices').query({ onDisplay: 'true', year: 2026 }).expect(400);
      expect(res.body.errors[0].path).toBe('year');
    });

    it('loads the supersede links of a board with a constant number of queries', async () => {
      const at = '2033-06-15T10:00:00.000Z';
      for (let i = 0; i < 6; i++) {
        const original = await publish(await create({}, `2033-05-${String(10 + i).padStart(2, '0')}T08:00:00.000Z`));
        await publish(await create({ supersedesId: original.id }, `2033-06-${String(1 + i).padStart(2, '0')}T08:00:00.000Z`));
      }
      const run = (first: number) => countQueries(() => gql(
        `query($at: DateTime, $n: Int) { legalNoticesOnDisplay(at: $at, first: $n) { edges { node { reference supersedes { reference } supersededBy { reference } } } } }`,
        { at, n: first }));
      const small = await run(2);
      const large = await run(12);
      expect((large.result.body.data?.legalNoticesOnDisplay as { edges: unknown[] }).edges).toHaveLength(12);
      expect(large.count).toBe(small.count);
    });
  });
});
