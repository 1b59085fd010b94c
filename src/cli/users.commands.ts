import { parseArgs } from 'node:util';
import { UsersService } from '../auth/users.service';
import { Role, ROLES } from '../common/request-context';
import { loadCliEnvironment } from '../config/cli-env';
import type { AppConfig } from '../config/config';
import { CliIo, CliUsageError, withApplication } from './cli-app';
import { readHiddenLine } from './prompt';

export interface CliCommand {
  usage: string;
  summary: string;
  run(args: string[], config: AppConfig, io: CliIo): Promise<void>;
}

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

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new CliUsageError(`--${flag} is required`);
  return value;
}

/** PARVIS_PASSWORD, or a hidden prompt (typed twice) on a terminal; refuses otherwise. */
async function newPassword(): Promise<string> {
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
    const user = await withApplication(config, io, (app) =>
      app.get(UsersService).create({ email, displayName, role: role as Role, password }));
    io.out(`Created ${user.role} ${user.email} (${user.id})`);
  },
};

export const usersList: CliCommand = {
  usage: 'users:list',
  summary: 'list staff accounts',
  async run(args, config, io) {
    options(args, [] as const);
    const users = await withApplication(config, io, (app) => app.get(UsersService).list());
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
    const user = await withApplication(config, io, (app) => app.get(UsersService).resetPassword(email, password));
    io.out(`New password set for ${user.email}; their sessions have ended`);
  },
};
