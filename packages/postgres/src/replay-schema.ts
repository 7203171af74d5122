import { DEFAULT_POSTGRES_REPLAY_TABLE, parseTableName } from './table-name.js';

/**
 * The migration that creates the replay table (`table` defaults to `hookguard_replay`):
 * one row per delivery key, its state (`done`, or `lease:<token>` while a delivery is being
 * handled) and when it expires, with an index on the expiry for the sweep. Idempotent
 * (`IF NOT EXISTS`), so it can be run on every deploy.
 *
 * @example
 * ```ts
 * // In a migration file of your tool of choice:
 * await sql.unsafe(postgresReplaySchema('webhooks.replay'));
 * ```
 */
export function postgresReplaySchema(table: string = DEFAULT_POSTGRES_REPLAY_TABLE): string {
  const name = parseTableName(table);
  return [
    `CREATE TABLE IF NOT EXISTS ${name.sql} (`,
    '  key text PRIMARY KEY,',
    '  state text NOT NULL,',
    '  expires_at timestamptz NOT NULL',
    ');',
    `CREATE INDEX IF NOT EXISTS ${name.indexSql} ON ${name.sql} (expires_at);`,
  ].join('\n');
}

/**
 * {@link postgresReplaySchema} for the default table, `hookguard_replay`.
 *
 * @example
 * ```sh
 * node -e 'console.log(require("@hookguard/postgres").POSTGRES_REPLAY_SCHEMA_SQL)' > migrations/001_hookguard_replay.sql
 * ```
 */
export const POSTGRES_REPLAY_SCHEMA_SQL: string = postgresReplaySchema();
