import { DomainError } from '../errors';
import { decodeCursor, decodeCursorParts, encodeCursor, encodeCursorParts } from './keyset';

const ID = '6f1c2a1e-0000-4000-8000-000000000001';

/** The refusal a malformed cursor gets: BAD_USER_INPUT on `after`. */
function refusalOf(decode: () => unknown): { code: string; paths: string[] } {
  try {
    decode();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, paths: (error.details.fields ?? []).map((field) => field.path) };
  }
  throw new Error('expected the cursor to be refused');
}

const raw = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe('cursors', () => {
  it('gives back the values a list put in its cursor', () => {
    expect(decodeCursorParts(encodeCursorParts(['2026-05-01 10:00:00+02', 'journal', '42']), 3)).toEqual(['2026-05-01 10:00:00+02', 'journal', '42']);
    const at = new Date('2026-05-01T08:00:00.000Z');
    expect(decodeCursor(encodeCursor(at, ID), 'date')).toEqual({ value: at, id: ID });
    expect(decodeCursor(encodeCursor(3, ID), 'number')).toEqual({ value: 3, id: ID });
  });

  it.each([
    ['text that is not base64 JSON', 'not-a-cursor'],
    ['JSON that is not an array', raw('{"a":1}')],
    ['an array of the wrong length', encodeCursorParts(['a', 'b'])],
  ])('refuses %s as BAD_USER_INPUT on after', (_label, cursor) => {
    expect(refusalOf(() => decodeCursorParts(cursor, 3))).toEqual({ code: 'BAD_USER_INPUT', paths: ['after'] });
  });

  it('refuses a keyset cursor whose id is not a UUID or whose value is not of the list\'s kind', () => {
    expect(refusalOf(() => decodeCursor(encodeCursorParts([3, 'not-an-id']), 'number'))).toEqual({ code: 'BAD_USER_INPUT', paths: ['after'] });
    expect(refusalOf(() => decodeCursor(encodeCursor('abc', ID), 'date'))).toEqual({ code: 'BAD_USER_INPUT', paths: ['after'] });
    expect(refusalOf(() => decodeCursor(encodeCursor(3, ID), 'string'))).toEqual({ code: 'BAD_USER_INPUT', paths: ['after'] });
  });
});
