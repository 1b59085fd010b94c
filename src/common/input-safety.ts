import type { FieldError } from './errors';

/** Deeper than any input of the API (a procedure sheet's cases and documents are 4 levels). */
export const MAX_INPUT_DEPTH = 32;

// `String.prototype.isWellFormed` is ES2024 (Node 20 has it; our TypeScript lib is ES2023).
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * The first reason an input cannot be read as text and data, before any validator sees it:
 * - a string (value or key) with a lone UTF-16 surrogate (`"\udfff"` in JSON): it is not text, and
 *   validators that encode it (class-validator's isEmail → encodeURIComponent) throw a URIError;
 * - objects or arrays nested deeper than MAX_INPUT_DEPTH: the transform and validation steps
 *   recurse, and 1,500 levels overflowed the stack.
 * Only plain objects and arrays are walked (class instances such as the request context are not input).
 */
export function unsafeInput(value: unknown, path: string): FieldError | undefined {
  return check(value, path, 0);
}

function check(value: unknown, path: string, depth: number): FieldError | undefined {
  if (typeof value === 'string') {
    return isWellFormed(value) ? undefined : { path: path || 'input', message: `${path || 'The input'} is not valid text: it holds an unpaired UTF-16 surrogate` };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const isArray = Array.isArray(value);
  if (!isArray) {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return undefined;
  }
  if (depth >= MAX_INPUT_DEPTH) {
    return { path: path || 'input', message: `${path || 'The input'} is nested more than ${MAX_INPUT_DEPTH} levels deep` };
  }
  if (isArray) {
    for (let index = 0; index < value.length; index++) {
      const found = check(value[index], `${path}[${index}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (!isWellFormed(key)) return { path: path || 'input', message: `${path || 'The input'} has a key that is not valid text (an unpaired UTF-16 surrogate)` };
    const found = check(child, childPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}
