import type { ReplayStore } from '@hookguard/core';
import type pg from 'pg';
import { ConnectionHealth } from './connection-health.js';
import { describeError, isConnectionError } from './describe-error.js';
import { openPool } from './pool-config.js';
import { postgresReplaySchema } from './replay-schema.js';
import { DONE, leaseState, type ReplayStatements, replayStatements } from './replay-statements.js';
import { startSweeper } from './start-sweeper.js';
import { DEFAULT_POSTGRES_REPLAY_TABLE, parseTableName } from './table-name.js';
import type {
  PostgresConnectOptions,
  PostgresQueryable,
  PostgresReplayStoreOptions,
} from './types.js';

/**
 * How often an instance deletes expired rows by default, in ms.
 *
 * @example
 * ```ts
 * new PostgresReplayStore({ pool, sweepIntervalMs: 5 * DEFAULT_SWEEP_INTERVAL_MS });
 * ```
 */
export const DEFAULT_SWEEP_INTERVAL_MS = 60_000;
/**
 * Rows one sweep statement deletes at most, by default.
 *
 * @example
 * ```ts
 * new PostgresReplayStore({ pool, sweepBatchSize: DEFAULT_SWEEP_BATCH_SIZE * 5 });
 * ```
 */
export const DEFAULT_SWEEP_BATCH_SIZE = 1000;

// The core's ClaimResult, spelled from the interface so this package needs only ReplayStore.
type ClaimResult = Awaited<ReturnType<ReplayStore['claim']>>;

const PREFIX = '[hookguard] PostgresReplayStore:';

function fail(message: string): never {
  throw new TypeError(`${PREFIX} ${message}`);
}

function durationMs(ms: number, name: string): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
    fail(`${name} must be a number of milliseconds > 0.`);
  }
  return ms;
}

/** The connection string and its password, as they may appear in a message, to mask. */
function secretsOf(connectionString: string): string[] {
  try {
    const { password } = new URL(connectionString);
    return [connectionString, password, decodeURIComponent(password)];
  } catch {
    return [connectionString];
  }
}

/**
 * A replay store on PostgreSQL, shared by every instance of your service: a delivery
 * accepted by one instance is refused as `replayed` by all the others, and the records
 * survive a restart of the database. Each call is one statement (a commit whose lease ran
 * out, two), atomic per key under PostgreSQL's default READ COMMITTED isolation, timed by
 * the database's clock. Expired rows count as absent at once and are deleted by a
 * periodic sweep.
 *
 * @example
 * ```ts
 * const replayStore = await PostgresReplayStore.connect(process.env.DATABASE_URL!, { migrate: true });
 * app.post('/webhooks/cashfree', webhook(scheme, { replayStore }), handler);
 * ```
 */
export class PostgresReplayStore implements ReplayStore {
  /** The table, as given (`name` or `schema.name`). */
  readonly table: string;
  private readonly pool: PostgresQueryable;
  private readonly owned: pg.Pool | undefined;
  private readonly sql: ReplayStatements;
  private readonly migration: string;
  private readonly sweepBatchSize: number;
  private readonly warn: (message: string) => void;
  private readonly health: ConnectionHealth;
  private readonly secrets: readonly string[];
  private stopSweeper: (() => void) | undefined;
  private closed = false;

  constructor(options: PostgresReplayStoreOptions) {
    if (options === null || typeof options !== 'object') {
      fail('give { pool } or { connectionString: "postgres://…" }.');
    }
    const table = parseTableName(options.table ?? DEFAULT_POSTGRES_REPLAY_TABLE);
    const interval = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    if (interval !== false && (!Number.isSafeInteger(interval) || interval < 1)) {
      fail('sweepIntervalMs must be a whole number of milliseconds ≥ 1, or false.');
    }
    const batch = options.sweepBatchSize ?? DEFAULT_SWEEP_BATCH_SIZE;
    if (!Number.isSafeInteger(batch) || batch < 1)
      fail('sweepBatchSize must be a whole number ≥ 1.');
    const warn = options.warn ?? console.warn;
    if (typeof warn !== 'function') fail('warn must be a function.');

    this.table = table.name;
    this.sql = replayStatements(table);
    // One message of several statements runs as one implicit transaction, so the advisory
    // lock is held until the table and index exist: two instances migrating at once would
    // otherwise race inside CREATE TABLE IF NOT EXISTS (a unique violation on pg_type).
    this.migration = `SELECT pg_advisory_xact_lock(hashtext('hookguard:migrate:${table.name}'));\n${postgresReplaySchema(table.name)}`;
    this.sweepBatchSize = batch;
    this.warn = warn;
    this.health = new ConnectionHealth(warn);

    if (options.pool !== undefined) {
      if (options.pool === null || typeof options.pool.query !== 'function') {
        fail('pool must be a pg Pool (anything with query(text, values)).');
      }
      this.pool = options.pool;
      this.owned = undefined;
      this.secrets = [];
    } else {
      const { connectionString } = options;
      if (typeof connectionString !== 'string' || !/^postgres(ql)?:\/\//.test(connectionString)) {
        fail('give { pool } or { connectionString: "postgres://…" }.');
      }
      const secrets = secretsOf(connectionString);
      const pool = openPool(connectionString, options.poolSettings);
      // pg emits `error` when an idle connection drops (a restart, a failover); with no
      // listener that event would crash the process.
      pool.on('error', (error) => {
        if (!this.closed) this.health.failed(describeError(error, secrets));
      });
      this.pool = pool;
      this.owned = pool;
      this.secrets = secrets;
    }

    if (interval !== false) {
      this.stopSweeper = startSweeper(
        () => this.sweep(),
        interval,
        (error) => this.sweepFailed(error),
      );
    }
  }

