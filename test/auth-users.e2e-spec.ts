import { createUser, gqlError, LOGIN, loginAs, RELAXED_RATE_LIMITS, TEST_PASSWORD } from './support/auth-helpers';
import { createTestApp, TestApp } from './support/test-app';

const CREATE_USER = `mutation Create($input: CreateUserInput!) {
  createUser(input: $input) { id email displayName role disabled } }`;
const UPDATE_USER = `mutation Update($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) { id displayName role disabled } }`;
const MY_ID = '{ me { id } }';

describe('user administration', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp(RELAXED_RATE_LIMITS);
    admin = await loginAs(t, 'admin');
  });
  afterAll(() => t.close());

  const newUser = (overrides: Record<string, unknown> = {}) => ({
    email: 'Claire.Martin@anor.fr', displayName: ' Claire Martin ', role: 'CONTRIBUTOR', password: 'twelve chars ok', ...overrides,
  });

  it('lets an admin create an account that can then log in', async () => {
    const res = await t.gql(CREATE_USER, { input: newUser() }, admin);
    expect(res.body.data.createUser).toMatchObject({
      email: 'claire.martin@anor.fr', displayName: 'Claire Martin', role: 'CONTRIBUTOR', disabled: false,
    });
    const login = await t.gql(LOGIN, { email: 'claire.martin@anor.fr', password: 'twelve chars ok' });
    expect(login.body.data.login.user.role).toBe('CONTRIBUTOR');
  });

  it('refuses a password shorter than 12 characters as BAD_USER_INPUT on input.password', async () => {
    const res = await t.gql(CREATE_USER, { input: newUser({ email: 'short@anor.fr', password: 'elevenchars' }) }, admin);
    const error = gqlError(res);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fields).toEqual([{ path: 'input.password', message: 'Password must be between 12 and 256 characters long' }]);
  });

  it('refuses the same password rule in the service (CLI, seeds), with the field named', async () => {
    await expect(createUser(t, { role: 'editor', password: 'too short' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT', details: { fields: [{ path: 'password', message: expect.stringContaining('12') }] },
    });
  });

  it('refuses a second account whose email differs only by letter case, as CONFLICT', async () => {
    await createUser(t, { role: 'editor', email: 'julien@anor.fr' });
    const res = await t.gql(CREATE_USER, { input: newUser({ email: 'JULIEN@Anor.fr' }) }, admin);
    expect(gqlError(res)).toMatchObject({ message: 'A user with this email already exists', extensions: { code: 'CONFLICT' } });
  });

  it('answers FORBIDDEN when an editor tries to create an account', async () => {
    const res = await t.gql(CREATE_USER, { input: newUser({ email: 'sneaky@anor.fr' }) }, await loginAs(t, 'editor'));
    expect(gqlError(res).extensions.code).toBe('FORBIDDEN');
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM users WHERE email = 'sneaky@anor.fr'`);
    expect(count).toBe(0);
  });

  it('renames and changes the role of an account', async () => {
    const user = await createUser(t, { role: 'contributor' });
    const res = await t.gql(UPDATE_USER, { id: user.id, input: { displayName: 'Élodie Bernard', role: 'EDITOR' } }, admin);
    expect(res.body.data.updateUser).toEqual({ id: user.id, displayName: 'Élodie Bernard', role: 'EDITOR', disabled: false });
  });

  it('refuses null for a field of an update (leave it out to keep it)', async () => {
    const user = await createUser(t, { role: 'contributor' });
    const res = await t.gql(UPDATE_USER, { id: user.id, input: { role: null } }, admin);
    expect(gqlError(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.role' }] });
  });

  it('does not let an admin disable themselves or give up their own admin role', async () => {
    const myId = (await t.gql(MY_ID, {}, admin)).body.data.me.id as string;
    expect(gqlError(await t.gql(UPDATE_USER, { id: myId, input: { disabled: true } }, admin)).extensions.code).toBe('FORBIDDEN');
    expect(gqlError(await t.gql(UPDATE_USER, { id: myId, input: { role: 'EDITOR' } }, admin)).extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(MY_ID, {}, admin)).body.data.me.id).toBe(myId);
  });

  it('answers NOT_FOUND for an account that does not exist', async () => {
    const res = await t.gql(UPDATE_USER, { id: '00000000-0000-4000-8000-000000000000', input: { disabled: true } }, admin);
    expect(gqlError(res).extensions.code).toBe('NOT_FOUND');
  });

  it('refuses an id that is not a user id as BAD_USER_INPUT on id', async () => {
    const res = await t.gql(UPDATE_USER, { id: 'not-a-uuid', input: { disabled: true } }, admin);
    expect(gqlError(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'id' }] });
  });

  it('never stores or returns the password itself', async () => {
    const user = await createUser(t, { role: 'editor', password: TEST_PASSWORD });
    const [{ password_hash: hash }] = await t.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain(TEST_PASSWORD);
  });
});
