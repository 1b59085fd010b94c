import { parse as parseCsv } from 'csv-parse/sync';
import { extname } from 'node:path';

/**
 * Reads an import file into one plain object per item, named like the API's create input fields:
 * - `.json`: an array of inputs (as in `createEvents(inputs:)`), or `{ "items": [...] }`;
 * - `.csv`: a header row of input field names, then one item per row; `;` or `,` separated (French
 *   spreadsheets save with `;`), UTF-8 with or without BOM. An empty cell leaves the field out; a
 *   list field (`categoryIds`, `channels`, `exceptionDates`) holds its values separated by `|`;
 *   `true`/`false` (or `oui`/`non`) for yes/no fields; numbers for latitude and longitude.
 * Enum values may be written as the API spells them (`KIOSK`) or in lower case.
 * Pure apart from the content given; throws an Error whose message names the problem.
 */
export interface ImportRow {
  /** Where the item is in the file, for messages: `line 12` (CSV) or `item 3` (JSON). */
  where: string;
  values: Record<string, unknown>;
}

const LIST_FIELDS = new Set(['categoryIds', 'channels', 'exceptionDates']);
const BOOLEAN_FIELDS = new Set(['allDay', 'isFree', 'acceptsNewMembers']);
const NUMBER_FIELDS = new Set(['latitude', 'longitude']);
/** Enum fields, written in the files as the API spells them (`KIOSK`, `SOLD_OUT`) or in lower case. */
const ENUM_FIELDS = new Set(['channels', 'eventStatus']);

/** The API's enum names (`SOLD_OUT`) as the values the inputs hold (`sold_out`). */
function withEnumValues(values: Record<string, unknown>): Record<string, unknown> {
  const lower = (value: unknown): unknown => (typeof value === 'string' ? value.toLowerCase() : value);
  return Object.fromEntries(Object.entries(values).map(([field, value]) =>
    [field, ENUM_FIELDS.has(field) ? (Array.isArray(value) ? value.map(lower) : lower(value)) : value]));
}

export function importRows(fileName: string, content: string): ImportRow[] {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.json') return jsonRows(content);
  if (extension === '.csv') return csvRows(content);
  throw new Error(`${fileName}: give a .csv or .json file`);
}

function jsonRows(content: string): ImportRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new Error(`The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new Error('The JSON file must hold an array of items, or { "items": [...] }');
  return items.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new Error(`item ${index + 1}: not an object`);
    return { where: `item ${index + 1}`, values: withEnumValues(item as Record<string, unknown>) };
  });
}

function csvRows(content: string): ImportRow[] {
  let records: Array<Record<string, string>>;
  try {
    records = parseCsv(content, { bom: true, columns: true, delimiter: [';', ','], skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
  } catch (error) {
    throw new Error(`The CSV file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Line 1 is the header.
  return records.map((record, index) => ({ where: `line ${index + 2}`, values: withEnumValues(csvValues(record)) }));
}

function csvValues(record: Record<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(record)) {
    if (raw === '') continue;
    if (LIST_FIELDS.has(field)) values[field] = raw.split('|').map((part) => part.trim()).filter(Boolean);
    else if (BOOLEAN_FIELDS.has(field)) values[field] = /^(true|oui|yes|1)$/i.test(raw) ? true : /^(false|non|no|0)$/i.test(raw) ? false : raw;
    else if (NUMBER_FIELDS.has(field)) values[field] = Number.isNaN(Number(raw.replace(',', '.'))) ? raw : Number(raw.replace(',', '.'));
    else values[field] = raw;
  }
  return values;
}
