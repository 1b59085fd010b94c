import { ContentJournalEntry } from './content-journal.entity';
import type { ContentTypeDefinition } from './content-type';
import type { ContentWrite } from './content-write';
import { Channel, ContentOperation, ContentStatus } from './content.types';

/** One journal row to append. */
export interface JournalAppend {
  type: ContentTypeDefinition;
  id: string;
  operation: ContentOperation;
  version: number;
  /** A dependent's `visibility` row: appended only if the item's visibility differs from its last journal row's. */
  onlyIfVisibilityChanged: boolean;
}

const CHANNELS = Object.values(Channel);

/**
 * Appends the journal rows of a write in ONE statement (the caller holds the journal lock), each
 * with the item's public visibility after the write (`is_public`, `public_channels`), computed in
 * that statement from the items' rows with the type's `publicCondition` (the same SQL every public
 * read applies). Rows keep the order given, so `seq` follows it (a cause before its dependents).
 */
export async function appendJournal(write: ContentWrite, rows: readonly JournalAppend[]): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [
    rows.map((row) => row.type.name), rows.map((row) => row.id), rows.map((row) => row.operation),
    rows.map((row) => row.version), rows.map((row) => row.onlyIfVisibilityChanged),
    write.actor.userId, write.actor.apiKeyId ?? null,
  ];
  const param = (value: unknown): string => `$${params.push(value)}`;
  const visibilityOfEachType = [...new Set(rows.map((row) => row.type))]
    .map((type) => visibilitySql(write, type, param)).join('\n UNION ALL\n');
  await write.manager.query(
    `INSERT INTO content_journal (content_type, content_id, operation, version, actor_id, api_key_id, is_public, public_channels)
     SELECT change.content_type, change.content_id, change.operation::content_operation, change.version, $6::uuid, $7::uuid,
            visibility.is_public, visibility.public_channels
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::int[], $5::boolean[]) WITH ORDINALITY
            AS change(content_type, content_id, operation, version, only_if_changed, ord)
       LEFT JOIN LATERAL (${visibilityOfEachType}) AS visibility ON true
      WHERE NOT change.only_if_changed OR NOT EXISTS (
              SELECT 1 FROM (SELECT last.is_public, last.public_channels FROM content_journal last
                              WHERE last.content_type = change.content_type AND last.content_id = change.content_id
                              ORDER BY last.seq DESC LIMIT 1) AS last
               WHERE last.is_public IS NOT DISTINCT FROM visibility.is_public
                 AND last.public_channels IS NOT DISTINCT FROM visibility.public_channels)
      ORDER BY change.ord`,
    params,
  );
  // Raw SQL is invisible to TypeORM's entity subscribers: tell them of the insert as TypeORM's own
  // insert would (the response cache learns of this process's writes at their commit that way).
  await write.manager.queryRunner?.broadcaster.broadcast('AfterInsert', write.manager.connection.getMetadata(ContentJournalEntry), undefined);
}

/**
 * For one type, the public visibility of the item named by `change` (LATERAL): public on no
 * particular channel, and the channels on which it is public, each with the type's own condition.
 */
function visibilitySql(write: ContentWrite, type: ContentTypeDefinition, param: (value: unknown) => string): string {
  const table = write.manager.connection.getMetadata(type.entity).tableName;
  const live = `item.status = ${param(ContentStatus.PUBLISHED)}::content_status AND item.deleted_at IS NULL`;
  const onChannels = CHANNELS.map((channel) => {
    const value = param(channel);
    return `CASE WHEN ${live} AND item.channels @> ARRAY[${value}::channel] AND ${condition(type, channel, param)} THEN ${value}::channel END`;
  });
  return `SELECT (${live} AND ${condition(type, undefined, param)}) AS is_public,
                 array_remove(ARRAY[${onChannels.join(', ')}]::channel[], NULL) AS public_channels
            FROM "${table}" AS item
           WHERE change.content_type = ${param(type.name)} AND item.id = change.content_id`;
}

/** The type's publicCondition on alias `item`, its named parameters (`:name`) made positional. */
function condition(type: ContentTypeDefinition, channel: Channel | undefined, param: (value: unknown) => string): string {
  const extra = type.publicCondition?.('item', channel);
  if (!extra) return 'true';
  const sql = extra.sql.replace(/(?<!:):([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) =>
    (Object.prototype.hasOwnProperty.call(extra.parameters, name) ? param(extra.parameters[name]) : whole));
  return `(${sql})`;
}
