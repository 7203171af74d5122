import { randomUUID } from 'node:crypto';
import { cashfree, sign, verify } from '@hookguard/core';
import { RedisReplayStore } from '@hookguard/redis';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/eventually.js';
import { startRedisCluster } from '../../../test/support/redis-cluster.js';
import { startRedisServer } from '../../../test/support/redis-server.js';
import { startTcpProxy } from '../../../test/support/tcp-proxy.js';

const LONG_MS = 60_000;
// A call refused by the client itself takes microseconds; one queued until Redis is back
// would take until the end of the test. The bound only has to tell the two apart.
const FAST_MS = 1000;
const PASSWORD = 'correct-horse-battery';

const token = () => randomUUID();

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Settles to whether `call` succeeded, so a loop can poll until the store works again. */
const works = (call: Promise<unknown>) =>
  call.then(
    () => true,
    () => false,
  );

/** Runs the three operations while the store cannot reach Redis: each must reject, fast. */
async function expectFastFailures(store: RedisReplayStore): Promise<void> {
  const started = performance.now();
  await expect(store.claim('during', token(), LONG_MS)).rejects.toThrow();
  await expect(store.commit('during', token(), LONG_MS)).rejects.toThrow();
  await expect(store.release('during', token())).rejects.toThrow();
  expect(performance.now() - started).toBeLessThan(FAST_MS);
}

/** Checks the two connection warnings, lost then back, and that neither names the server. */
function expectLostThenBack(warnings: readonly string[], port: number): void {
  expect(warnings).toHaveLength(2);
  expect(warnings[0]).toMatch(/Redis is unreachable \(.+\); webhook deliveries answer 503/);
  expect(warnings[1]).toMatch(/connection is back/);
  for (const warning of warnings) {
    expect(warning).not.toContain(PASSWORD);
    expect(warning).not.toContain(String(port));
  }
}

describe('RedisReplayStore when Redis fails', () => {
  it('while Redis is down, every call rejects at once; once it is back the store works again, with one warning each way', async () => {
    const server = await startRedisServer({ args: ['--requirepass', PASSWORD] });
    cleanup.push(() => server.stop());
    const warnings: string[] = [];
    const store = await RedisReplayStore.connect(`redis://:${PASSWORD}@127.0.0.1:${server.port}`, {
      warn: (message) => warnings.push(message),
    });
    cleanup.push(() => store.close());
    expect(await store.claim('before', token(), LONG_MS)).toBe('claimed');

    await server.stop();
    await eventually(async () => warnings.length === 1, 'the connection-lost warning');
    await expectFastFailures(store);

    await server.start();
    await eventually(() => works(store.claim('after', token(), LONG_MS)), 'the store recovering');
    expectLostThenBack(warnings, server.port);
  });

  it('a network that resets connections: calls reject at once, and the store reconnects when it heals', async () => {
    const server = await startRedisServer();
    cleanup.push(() => server.stop());
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: server.port });
    cleanup.push(() => proxy.close());
    const warnings: string[] = [];
    const store = await RedisReplayStore.connect(`redis://127.0.0.1:${proxy.port}`, {
      prefix: `proxy:${randomUUID()}:`,
      warn: (message) => warnings.push(message),
    });
    cleanup.push(() => store.close());
    const owner = token();
    expect(await store.claim('k', owner, LONG_MS)).toBe('claimed');

    proxy.drop();
    await eventually(async () => warnings.length === 1, 'the connection-lost warning');
    await expectFastFailures(store);

    proxy.pass();
    await eventually(() => works(store.commit('k', owner, LONG_MS)), 'the store reconnecting');
    // Redis kept its data: the lease taken before the outage was there to commit.
    expect(await store.claim('k', token(), LONG_MS)).toBe('replayed');
    expectLostThenBack(warnings, proxy.port);
  });

  it('a frozen Redis: the store waits with no timeout of its own, the core answers 503 at its timeout, and once thawed the queued calls complete in order', async () => {
    const server = await startRedisServer();
    cleanup.push(() => server.stop());
    const warnings: string[] = [];
    const store = await RedisReplayStore.connect(server.url, {
      warn: (message) => warnings.push(message),
    });
    cleanup.push(() => store.close());
    const scheme = cashfree.webhook({ secret: 'secret', tolerance: false });
    const request = { method: 'POST', url: '/', ...sign(scheme, { body: { n: 1 } }) };
    const coreWarnings: string[] = [];
    const options = { replayStore: store, warn: (message: string) => coreWarnings.push(message) };

    await server.freeze();
    cleanup.push(() => server.thaw());
    const owner = token();
    const calls = [
      store.claim('k', owner, LONG_MS),
      store.claim('k', token(), LONG_MS),
      store.commit('k', owner, LONG_MS),
    ];
    const settled = calls.map(() => false);
    calls.forEach((call, i) => void call.finally(() => (settled[i] = true)));

    // The core's timeout (replayStoreTimeout, 1 s by default) is the only one: verify gives up...
    await expect(verify(scheme, request, options)).rejects.toMatchObject({
      code: 'replay_store_unavailable',
      status: 503,
    });
    // ...while the store's calls, sent before it, still wait for Redis.
    expect(settled).toEqual([false, false, false]);
    expect(warnings).toEqual([]);

    await server.thaw();
    expect(await Promise.all(calls)).toEqual(['claimed', 'in-progress', true]);
    // verify's claim landed late; the core released it by its token, so the retry gets in.
    await eventually(
      () => works(verify(scheme, request, options)),
      'the late claim being released and the retry accepted',
    );
    expect(coreWarnings.join('\n')).toMatch(/did not answer within \d+ ms[\s\S]*late/);
    expect(warnings).toEqual([]);
  });

  it('while every Cluster node is down, calls reject at once; once the cluster is back the store works again, with one warning each way', async () => {
    const cluster = await startRedisCluster();
    cleanup.push(() => cluster.stop());
    const warnings: string[] = [];
    const store = await RedisReplayStore.connectCluster(cluster.nodes, {
      warn: (message) => warnings.push(message),
    });
    cleanup.push(() => store.close());
    expect(await store.claim('before', token(), LONG_MS)).toBe('claimed');

    await cluster.down();
    // A Cluster client connects to a node when a command first needs it, so it notices the
    // outage as deliveries keep coming, once each node it knew has failed.
    let probe = 0;
    await eventually(async () => {
      await works(store.claim(`probe-${probe++}`, token(), LONG_MS));
      return warnings.length === 1;
    }, 'the connection-lost warning');
    await expectFastFailures(store);

    await cluster.up();
    await eventually(() => works(store.claim('after', token(), LONG_MS)), 'the store recovering');
    // Every master answers again: thirty keys fall on all three masters' slots.
    const keys = Array.from({ length: 30 }, (_, i) => `after-${i}`);
    const claims = await Promise.all(keys.map((key) => store.claim(key, token(), LONG_MS)));
    expect(claims).toEqual(keys.map(() => 'claimed'));
    for (const node of cluster.nodes) expectLostThenBack(warnings, node.port);
  });
});
