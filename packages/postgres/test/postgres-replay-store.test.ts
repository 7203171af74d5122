import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import {
  POSTGRES_REPLAY_SCHEMA_SQL,
  PostgresReplayStore,
  type PostgresReplayStoreOptions,
  postgresReplaySchema,
} from '@hookguard/postgres';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { eventually } from '../../../test/support/eventually.js';
import { freePort } from '../../../test/support/redis-server.js';

const url = inject('postgresUrl');
const PASSWORD = 'hunter2-s3cret';
// The test server trusts every loopback login: the password is sent nowhere, only carried.
const urlWithPassword = url.replace('postgres@', `postgres:${PASSWORD}@`);
const admin = new pg.Pool({ connectionString: url });
const opened: PostgresReplayStore[] = [];

afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await admin.end();
});

const freshTable = () => `t_${randomUUID().replaceAll('-', '')}`;

function open(options: Partial<PostgresReplayStoreOptions> = {}): PostgresReplayStore {
  const store = new PostgresReplayStore({
    connectionString: url,
    sweepIntervalMs: false,
    ...options,
  } as PostgresReplayStoreOptions);
  opened.push(store);
  return store;
}

/** A migrated store on a fresh table. */
async function migrated(options: Partial<PostgresReplayStoreOptions> = {}) {
  const table = freshTable();
  const store = open({ table, ...options });
  await store.migrate();
  return { store, table };
}

/** A pool that records every statement it is sent. */
function recording(pool: pg.Pool) {
  const calls: { text: string; values: unknown[] | undefined }[] = [];
  return {
    calls,
    pool: {
      query(text: string, values?: unknown[]) {
        calls.push({ text, values });
        return pool.query(text, values);
      },
    },
  };
}