  /**
   * Opens a store on `connectionString` and resolves once a first query on its table
   * succeeds (after creating the table with `{ migrate: true }`), so a wrong URL, password
   * or table fails at startup rather than on the first delivery. The rejection names the
   * cause by its code, never with the connection string.
   *
   * @example
   * ```ts
   * const replayStore = await PostgresReplayStore.connect(process.env.DATABASE_URL!, { table: 'webhooks.replay' });
   * ```
   */
  static async connect(
    connectionString: string,
    options: PostgresConnectOptions = {},
  ): Promise<PostgresReplayStore> {
    const { migrate, ...storeOptions } = options;
    const store = new PostgresReplayStore({ ...storeOptions, connectionString });
    try {
      if (migrate === true) await store.pool.query(store.migration);
      await store.pool.query(store.sql.probe);
    } catch (error) {
      await store.close();
      throw new Error(
        `${PREFIX} could not use PostgreSQL (${describeError(error, store.secrets)}).`,
        { cause: error },
      );
    }
    return store;
  }

  /**
   * Takes a lease on `key` for `leaseMs` when it is absent or expired, in one statement;
   * otherwise says what holds it. A claim repeated with the token that holds the live lease
   * answers `claimed` again (it holds it) and does not extend it.
   */
  async claim(key: string, token: string, leaseMs: number): Promise<ClaimResult> {
    const lease = leaseState(token);
    const { rows } = await this.run('claim', this.sql.claim, [
      key,
      lease,
      durationMs(leaseMs, 'leaseMs'),
    ]);
    const state = (rows[0] as { state?: unknown } | undefined)?.state;
    // The row as the claim left it: ours when we took the key (see replay-statements.ts).
    if (state === lease) return 'claimed';
    return state === DONE ? 'replayed' : 'in-progress';
  }

  /**
   * Turns `token`'s live lease into a record kept `ttlMs` and resolves true; when the lease
   * was gone, records the delivery anyway unless a live record exists, and resolves false.
   */
  async commit(key: string, token: string, ttlMs: number): Promise<boolean> {
    const ttl = durationMs(ttlMs, 'ttlMs');
    const owned = await this.run('commit', this.sql.commitOwned, [key, leaseState(token), ttl]);
    if (owned.rowCount === 1) return true;
    await this.run('commit', this.sql.commitAnyway, [key, ttl]);
    return false;
  }

  /** Deletes `token`'s live lease on `key` (compare-and-delete); resolves whether it did. */
  async release(key: string, token: string): Promise<boolean> {
    const { rowCount } = await this.run('release', this.sql.release, [key, leaseState(token)]);
    return rowCount === 1;
  }

  /**
   * Deletes expired rows, in statements of at most `sweepBatchSize` rows, until a statement
   * finds fewer; resolves how many it deleted. Runs by itself every `sweepIntervalMs`; call
   * it yourself when that is off. Expired rows already count as absent: the sweep only
   * keeps the table small.
   *
   * @example
   * ```ts
   * const deleted = await replayStore.sweep();
   * ```
   */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await this.run('sweep', this.sql.sweepBatch, [this.sweepBatchSize]);
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < this.sweepBatchSize) return total;
    }
  }

  /**
   * Creates the table and its index when missing (`CREATE … IF NOT EXISTS`, the SQL of
   * `postgresReplaySchema`), safe to run from several instances at once. Needs the right to
   * create tables; where migrations are run by a tool instead, run that SQL there.
   *
   * @example
   * ```ts
   * await replayStore.migrate();
   * ```
   */
  async migrate(): Promise<void> {
    await this.run('migrate', this.migration);
  }

  /**
   * Stops the sweep and ends the pool the store opened; a pool you gave it is left open.
   *
   * @example
   * ```ts
   * process.on('SIGTERM', () => replayStore.close());
   * ```
   */
  async close(): Promise<void> {
    this.stopSweeper?.();
    this.stopSweeper = undefined;
    if (this.closed) return;
    this.closed = true;
    await this.owned?.end();
  }

  /**
   * Runs one statement. A failure rejects with a message that names the operation and the
   * cause's code (never the connection string), the driver's error as its `cause`.
   */
  private async run(operation: string, text: string, values?: unknown[]) {
    try {
      const result = await this.pool.query(text, values);
      this.health.succeeded();
      return result;
    } catch (error) {
      const reason = describeError(error, this.secrets);
      if (!this.closed && isConnectionError(error)) this.health.failed(reason);
      // The driver's code goes on the error too: hookguard's warn line names only an error's
      // kind and code (ECONNRESET, a SQLSTATE), never its message.
      const code = (error as { code?: unknown } | null)?.code;
      throw Object.assign(
        new Error(`${PREFIX} ${operation} failed (${reason}).`, { cause: error }),
        {
          code: typeof code === 'string' ? code : 'ERR_POSTGRES',
        },
      );
    }
  }

  private sweepFailed(error: unknown): void {
    const cause = (error as { cause?: unknown }).cause;
    // An unreachable database was already reported once by run(); say nothing per sweep.
    if (this.closed || isConnectionError(cause)) return;
    this.warn(
      `${PREFIX} the expiry sweep failed (${describeError(cause, this.secrets)}); expired rows stay in the table until a sweep succeeds (they already count as absent).`,
    );
  }
}
