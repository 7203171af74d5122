/**
 * The table the store uses unless told otherwise.
 *
 * @example
 * ```sql
 * SELECT count(*) FROM hookguard_replay WHERE expires_at > now(); -- deliveries remembered now
 * ```
 */
export const DEFAULT_POSTGRES_REPLAY_TABLE = 'hookguard_replay';

// Lower case only, so the quoted name we use and the unquoted name a migration tool or a
// person types are the same table. 48 characters leave room for the index name's
// `_expires_at_idx` within PostgreSQL's 63-byte identifier limit, so it is never truncated.
const TABLE_PART = /^[a-z_][a-z0-9_]{0,47}$/;
const SCHEMA_PART = /^[a-z_][a-z0-9_]{0,62}$/;

/** A validated table name, ready to be put into SQL. */
export interface ReplayTableName {
  /** As given: `table` or `schema.table`. */
  readonly name: string;
  /** Quoted, schema-qualified when given: `"schema"."table"`. */
  readonly sql: string;
  /** The quoted name of its `expires_at` index (an index always lives in its table's schema). */
  readonly indexSql: string;
}

/**
 * Checks a table name (`table` or `schema.table`, lower-case letters, digits and `_`) and
 * quotes it for SQL. Identifiers cannot be bind parameters, so this check is what keeps the
 * name from ever being SQL. Throws a `TypeError` otherwise, at configuration time.
 *
 * @example
 * ```ts
 * parseTableName('webhooks.replay').sql; // '"webhooks"."replay"'
 * parseTableName('Replay; DROP TABLE x'); // throws TypeError
 * ```
 */
export function parseTableName(name: unknown): ReplayTableName {
  const parts = typeof name === 'string' ? name.split('.') : [];
  const table = parts.at(-1);
  const schema = parts.length === 2 ? parts[0] : undefined;
  const valid =
    table !== undefined &&
    parts.length <= 2 &&
    TABLE_PART.test(table) &&
    (schema === undefined || SCHEMA_PART.test(schema));
  if (!valid) {
    throw new TypeError(
      '[hookguard] PostgresReplayStore: table must be "name" or "schema.name" in lower-case letters, digits and _ (a name of at most 48 characters, not starting with a digit).',
    );
  }
  return {
    name: name as string,
    sql: parts.map((part) => `"${part}"`).join('.'),
    indexSql: `"${table}_expires_at_idx"`,
  };
}
