import pg from 'pg';
import type { PostgresPoolSettings } from './types.js';

/**
 * Settings for a pool the store opens itself. While PostgreSQL is unreachable a call fails
 * within `connectionTimeoutMillis` (at once when the port refuses), so verification answers
 * `503 replay_store_unavailable` promptly instead of holding requests; the pool opens new
 * connections on the next calls, so the service recovers by itself when the database is back.
 * `statement_timeout` bounds a statement stuck behind a lock; `query_timeout` a server that
 * stopped answering (the pool then drops that connection).
 *
 * @example
 * ```ts
 * // Your own pool, failing as fast as the store's would:
 * const pool = new pg.Pool({ ...FAIL_FAST_POOL_CONFIG, connectionString: process.env.DATABASE_URL });
 * const replayStore = new PostgresReplayStore({ pool });
 * ```
 */
export const FAIL_FAST_POOL_CONFIG: Readonly<Required<Omit<PostgresPoolSettings, 'ssl'>>> = {
  max: 10,
  connectionTimeoutMillis: 2000,
  idleTimeoutMillis: 30_000,
  statement_timeout: 5000,
  query_timeout: 10_000,
  application_name: 'hookguard',
};

/** Opens the store's own pool on `connectionString`. */
export function openPool(connectionString: string, settings: PostgresPoolSettings = {}): pg.Pool {
  return new pg.Pool({
    ...FAIL_FAST_POOL_CONFIG,
    ...settings,
    connectionString,
    // Dead peers are noticed by the OS instead of hanging an idle connection forever.
    keepAlive: true,
  });
}
