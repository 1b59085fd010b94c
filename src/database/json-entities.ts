import { EntityMetadata, ValueTransformer } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Entities read as one JSON value per row (`to_jsonb(alias)`, keys are column names) instead of
 * one text value per column. A list's rows then cost a JSON.parse in pg rather than a parser call per
 * column (pg's date parsing alone was most of an events page's CPU), and can come in the same
 * statement as the rows they belong to. Values become what TypeORM would give: `timestamptz` as
 * Date, column transformers applied; other JSON values (text, numbers, booleans, arrays of enums or
 * dates, jsonb) are already in their entity form.
 */
export class JsonEntityReader<T extends object> {
  private readonly columns: readonly ColumnMetadata[];

  constructor(private readonly metadata: EntityMetadata, excludedProperties: readonly string[] = []) {
    this.columns = metadata.columns.filter((column) => !excludedProperties.includes(column.propertyName));
  }

  /** The SQL of the row `alias` as JSON without the excluded columns (a jsonb expression). */
  selectSql(alias: string): string {
    const excluded = this.metadata.columns.filter((column) => !this.columns.includes(column)).map((column) => ` - '${column.databaseName}'`).join('');
    return `(to_jsonb(${alias})${excluded})`;
  }

  entity(json: Record<string, unknown>): T {
    // As TypeORM hydrates: the prototype without running the constructor (no own property for a column left out).
    const entity = this.metadata.create(undefined, { fromDeserializer: true }) as Record<string, unknown>;
    for (const column of this.columns) {
      let value = json[column.databaseName];
      if (value === undefined) continue;
      if (value !== null && column.type === 'timestamptz') value = new Date(value as string);
      if (column.transformer) value = transformFrom(column.transformer, value);
      entity[column.propertyName] = value;
    }
    return entity as T;
  }
}

function transformFrom(transformer: ValueTransformer | ValueTransformer[], value: unknown): unknown {
  // TypeORM applies a list of transformers in reverse order when reading.
  const list = Array.isArray(transformer) ? [...transformer].reverse() : [transformer];
  return list.reduce<unknown>((current, one) => one.from(current) as unknown, value);
}
