import type { ConnectionOptions } from 'node:tls';

/**
 * What the store needs of a connection pool: a `query(text, values)` that resolves with
 * rows and a row count. A `pg.Pool` has it; so does anything with pg's query API.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool: PostgresQueryable = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export interface PostgresQueryable {
  query(
    text: string,
    values?: unknown[],
  ): Promise<{ readonly rows: readonly unknown[]; readonly rowCount: number | null }>;
}

/**
 * Settings for the pool the store opens from a connection string, over
 * `FAIL_FAST_POOL_CONFIG`. For anything else pg's `Pool` accepts, open the pool yourself and
 * pass `{ pool }`.
 *
 * @example
 * ```ts
 * const poolSettings: PostgresPoolSettings = { max: 4, ssl: { rejectUnauthorized: true } };
 * ```
 */
export interface PostgresPoolSettings {
  /** Connections at most. Default 10. */
  readonly max?: number;
  /** How long to wait for a new connection before the call fails, in ms. Default 2000. */
  readonly connectionTimeoutMillis?: number;
  /** How long an unused connection stays open, in ms. Default 30,000. */
  readonly idleTimeoutMillis?: number;
  /** Server-side limit on one statement, in ms. Default 5000. */
  readonly statement_timeout?: number;
  /** Client-side limit on waiting for an answer, in ms (a server that stopped answering). Default 10,000. */
  readonly query_timeout?: number;
  /** TLS, as for pg (`true`, or Node's `tls.connect` options). Default: as in the connection string. */
  readonly ssl?: boolean | ConnectionOptions;
  /** The name the connections show in `pg_stat_activity`. Default `hookguard`. */
  readonly application_name?: string;
}

/** Options shared by both ways of giving the store a database. */
interface CommonOptions {
  /** The table, `name` or `schema.name`. Default `hookguard_replay`. */
  readonly table?: string;
  /**
   * How often this instance deletes expired rows, in ms; `false` for never (run `sweep()`
   * yourself, e.g. from a cron job). Default 60,000.
   */
  readonly sweepIntervalMs?: number | false;
  /** Rows one sweep statement deletes at most. Default 1000. */
  readonly sweepBatchSize?: number;
  /**
   * Where warnings go (PostgreSQL lost and back, a failed background sweep); default
   * `console.warn`. They never include the connection string or the password.
   */
  readonly warn?: (message: string) => void;
}

/**
 * Options for `PostgresReplayStore`: reuse your application's pool, or give a connection
 * string to open one.
 *
 * @example
 * ```ts
 * const reused: PostgresReplayStoreOptions = { pool, table: 'webhooks.replay' };
 * const owned: PostgresReplayStoreOptions = { connectionString: process.env.DATABASE_URL!, sweepIntervalMs: false };
 * ```
 */
export type PostgresReplayStoreOptions = CommonOptions &
  (
    | {
        /**
         * Your application's `pg.Pool`, reused. The store never ends it, and leaves its
         * `error` event to you (pg emits one when an idle connection drops: listen to it).
         */
        readonly pool: PostgresQueryable;
        readonly connectionString?: never;
        readonly poolSettings?: never;
      }
    | {
        /** A `postgres://` URL; the store opens its own pool, and `close()` ends it. */
        readonly connectionString: string;
        /** Overrides of `FAIL_FAST_POOL_CONFIG` for that pool. */
        readonly poolSettings?: PostgresPoolSettings;
        readonly pool?: never;
      }
  );

/**
 * Options for `PostgresReplayStore.connect`: those of a store on a connection string, and
 * whether to create the table first.
 *
 * @example
 * ```ts
 * const options: PostgresConnectOptions = { migrate: true, table: 'webhooks.replay' };
 * ```
 */
export type PostgresConnectOptions = CommonOptions & {
  /** Overrides of `FAIL_FAST_POOL_CONFIG` for the store's pool. */
  readonly poolSettings?: PostgresPoolSettings;
  /** Run `migrate()` (CREATE TABLE IF NOT EXISTS …) before resolving. Default false. */
  readonly migrate?: boolean;
};
