import { randomUUID } from 'node:crypto';
import { cashfree, sign, verify } from '@hookguard/core';
import { RedisReplayStore } from '@hookguard/redis';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { eventually } from '../../../test/support/eventually.js';
import { startRedisServer } from '../../../test/support/redis-server.js';

const url = inject('redisUrl');
const opened: { close(): Promise<void> }[] = [];
const raw = new Redis(url);

afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  raw.disconnect();
});

async function openStore(prefix = `test:${randomUUID()}:`): Promise<RedisReplayStore> {
  const store = await RedisReplayStore.connect(url, { prefix });
  opened.push(store);
  return store;
}

describe('RedisReplayStore on a real redis-server', () => {
  it('claims a key once, and again after release', async () => {
    const store = await openStore();
    expect(await store.claim('a', 60)).toBe(true);
    expect(await store.claim('a', 60)).toBe(false);
    await store.release('a');
    expect(await store.claim('a', 60)).toBe(true);
  });

  it('is shared by every instance: a claim on one connection is seen by another', async () => {
    const prefix = `test:${randomUUID()}:`;
    const [instanceA, instanceB] = [await openStore(prefix), await openStore(prefix)];
    expect(await instanceA.claim('delivery', 60)).toBe(true);
    expect(await instanceB.claim('delivery', 60)).toBe(false);
  });

  it('stores prefixed keys with the TTL in milliseconds, in one SET … PX … NX', async () => {
    const prefix = `test:${randomUUID()}:`;
    const store = await openStore(prefix);
    await store.claim('cashfree.webhook:abc', 600);
    const ttl = await raw.pttl(`${prefix}cashfree.webhook:abc`);
    expect(ttl).toBeGreaterThan(598_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    expect(await (await openStore()).claim('cashfree.webhook:abc', 600)).toBe(true);
  });

  it('refuses a replay through verify, across two store instances', async () => {
    const prefix = `test:${randomUUID()}:`;
    const scheme = cashfree.webhook({ secret: 'secret' });
    const signed = sign(scheme, { body: { n: 1 }, timestamp: 1_700_000_000_000 });
    const request = { method: 'POST', url: '/', ...signed };
    const now = () => 1_700_000_000_000;
    const first = await verify(scheme, request, { now, replayStore: await openStore(prefix) });
    expect(first.replayKey).toMatch(/^cashfree\.webhook:/);
    await expect(
      verify(scheme, request, { now, replayStore: await openStore(prefix) }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('reuses a client it is given and never closes it', async () => {
    const client = new Redis(url);
    const store = new RedisReplayStore({ client, prefix: `test:${randomUUID()}:` });
    expect(await store.claim('k', 10)).toBe(true);
    await store.close();
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
  });

  it('refuses bad options at construction', () => {
    expect(() => new RedisReplayStore({} as never)).toThrow(TypeError);
    expect(() => new RedisReplayStore({ url: 'http://x' })).toThrow(TypeError);
    expect(() => new RedisReplayStore({ client: {} as never })).toThrow(TypeError);
  });

  it('rejects connect() clearly when nothing listens, without leaking the URL', async () => {
    const server = await startRedisServer();
    await server.stop();
    const error = await RedisReplayStore.connect(`redis://:hunter2@127.0.0.1:${server.port}`, {
      warn: () => {},
    }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/could not connect \(ECONNREFUSED\)/);
    expect(String(error)).not.toContain('hunter2');
  });

  it('fails fast while Redis is down (503 through verify), and recovers by itself when it is back', async () => {
    const server = await startRedisServer();
    const warnings: string[] = [];
    const store = await RedisReplayStore.connect(server.url, {
      warn: (message) => warnings.push(message),
    });
    opened.push(store);
    const scheme = cashfree.webhook({ secret: 'secret', tolerance: false });
    // A store timeout longer than the test's own: had the client queued the command until
    // Redis came back (ioredis's offline queue), this would time out the test instead.
    const deliver = (n: number) =>
      verify(
        scheme,
        { method: 'POST', url: '/', ...sign(scheme, { body: { n } }) },
        { replayStore: store, replayStoreTimeout: 120_000 },
      );

    await expect(deliver(1)).resolves.toMatchObject({ matchedKey: 0 });
    await server.stop();
    // No offline queue: the store call fails (it does not time out), so the answer is 503 now.
    await expect(deliver(2)).rejects.toMatchObject({
      code: 'replay_store_unavailable',
      status: 503,
      message: expect.stringContaining('the replay store failed'),
    });

    await server.start();
    await eventually(
      async () =>
        await deliver(3).then(
          () => true,
          () => false,
        ),
      'the store recovering once Redis is back',
    );
    await expect(deliver(4)).resolves.toMatchObject({ matchedKey: 0 });
    expect(warnings.join('\n')).toMatch(/Redis is unreachable[\s\S]*connection is back/);
    await server.stop();
  });
});
