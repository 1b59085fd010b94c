import { loginAs } from './support/auth-helpers';
import { createTestApp, TestApp } from './support/test-app';

describe('taxonomy (managed lists of categories and themes)', () => {
  let t: TestApp;
  let editor: string;
  let contributor: string;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await loginAs(t, 'editor');
    contributor = await loginAs(t, 'contributor');
  });
  afterAll(() => t.close());

  it('lets an editor add a category that everyone can list, through GraphQL and REST', async () => {
    const res = await t.gql('mutation { createTerm(vocabulary: CATEGORY, input: { label: "Éducation populaire" }) { slug label version } }', undefined, editor);
    expect(res.body.data.createTerm).toEqual({ slug: 'education-populaire', label: 'Éducation populaire', version: 1 });
    const list = await t.gql('{ terms(vocabulary: CATEGORY) { slug } }');
    expect(list.body.data.terms.map((term: { slug: string }) => term.slug)).toContain('education-populaire');
    const rest = await t.http().get('/api/v1/terms').query({ vocabulary: 'category' }).expect(200);
    expect(rest.body.map((term: { slug: string }) => term.slug)).toContain('education-populaire');
  });

  it('refuses a contributor, a duplicate slug and an empty label', async () => {
    const byContributor = await t.gql('mutation { createTerm(vocabulary: CATEGORY, input: { label: "Musique" }) { id } }', undefined, contributor);
    expect(byContributor.body.errors[0].extensions.code).toBe('FORBIDDEN');
    await t.gql('mutation { createTerm(vocabulary: PROCEDURE_THEME, input: { label: "Urbanisme" }) { id } }', undefined, editor);
    const duplicate = await t.gql('mutation { createTerm(vocabulary: PROCEDURE_THEME, input: { label: "Urbanisme" }) { id } }', undefined, editor);
    expect(duplicate.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.slug' }] });
    const empty = await t.gql('mutation { createTerm(vocabulary: CATEGORY, input: { label: "" }) { id } }', undefined, editor);
    expect(empty.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.label' }] });
  });

  it('renames a term with the version it last read, and refuses a stale version', async () => {
    const created = await t.gql('mutation { createTerm(vocabulary: CATEGORY, input: { label: "Sports" }) { id version } }', undefined, editor);
    const id = created.body.data.createTerm.id;
    const renamed = await t.gql('mutation($id: ID!) { updateTerm(id: $id, version: 1, input: { label: "Sport" }) { label version } }', { id }, editor);
    expect(renamed.body.data.updateTerm).toEqual({ label: 'Sport', version: 2 });
    const stale = await t.gql('mutation($id: ID!) { updateTerm(id: $id, version: 1, input: { label: "Sport!" }) { label } }', { id }, editor);
    expect(stale.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
  });
});
