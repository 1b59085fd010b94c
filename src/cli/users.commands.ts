import { parseArgs } from 'node:util';
import type { UsersService } from '../auth/users.service';
import { invalidField } from '../common/errors';
import { Role, ROLES } from '../common/request-context';
import { isAcceptablePassword, PASSWORD_LENGTH_MESSAGE } from '../auth/password';
import { loadCliEnvironment } from '../config/cli-env';
import type { AppConfig } from '../config/config';
import { CliCommand, CliIo, CliUsageError, withApplication } from './cli-app';
import { readHiddenLine } from './prompt';

/** Kept for commands that import it from here; it lives in cli-app.ts. */
export type { CliCommand } from './cli-app';

function options<T extends string>(args: string[], names: readonly T[]): Partial<Record<T, string>> {
  try {
    const { values } = parseArgs({
      args,
      options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    });
    return values as Partial<Record<T, string>>;
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The application's UsersService, on the database of `npm start`. */
async function withUsers<T>(config: AppConfig, io: CliIo, work: (users: UsersService) => Promise<T>): Promise<T> {
  const { UsersService: service } = await import('../auth/users.service');
  return withApplication(config, io, 'users', (app) => work(app.get(service)));
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new CliUsageError(`--${flag} is required`);
  return value;
}

/**
 * PARVIS_PASSWORD, or a hidden prompt (typed twice) on a terminal; refuses otherwise. Checked here
 * already (the service checks again) so that a bad password fails before the database starts.
 */
async function newPassword(): Promise<string> {
  const password = await readNewPassword();
  if (!isAcceptablePassword(password)) throw invalidField('password', PASSWORD_LENGTH_MESSAGE);
  return password;
}

async function readNewPassword(): Promise<string> {
  const fromEnv = loadCliEnvironment().password;
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new CliUsageError('No password: set PARVIS_PASSWORD, or run the command in a terminal to type it');
  }
  const first = await readHiddenLine('Password (12 characters or more): ');
  const second = await readHiddenLine('Same password again: ');
  if (first !== second) throw new CliUsageError('The two passwords differ');
  return first;
}

export const usersCreate: CliCommand = {
  usage: 'users:create --email <email> --name <display name> --role <admin|editor|contributor>',
  summary: 'create a staff account (password from PARVIS_PASSWORD or typed)',
  async run(args, config, io) {
    const values = options(args, ['email', 'name', 'role'] as const);
    const email = required(values.email, 'email');
    const displayName = required(values.name, 'name');
    const role = required(values.role, 'role');
    if (!(ROLES as readonly string[]).includes(role)) throw new CliUsageError(`--role must be one of ${ROLES.join(', ')}`);
    const password = await newPassword();
    const user = await withUsers(config, io, (users) => users.create({ email, displayName, role: role as Role, password }));
    io.out(`Created ${user.role} ${user.email} (${user.id})`);
  },
};

export const usersList: CliCommand = {
  usage: 'users:list',
  summary: 'list staff accounts',
  async run(args, config, io) {
    options(args, [] as const);
    const users = await withUsers(config, io, (service) => service.list());
    if (users.length === 0) {
      io.out('No users yet. Create the first admin with: npm run cli -- users:create --email … --name … --role admin');
      return;
    }
    const width = Math.max(...users.map((user) => user.email.length));
    for (const user of users) {
      const state = user.disabled ? 'disabled' : 'active';
      io.out(`${user.email.padEnd(width)}  ${user.role.padEnd(11)}  ${state.padEnd(8)}  ${user.displayName}`);
    }
  },
};

export const usersResetPassword: CliCommand = {
  usage: 'users:reset-password --email <email>',
  summary: 'set a new password (PARVIS_PASSWORD or typed), end the account\'s sessions and lift a login lock',
  async run(args, config, io) {
    const email = required(options(args, ['email'] as const).email, 'email');
    const password = await newPassword();
    const user = await withUsers(config, io, (users) => users.resetPassword(email, password));
    io.out(`New password set for ${user.email}; their sessions have ended`);
  },
};
