import { shorten } from './regional-agenda';

describe('shorten', () => {
  it('keeps a short text, with its spaces folded', () => {
    expect(shorten('  Marché   de Noël ', 140)).toBe('Marché de Noël');
  });

  it('cuts a long text at a word, within the limit, with an ellipsis', () => {
    const cut = shorten('Concert de la chorale des enfants de la commune et de ses amis', 30);
    expect(cut).toBe('Concert de la chorale des…');
    expect(cut.length).toBeLessThanOrEqual(30);
  });

  it('cuts inside a word only when the first word alone is too long', () => {
    expect(shorten('Anticonstitutionnellement dit', 10)).toBe('Anticonst…');
  });
});
