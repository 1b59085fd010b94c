import 'reflect-metadata';
import { DomainError } from '../common/errors';
import { loadConfig } from '../config/config';
import { CliCommand, CliIo, CliUsageError } from './cli-app';
import { importAssociations, importEvents } from './import.commands';
import { seed } from './seed.command';
import { usersCreate, usersList, usersResetPassword } from './users.commands';

/**
 * `npm run cli -- <command> [--option value …]`. Commands run against the same database as
 * `npm start` (DATABASE_URL, or the embedded PostgreSQL: the running server's, or one started for the
 * command when no server runs). `npm run cli` runs this file from source through launch.cjs (each
 * file transpiled once and cached); the Docker image runs the compiled `dist/src/cli/main.js`.
 */
const COMMANDS: Record<string, CliCommand> = {
  'users:create': usersCreate,
  'users:list': usersList,
  'users:reset-password': usersResetPassword,
  seed,
  'import:events': importEvents,
  'import:associations': importAssociations,
};

const io: CliIo = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

function usage(): string {
  const width = Math.max(...Object.values(COMMANDS).map((command) => command.usage.length));
  return ['Usage: npm run cli -- <command> [options]', '',
    ...Object.values(COMMANDS).map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  try {
    await command.run(args, loadConfig(), io);
    return 0;
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.err(`${error.message}\nUsage: npm run cli -- ${command.usage}`);
      return 2;
    }
    if (error instanceof DomainError) {
      const fields = error.details.fields ?? [];
      io.err(fields.length > 0 ? fields.map((field) => field.message).join('\n') : error.message);
      return 1;
    }
    // Configuration problems, a database that will not start…: the message is meant for the operator.
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
