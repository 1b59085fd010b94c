import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it('recognises a refused or reset connection, also inside an AggregateError', () => {
    expect(isDatabaseUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('read ECONNRESET', 'ECONNRESET'))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''))).toBe(true);
  });

  it('recognises node-postgres messages for a lost connection or a pool that cannot connect in time', () => {
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
  });

  it('recognises a server shutting down, crashed, starting or full, through TypeORM\'s QueryFailedError', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006']) {
      const failed = new QueryFailedError('SELECT 1', [], withCode('terminating connection', code));
      expect(isDatabaseUnavailable(failed)).toBe(true);
    }
  });

  it('leaves statement errors and configuration mistakes alone', () => {
    expect(isDatabaseUnavailable(new QueryFailedError('INSERT', [], withCode('duplicate key', '23505')))).toBe(false);
    expect(isDatabaseUnavailable(withCode('password authentication failed for user "parvis"', '28P01'))).toBe(false);
    expect(isDatabaseUnavailable(withCode('database "parvis" does not exist', '3D000'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
