import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { PostgresReplayStore } from '@hookguard/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/eventually.js';
import { type PostgresServer, startPostgresServer } from '../../../test/support/postgres-server.js';

// The core's default replay store timeout: a store that rejects sooner lets verification
// answer 503 at once rather than after waiting for it.
const CORE_TIMEOUT_MS = 1000;
const PASSWORD = 'hunter2-s3cret';

// A server of our own: these tests stop and crash it.
let server: PostgresServer;
const opened: PostgresReplayStore[] = [];

beforeAll(async () => {
  server = await startPostgresServer();
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await server?.destroy();
});

async function connect(warnings: string[]): Promise<PostgresReplayStore> {
  const store = await PostgresReplayStore.connect(server.urlWithPassword(PASSWORD), {
    table: `t_${randomUUID().replaceAll('-', '')}`,
    migrate: true,
    sweepIntervalMs: false,
    warn: (message) => warnings.push(message),
  });
  opened.push(store);
  return store;
}

async function answers(store: PostgresReplayStore): Promise<boolean> {
  return store.claim(randomUUID(), randomUUID(), 60_000).then(
    () => true,
    () => false,
  );
}

describe('PostgresReplayStore across a restart and a crash of PostgreSQL', () => {
  it('keeps records and leases through a clean restart', async () => {
    const warnings: string[] = [];
    const store = await connect(warnings);
    const owner = randomUUID();
    const holder = randomUUID();
    await store.claim('done', owner, 60_000);
    expect(await store.commit('done', owner, 3_600_000)).toBe(true);
    expect(await store.claim('held', holder, 60_000)).toBe('claimed');

    await server.stop();
    // The driver's code is on the error, for hookguard's warn line (which names only kind and code).
    await expect(store.claim('during', randomUUID(), 60_000)).rejects.toMatchObject({
      message: expect.stringMatching(/claim failed/),
      code: expect.stringMatching(/^(E[A-Z]+|[0-9A-Z]{5}|ERR_POSTGRES)$/),
    });
    await server.start();
    await eventually(() => answers(store), 'the store answering after the restart');

    expect(await store.claim('done', randomUUID(), 60_000)).toBe('replayed');
    expect(await store.claim('held', randomUUID(), 60_000)).toBe('in-progress');
    expect(await store.release('held', holder)).toBe(true);
    expect(warnings.join('\n')).toMatch(/unreachable[\s\S]*answers again/);
  });

  it('with PostgreSQL killed, calls reject before the core would time out, never quoting the password; it recovers after restart and the committed record survived the crash', async () => {
    const warnings: string[] = [];
    const store = await connect(warnings);
    const owner = randomUUID();
    await store.claim('committed', owner, 60_000);
    await store.commit('committed', owner, 3_600_000);

    await server.kill();
    for (const call of [
      () => store.claim('k', randomUUID(), 60_000),
      () => store.commit('k', randomUUID(), 60_000),
      () => store.release('k', randomUUID()),
      () => store.sweep(),
    ]) {
      const started = Date.now();
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(Date.now() - started).toBeLessThan(CORE_TIMEOUT_MS);
      expect(error).toBeInstanceOf(Error);
      expect(String(error)).toMatch(/^Error: \[hookguard\] PostgresReplayStore: \w+ failed \(/);
      expect(inspect(error, { depth: 10 })).not.toContain(PASSWORD);
    }
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) expect(warning).not.toContain(PASSWORD);

    await server.start();
    await eventually(() => answers(store), 'the store answering after the crash');
    expect(await store.claim('committed', randomUUID(), 60_000)).toBe('replayed');
    expect(warnings.at(-1)).toMatch(/answers again/);
  });
});