describe('schema and migration', () => {
  it('migrate() creates the table and its expiry index, and is idempotent, even run by several instances at once', async () => {
    const table = freshTable();
    const stores = Array.from({ length: 4 }, () => open({ table }));
    // Concurrent CREATE TABLE IF NOT EXISTS can fail on pg_type without the migration's lock.
    await Promise.all(stores.map((store) => store.migrate()));
    const [store] = stores as [PostgresReplayStore];
    const owner = randomUUID();
    await store.claim('k', owner, 60_000);
    await store.commit('k', owner, 60_000);

    await store.migrate();
    await admin.query(postgresReplaySchema(table));
    expect(await store.claim('k', randomUUID(), 60_000)).toBe('replayed');

    const columns = await admin.query(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    expect(columns.rows).toEqual([
      { column_name: 'key', data_type: 'text', is_nullable: 'NO' },
      { column_name: 'state', data_type: 'text', is_nullable: 'NO' },
      { column_name: 'expires_at', data_type: 'timestamp with time zone', is_nullable: 'NO' },
    ]);
    const indexes = await admin.query(
      'SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname',
      [table],
    );
    expect(indexes.rows.map((row) => row.indexdef)).toEqual([
      expect.stringMatching(
        new RegExp(`^CREATE INDEX ${table}_expires_at_idx .* \\(expires_at\\)$`),
      ),
      expect.stringMatching(/^CREATE UNIQUE INDEX .* \(key\)$/),
    ]);
  });

  it('the exported schema SQL is the migration of the default table, hookguard_replay', () => {
    expect(POSTGRES_REPLAY_SCHEMA_SQL).toBe(postgresReplaySchema('hookguard_replay'));
    expect(POSTGRES_REPLAY_SCHEMA_SQL).toContain('CREATE TABLE IF NOT EXISTS "hookguard_replay" (');
    expect(POSTGRES_REPLAY_SCHEMA_SQL).toContain(
      'CREATE INDEX IF NOT EXISTS "hookguard_replay_expires_at_idx" ON "hookguard_replay" (expires_at);',
    );
    expect(new PostgresReplayStore({ connectionString: url, sweepIntervalMs: false }).table).toBe(
      'hookguard_replay',
    );
  });

  it('takes a schema-qualified table, and keeps its rows there', async () => {
    const schema = `s_${randomUUID().replaceAll('-', '')}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    const store = open({ table: `${schema}.replay` });
    await store.migrate();
    expect(await store.claim('k', randomUUID(), 60_000)).toBe('claimed');
    const rows = await admin.query(`SELECT key FROM ${schema}.replay`);
    expect(rows.rows).toEqual([{ key: 'k' }]);
  });

  it.each([
    ['SQL', 'replay; DROP TABLE users'],
    ['a quote', 'replay"x'],
    ['upper case', 'Replay'],
    ['a leading digit', '1replay'],
    ['three parts', 'a.b.c'],
    ['an empty part', 'public.'],
    ['a name too long for its index name', 'x'.repeat(49)],
    ['a non-string', 42],
  ])('refuses a table name with %s as a TypeError at construction', (_, table) => {
    expect(
      () => new PostgresReplayStore({ connectionString: url, table: table as string }),
    ).toThrow(TypeError);
    expect(() => postgresReplaySchema(table as string)).toThrow(TypeError);
  });

  it('accepts a name of 48 characters, and a schema-qualified name', () => {
    const table = `a${'x'.repeat(47)}`;
    expect(postgresReplaySchema(table)).toContain(`"${table}_expires_at_idx"`);
    expect(
      new PostgresReplayStore({ pool: admin, table: 'my_schema.replay_2', sweepIntervalMs: false })
        .table,
    ).toBe('my_schema.replay_2');
  });
});

describe('time comes from the database', () => {
  it('a row whose expires_at has passed by the database clock counts as absent', async () => {
    const { store, table } = await migrated();
    await admin.query(
      `INSERT INTO ${table} (key, state, expires_at) VALUES
        ('old-lease', 'lease:owner', now() - interval '1 second'),
        ('old-record', 'done', now() - interval '1 second')`,
    );
    expect(await store.release('old-lease', 'owner')).toBe(false);
    expect(await store.commit('old-lease', 'owner', 60_000)).toBe(false);
    expect(await store.claim('old-lease', randomUUID(), 60_000)).toBe('replayed');
    expect(await store.claim('old-record', randomUUID(), 60_000)).toBe('claimed');
  });

  it('a row whose expires_at is ahead by the database clock holds the key', async () => {
    const { store, table } = await migrated();
    await admin.query(
      `INSERT INTO ${table} (key, state, expires_at) VALUES
        ('lease', 'lease:owner', now() + interval '1 hour'),
        ('record', 'done', now() + interval '1 hour')`,
    );
    expect(await store.claim('lease', randomUUID(), 1)).toBe('in-progress');
    expect(await store.claim('record', randomUUID(), 1)).toBe('replayed');
    expect(await store.release('lease', 'owner')).toBe(true);
  });

  it("an instance whose database session reads a clock an hour ahead sees another's 60 s lease as expired: no time is taken in Node", async () => {
    const { store, table } = await migrated();
    // `now()` resolves through the search_path, so this session's now() is an hour ahead,
    // as a database host with a skewed clock would be; the store's own process clock is not.
    const schema = `skew_${randomUUID().replaceAll('-', '')}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(
      `CREATE FUNCTION ${schema}.now() RETURNS timestamptz LANGUAGE sql AS $$ SELECT pg_catalog.now() + interval '1 hour' $$`,
    );
    const skewedPool = new pg.Pool({
      connectionString: url,
      options: `-c search_path=${schema},pg_catalog,public`,
    });
    try {
      const skewed = open({ pool: skewedPool, table });
      expect(await store.claim('k', randomUUID(), 60_000)).toBe('claimed');
      expect(await skewed.claim('k', randomUUID(), 60_000)).toBe('claimed');
    } finally {
      await skewedPool.end();
    }
  });

  it('writes expiries as the database now() plus the lease or TTL, and sends no timestamps', async () => {
    const table = freshTable();
    const { calls, pool } = recording(admin);
    const store = open({ pool, table });
    await store.migrate();
    const owner = randomUUID();
    await store.claim('lease', owner, 60_000);
    await store.claim('record', owner, 1000);
    await store.commit('record', owner, 3_600_000);
    const left = await admin.query(
      `SELECT key, extract(epoch FROM expires_at - now()) AS seconds FROM ${table} ORDER BY key`,
    );
    expect(left.rows.map((row) => [row.key, Math.ceil(Number(row.seconds))])).toEqual([
      ['lease', 60],
      ['record', 3600],
    ]);
    const numbers = calls.flatMap((call) => call.values ?? []).filter((v) => typeof v === 'number');
    expect(numbers).toEqual([60_000, 1000, 3_600_000]);
  });

  it('rejects a lease or TTL that is not a positive number of milliseconds', async () => {
    const { store } = await migrated();
    await expect(store.claim('k', randomUUID(), 0)).rejects.toThrow(TypeError);
    await expect(store.claim('k', randomUUID(), Number.NaN)).rejects.toThrow(TypeError);
    await expect(store.commit('k', randomUUID(), -1)).rejects.toThrow(TypeError);
    expect(await store.claim('k', randomUUID(), 60_000)).toBe('claimed');
  });
});

describe('claim and commit, beyond the contract', () => {
  it('a claim repeated by the token that holds the lease answers claimed, and does not extend it', async () => {
    const { store, table } = await migrated();
    const owner = randomUUID();
    const expiry = async () =>
      (await admin.query(`SELECT expires_at FROM ${table} WHERE key = 'k'`)).rows[0].expires_at;
    expect(await store.claim('k', owner, 60_000)).toBe('claimed');
    const before = await expiry();
    expect(await store.claim('k', owner, 3_600_000)).toBe('claimed');
    expect(await expiry()).toEqual(before);
    expect(await store.claim('k', randomUUID(), 60_000)).toBe('in-progress');
  });

  it('a late commit leaves a live record as it is: its expiry is not moved', async () => {
    const { store, table } = await migrated();
    const owner = randomUUID();
    await store.claim('k', owner, 60_000);
    await store.commit('k', owner, 3_600_000);
    const expiry = async () =>
      (await admin.query(`SELECT state, expires_at FROM ${table} WHERE key = 'k'`)).rows[0];
    const before = await expiry();
    expect(await store.commit('k', randomUUID(), 1)).toBe(false);
    expect(await store.commit('k', owner, 1)).toBe(false);
    expect(await expiry()).toEqual(before);
  });
});

describe('expiry sweep', () => {
  it('sweep() deletes only expired rows, in statements of at most sweepBatchSize rows', async () => {
    const table = freshTable();
    const { calls, pool } = recording(admin);
    const store = open({ pool, table, sweepBatchSize: 1000 });
    await store.migrate();
    await admin.query(
      `INSERT INTO ${table} (key, state, expires_at)
       SELECT 'old-' || i, CASE WHEN i % 2 = 0 THEN 'done' ELSE 'lease:x' END, now() - interval '1 second'
       FROM generate_series(1, 2500) AS i`,
    );
    await admin.query(
      `INSERT INTO ${table} (key, state, expires_at) VALUES
        ('live-lease', 'lease:x', now() + interval '1 hour'),
        ('live-record', 'done', now() + interval '1 hour')`,
    );
    calls.length = 0;
    expect(await store.sweep()).toBe(2500);
    expect(calls.map((call) => call.values)).toEqual([[1000], [1000], [1000]]);
    const left = await admin.query(`SELECT key FROM ${table} ORDER BY key`);
    expect(left.rows.map((row) => row.key)).toEqual(['live-lease', 'live-record']);
    expect(await store.sweep()).toBe(0);
  });

  it('runs by itself every sweepIntervalMs', async () => {
    const { table } = await migrated();
    await admin.query(
      `INSERT INTO ${table} (key, state, expires_at) VALUES
        ('old', 'done', now() - interval '1 second'), ('live', 'done', now() + interval '1 hour')`,
    );
    open({ table, sweepIntervalMs: 20 });
    await eventually(async () => {
      const { rows } = await admin.query(`SELECT key FROM ${table}`);
      return rows.length === 1 && rows[0].key === 'live';
    }, 'the background sweep');
  });

  it('reports a failed background sweep through warn, naming the missing table', async () => {
    const warnings: string[] = [];
    open({ table: freshTable(), sweepIntervalMs: 20, warn: (message) => warnings.push(message) });
    await eventually(async () => warnings.length > 0, 'a sweep warning');
    expect(warnings[0]).toMatch(/expiry sweep failed \(42P01: the replay table does not exist/);
  });

  it('refuses a bad sweep setting as a TypeError', () => {
    for (const sweepIntervalMs of [0, -1, 1.5, Number.POSITIVE_INFINITY, true]) {
      expect(
        () => new PostgresReplayStore({ connectionString: url, sweepIntervalMs } as never),
      ).toThrow(TypeError);
    }
    expect(() => new PostgresReplayStore({ connectionString: url, sweepBatchSize: 0 })).toThrow(
      TypeError,
    );
  });
});

describe('pools', () => {
  it('uses a pool it is given, never ends it, and leaves its error event to its owner', async () => {
    const pool = new pg.Pool({ connectionString: url });
    try {
      const store = new PostgresReplayStore({ pool, table: freshTable() });
      await store.migrate();
      expect(await store.claim('k', randomUUID(), 60_000)).toBe('claimed');
      await store.close();
      expect(pool.ended).toBe(false);
      expect(pool.listenerCount('error')).toBe(0);
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });

  it('ends the pool it opened on close()', async () => {
    const { store } = await migrated();
    await store.close();
    await expect(store.claim('k', randomUUID(), 60_000)).rejects.toThrow(/claim failed/);
  });

  it('reports dropped connections through warn, without the connection string, and recovers', async () => {
    const warnings: string[] = [];
    const table = freshTable();
    const name = `hg_${randomUUID().slice(0, 8)}`;
    const store = await PostgresReplayStore.connect(urlWithPassword, {
      table,
      migrate: true,
      sweepIntervalMs: false,
      poolSettings: { application_name: name },
      warn: (message) => warnings.push(message),
    });
    opened.push(store);
    // Several idle pooled connections, then an administrator (or a failover) drops them all.
    await Promise.all(
      Array.from({ length: 4 }, () => store.claim(randomUUID(), randomUUID(), 60_000)),
    );
    const { rowCount } = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [name],
    );
    expect(rowCount).toBeGreaterThan(0);
    await eventually(async () => warnings.length > 0, 'a warning for the dropped connections');
    expect(warnings).toEqual([expect.stringMatching(/PostgreSQL is unreachable \(57P01\)/)]);

    // A call may still pick a dropped connection whose error has not arrived yet (it fails,
    // and the vendor retries); the pool then opens new ones, and the store says so once.
    await eventually(
      () =>
        store.claim(randomUUID(), randomUUID(), 60_000).then(
          () => true,
          () => false,
        ),
      'the store answering on new connections',
    );
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/PostgreSQL answers again/);
    for (const warning of warnings) {
      expect(warning).not.toContain(PASSWORD);
      expect(warning).not.toContain('127.0.0.1');
    }
  });
});

describe('connect and options', () => {
  it('connect() rejects clearly when nothing listens, without the password and without warnings', async () => {
    const port = await freePort();
    const warnings: string[] = [];
    const error = await PostgresReplayStore.connect(
      `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
      { warn: (message) => warnings.push(message) },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/could not use PostgreSQL \(ECONNREFUSED\)/);
    expect(inspect(error, { depth: 10 })).not.toContain(PASSWORD);
    expect(warnings).toEqual([]);
  });

  it('connect() without migrate fails at startup on a missing table, saying so', async () => {
    await expect(
      PostgresReplayStore.connect(url, { table: freshTable(), sweepIntervalMs: false }),
    ).rejects.toThrow(/could not use PostgreSQL \(42P01: the replay table does not exist/);
  });

  it('connect({ migrate: true }) creates the table, then the store works', async () => {
    const table = freshTable();
    const store = await PostgresReplayStore.connect(url, {
      table,
      migrate: true,
      sweepIntervalMs: false,
    });
    opened.push(store);
    expect(await store.claim('k', randomUUID(), 60_000)).toBe('claimed');
    const { rows } = await admin.query(`SELECT state FROM ${table}`);
    expect(rows).toEqual([{ state: expect.stringMatching(/^lease:/) }]);
  });

  it('refuses a missing or wrong database option as a TypeError that never quotes it', () => {
    const cases: unknown[] = [
      undefined,
      {},
      { connectionString: `mysql://root:${PASSWORD}@db/app` },
      { connectionString: 42 },
      { pool: {} },
      { pool: null },
      { connectionString: url, warn: 'loud' },
    ];
    for (const options of cases) {
      let error: unknown;
      try {
        new PostgresReplayStore(options as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect(String(error)).toMatch(/^TypeError: \[hookguard\] PostgresReplayStore: /);
      expect(String(error)).not.toContain(PASSWORD);
    }
  });
});
