import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DomainError, FieldError } from '../common/errors';
import { RequestContext } from '../common/request-context';
import type { AppConfig } from '../config/config';
import { MAX_BATCH_SIZE } from '../content/dto/content.fields';
import { CliCommand, CliIo, CliUsageError, withApplication } from './cli-app';
import { ImportRow, importRows } from './import-rows';

interface ImportOptions {
  file: string;
  as: string;
  message: string | undefined;
}

function importOptions(args: string[]): ImportOptions {
  let values: { file?: string; as?: string; message?: string };
  try {
    ({ values } = parseArgs({
      args, strict: true, allowPositionals: false,
      options: { file: { type: 'string' }, as: { type: 'string' }, message: { type: 'string' } },
    }));
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  if (!values.file) throw new CliUsageError('--file is required (a .csv or .json file)');
  if (!values.as) throw new CliUsageError('--as is required: the email of the staff member the items are created by');
  return { file: values.file, as: values.as, message: values.message };
}

/** A field path of the batch (`inputs.3.endsAt`) told as the file's place: `line 14: endsAt: …`. */
function describe(rows: ImportRow[], offset: number, field: FieldError): string {
  const match = /^inputs\.(\d+)(?:\.(.+))?$/.exec(field.path);
  if (!match) return field.message;
  const row = rows[offset + Number(match[1])];
  return `${row?.where ?? `item ${offset + Number(match[1]) + 1}`}${match[2] ? ` (${match[2]})` : ''}: ${field.message}`;
}

type Kind = 'events' | 'associations';

/** What GraphQL requires of a create input (`title: String!`) before class-validator sees it: a file must say it too. */
const REQUIRED_FIELDS: Record<Kind, string[]> = { events: ['title'], associations: ['name'] };

/**
 * Reads the whole file, checks every item as the API would (`createEvents` / `createAssociations`
 * inputs), and only if all are valid creates them as drafts, by batches of 100 in one transaction
 * each, through the content core: each gets its revision and change-journal row. A batch refused by a
 * rule the database checks (a slug already taken) stops the import: the batches before it stay.
 */
async function runImport(kind: Kind, args: string[], config: AppConfig, io: CliIo): Promise<void> {
  const options = importOptions(args);
  let content: string;
  try {
    content = readFileSync(options.file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read ${options.file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const rows = importRows(options.file, content);
  if (rows.length === 0) throw new Error(`${options.file} holds no item`);
  const started = Date.now();
  const created = await withApplication(config, io, 'everything', async (app) => {
    const [{ UsersService }, { InputValidationPipe }] = await Promise.all([import('../auth/users.service'), import('../common/validation.pipe')]);
    const actor = await app.get(UsersService).actorByEmail(options.as);
    const ctx = RequestContext.system(actor);
    const service = kind === 'events'
      ? app.get((await import('../events/events.service')).EventsService)
      : app.get((await import('../associations/associations.service')).AssociationsService);
    const argsType = kind === 'events'
      ? (await import('../events/dto/events.args')).CreateEventsArgs
      : (await import('../associations/dto/associations.args')).CreateAssociationsArgs;
    const pipe = new InputValidationPipe();
    // Every item is checked before anything is written, batch by batch (the API's own validation).
    const batches: Array<{ offset: number; inputs: unknown[] }> = [];
    const problems: string[] = [];
    for (const row of rows) {
      for (const field of REQUIRED_FIELDS[kind]) if (row.values[field] === undefined) problems.push(`${row.where} (${field}): ${field} is required`);
    }
    for (let offset = 0; offset < rows.length; offset += MAX_BATCH_SIZE) {
      const slice = rows.slice(offset, offset + MAX_BATCH_SIZE);
      try {
        const valid = await pipe.transform({ inputs: slice.map((row) => row.values) }, { type: 'body', metatype: argsType, data: '' }) as { inputs: unknown[] };
        batches.push({ offset, inputs: valid.inputs });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        problems.push(...(error.details.fields ?? []).map((field) => describe(rows, offset, field)));
      }
    }
    if (problems.length > 0) {
      throw new Error(`Nothing was imported: ${problems.length} problem(s) in ${options.file}\n${problems.join('\n')}`);
    }
    let count = 0;
    for (const batch of batches) {
      try {
        // The validated inputs are the DTO instances the API's resolvers receive.
        count += (await service.createMany(ctx, batch.inputs as never[], { message: options.message })).length;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const details = (error.details.fields ?? []).map((field) => describe(rows, batch.offset, field));
        throw new Error(`Stopped after ${count} ${kind} created (items before ${rows[batch.offset].where} are imported): ` +
          `${details.length > 0 ? `\n${details.join('\n')}` : error.message}`);
      }
    }
    return count;
  });
  const seconds = (Date.now() - started) / 1000;
  io.out(`Created ${created} ${kind} as drafts in ${seconds.toFixed(1)} s (${Math.round(created / seconds)} per second, start-up included)`);
}

export const importEvents: CliCommand = {
  usage: 'import:events --file <items.csv|items.json> --as <staff email> [--message <text>]',
  summary: 'create events as drafts from a CSV or JSON file (fields as in createEvent), all checked before any is written',
  run: (args, config, io) => runImport('events', args, config, io),
};

export const importAssociations: CliCommand = {
  usage: 'import:associations --file <items.csv|items.json> --as <staff email> [--message <text>]',
  summary: 'create associations as drafts from a CSV or JSON file (fields as in createAssociation)',
  run: (args, config, io) => runImport('associations', args, config, io),
};
