import { PRODUCTION_PASSWORD_HASHING, TEST_PASSWORD_HASHING } from '../config/config';
import { hashPassword, passwordNeedsRehash, usePasswordHashing, verifyPassword } from './password';

/** The cost written in a PHC string, e.g. `$argon2id$v=19$m=1024,p=1,t=1$…` gives { m: 1024, p: 1, t: 1 }. */
function costOf(hash: string): Record<string, number> {
  const [, algorithm, , params] = hash.split('$');
  expect(algorithm).toBe('argon2id');
  return Object.fromEntries(params.split(',').map((pair) => pair.split('=')).map(([key, value]) => [key, Number(value)]));
}

describe('password hashing cost from the configuration', () => {
  afterAll(() => usePasswordHashing(PRODUCTION_PASSWORD_HASHING));

  it('hashes with OWASP\'s minimum until told otherwise', async () => {
    const hash = await hashPassword('un mot de passe correct');
    expect(costOf(hash)).toEqual({ m: 19_456, t: 2, p: 1 });
    expect(passwordNeedsRehash(hash)).toBe(false);
  });

  it('hashes with the configured cost, which does not ask for a rehash, and verifies hashes of either cost', async () => {
    const strong = await hashPassword('un mot de passe correct');
    usePasswordHashing(TEST_PASSWORD_HASHING);
    const cheap = await hashPassword('un mot de passe correct');
    expect(costOf(cheap)).toEqual({ m: 1024, t: 1, p: 1 });
    expect(passwordNeedsRehash(cheap)).toBe(false);
    expect(passwordNeedsRehash(strong)).toBe(true);
    expect(await verifyPassword(strong, 'un mot de passe correct')).toBe(true);
    expect(await verifyPassword(cheap, 'un mot de passe correct')).toBe(true);
    expect(await verifyPassword(cheap, 'un autre mot de passe')).toBe(false);

    // Back to the production cost: a test-cost hash is redone at the next login.
    usePasswordHashing(PRODUCTION_PASSWORD_HASHING);
    expect(passwordNeedsRehash(cheap)).toBe(true);
  });
});
