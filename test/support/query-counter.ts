import { Client } from 'pg';

/**
 * Counts the SQL statements the app sends while `work` runs (the app runs in the test's process,
 * so wrapping pg's Client.query sees every statement). For asserting that a request costs a
 * constant number of queries, never for timing.
 */
export async function countQueries<T>(work: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }> {
  const statements: string[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with the client as `this` and put back after the work
  const original = Client.prototype.query;
  // pg's query() is heavily overloaded; we only observe the first argument and pass everything on.
  Client.prototype.query = function patched(this: Client, ...args: unknown[]) {
    const first = args[0];
    statements.push(typeof first === 'string' ? first : String((first as { text?: string })?.text ?? ''));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
  try {
    const result = await work();
    return { result, count: statements.length, statements };
  } finally {
    Client.prototype.query = original;
  }
}
