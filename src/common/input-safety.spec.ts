import { MAX_INPUT_DEPTH, unsafeInput } from './input-safety';

describe('unsafeInput', () => {
  it('accepts ordinary text, emoji (surrogate pairs) included, and shallow data', () => {
    expect(unsafeInput({ email: 'marie@anor.fr', title: 'Fête 🎉', tags: ['a', 'b'], n: 1 }, 'input')).toBeUndefined();
  });

  it('names the field holding a lone surrogate, high or low', () => {
    expect(unsafeInput({ email: '\udfff@x.fr' }, '')).toEqual({ path: 'email', message: 'email is not valid text: it holds an unpaired UTF-16 surrogate' });
    expect(unsafeInput({ list: ['ok', 'a\ud800'] }, 'input')?.path).toBe('input.list[1]');
    expect(unsafeInput('\ud800', 'email')?.path).toBe('email');
  });

  it('refuses a key with a lone surrogate', () => {
    expect(unsafeInput({ ['\ud800']: 1 }, 'input')?.message).toMatch(/has a key that is not valid text/);
  });

  it('refuses nesting deeper than the limit without recursing through all of it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const refusal = unsafeInput({ email: deep }, '');
    expect(refusal?.message).toBe(`email${'.a'.repeat(MAX_INPUT_DEPTH - 1)} is nested more than ${MAX_INPUT_DEPTH} levels deep`);
    let ok: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) ok = { a: ok };
    expect(unsafeInput({ email: ok }, '')).toBeUndefined();
  });

  it('leaves class instances (the request context, dates) alone', () => {
    class Context { readonly self = this; }
    expect(unsafeInput(new Context(), '')).toBeUndefined();
    expect(unsafeInput(new Date(), '')).toBeUndefined();
  });
});
