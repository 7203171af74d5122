import { randomUUID } from 'node:crypto';
import { type RedisCommands, RedisReplayStore } from '@hookguard/redis';
import { Cluster, Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startRedisServer } from '../../../test/support/redis-server.js';
import { CLAIM_SCRIPT, COMMIT_SCRIPT } from '../src/replay-scripts.js';

const url = inject('redisUrl');
const clusterNodes = inject('redisClusterNodes');
const raw = new Redis(url);
const cleanup: (() => unknown)[] = [() => raw.disconnect()];

afterAll(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function openStore(prefix = `test:${randomUUID()}:`): Promise<RedisReplayStore> {
  const store = await RedisReplayStore.connect(url, { prefix });
  cleanup.push(() => store.close());
  return store;
}

const token = () => randomUUID();

describe('RedisReplayStore: what lands in Redis', () => {
  it('keys are the prefix and the key; a lease holds its token, a commit holds done', async () => {
    const prefix = `test:${randomUUID()}:`;
    const store = await openStore(prefix);
    const owner = token();
    await store.claim('cashfree.webhook:sig:abc', owner, 60_000);
    expect(await raw.get(`${prefix}cashfree.webhook:sig:abc`)).toBe(`lease:${owner}`);
    expect(await raw.exists('cashfree.webhook:sig:abc')).toBe(0);
    await store.commit('cashfree.webhook:sig:abc', owner, 60_000);
    expect(await raw.get(`${prefix}cashfree.webhook:sig:abc`)).toBe('done');
  });

  it('uses hookguard:replay: as the prefix by default', async () => {
    const store = new RedisReplayStore({ client: raw });
    const key = `default-prefix:${randomUUID()}`;
    await store.claim(key, token(), 60_000);
    expect(await raw.exists(`hookguard:replay:${key}`)).toBe(1);
    expect(store.prefix).toBe('hookguard:replay:');
    await raw.del(`hookguard:replay:${key}`);
  });

  it('sets the lease, then the replay TTL, as PX on the key (PTTL), rounding up to whole ms', async () => {
    const prefix = `test:${randomUUID()}:`;
    const store = await openStore(prefix);
    const owner = token();
    await store.claim('k', owner, 30_000);
    const lease = await raw.pttl(`${prefix}k`);
    expect(lease).toBeGreaterThan(25_000);
    expect(lease).toBeLessThanOrEqual(30_000);

    await store.commit('k', owner, 600_000);
    const ttl = await raw.pttl(`${prefix}k`);
    expect(ttl).toBeGreaterThan(595_000);
    expect(ttl).toBeLessThanOrEqual(600_000);

    await store.claim('fraction', token(), 0.2);
    // A lease of 0.2 ms is sent as PX 1 (never PX 0, which Redis refuses).
    expect(await raw.pttl(`${prefix}fraction`)).toBeLessThanOrEqual(1);
  });

  it('a commit leaves a committed key as it is, TTL included', async () => {
    const prefix = `test:${randomUUID()}:`;
    const store = await openStore(prefix);
    const owner = token();
    await store.claim('k', owner, 60_000);
    await store.commit('k', owner, 600_000);
    expect(await store.commit('k', owner, 30_000)).toBe(false);
    expect(await store.commit('k', token(), 30_000)).toBe(false);
    expect(await raw.pttl(`${prefix}k`)).toBeGreaterThan(595_000);
  });

  it('a commit without the lease records the delivery with the replay TTL', async () => {
    const prefix = `test:${randomUUID()}:`;
    const store = await openStore(prefix);
    await store.claim('k', token(), 60_000);
    expect(await store.commit('k', token(), 600_000)).toBe(false);
    expect(await raw.get(`${prefix}k`)).toBe('done');
    expect(await raw.pttl(`${prefix}k`)).toBeGreaterThan(595_000);
  });

  it('treats a key written by @hookguard/redis 0.1 (value 1) as committed', async () => {
    const prefix = `test:${randomUUID()}:`;
    const store = await openStore(prefix);
    await raw.set(`${prefix}k`, '1', 'PX', 600_000);
    expect(await store.claim('k', token(), 60_000)).toBe('replayed');
    expect(await store.release('k', token())).toBe(false);
    expect(await store.commit('k', token(), 30_000)).toBe(false);
    expect(await raw.get(`${prefix}k`)).toBe('1');
  });
});

describe('RedisReplayStore: scripts are sent by hash, and again in full after NOSCRIPT', () => {
  /** Records which command each call sent, and passes it on. */
  function recording(client: Redis): { commands: RedisCommands; sent: string[] } {
    const sent: string[] = [];
    return {
      sent,
      commands: {
        evalsha: (...args) => {
          sent.push('evalsha');
          return client.evalsha(...args);
        },
        eval: (...args) => {
          sent.push('eval');
          return client.eval(...args);
        },
      },
    };
  }

  it('falls back to EVAL when the script cache was flushed, then uses EVALSHA again', async () => {
    // A server of its own, so no other test loads the scripts between the flush and the call.
    const server = await startRedisServer();
    cleanup.push(() => server.stop());
    const client = new Redis(server.url);
    cleanup.push(() => client.disconnect());
    const { commands, sent } = recording(client);
    const store = new RedisReplayStore({ client: commands, prefix: 'noscript:' });

    await client.script('FLUSH');
    const owner = token();
    expect(await store.claim('k', owner, 60_000)).toBe('claimed');
    expect(sent).toEqual(['evalsha', 'eval']);
    expect(await client.script('EXISTS', CLAIM_SCRIPT.sha1)).toEqual([1]);
    expect(await store.claim('k', token(), 60_000)).toBe('in-progress');
    expect(sent).toEqual(['evalsha', 'eval', 'evalsha']);

    await client.script('FLUSH');
    expect(await store.commit('k', owner, 60_000)).toBe(true);
    expect(sent.slice(3)).toEqual(['evalsha', 'eval']);
    expect(await client.script('EXISTS', COMMIT_SCRIPT.sha1)).toEqual([1]);
  });

  it('passes any other Redis error on', async () => {
    const failing: RedisCommands = {
      evalsha: async () => {
        throw new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
      },
      eval: async () => 'claimed',
    };
    const store = new RedisReplayStore({ client: failing });
    await expect(store.claim('k', token(), 1000)).rejects.toThrow(/^WRONGTYPE/);
  });

  it('refuses a reply that is not one of the three claim results', async () => {
    const odd: RedisCommands = { evalsha: async () => 'OK', eval: async () => 'OK' };
    await expect(new RedisReplayStore({ client: odd }).claim('k', token(), 1000)).rejects.toThrow(
      /unexpected claim reply/,
    );
  });

  it('on a Cluster, every node falls back after SCRIPT FLUSH', async () => {
    const store = await RedisReplayStore.connectCluster(clusterNodes, {
      prefix: `noscript:${randomUUID()}:`,
    });
    cleanup.push(() => store.close());
    for (const { host, port } of clusterNodes) {
      const node = new Redis({ host, port });
      await node.script('FLUSH');
      node.disconnect();
    }
    // Thirty keys fall on all three masters' slots.
    const keys = Array.from({ length: 30 }, (_, i) => `key-${i}`);
    const results = await Promise.all(keys.map((key) => store.claim(key, token(), 60_000)));
    expect(results).toEqual(keys.map(() => 'claimed'));
  });
});

describe('RedisReplayStore: connections', () => {
  it('reuses a Redis client it is given: never closes it, never adds commands to it', async () => {
    const client = new Redis(url);
    cleanup.push(() => client.disconnect());
    await client.ping();
    const properties = Object.getOwnPropertyNames(client).sort();
    const store = new RedisReplayStore({ client, prefix: `test:${randomUUID()}:` });
    expect(await store.claim('k', token(), 10_000)).toBe('claimed');
    await store.close();
    expect(client.status).toBe('ready');
    expect(await client.ping()).toBe('PONG');
    expect(Object.getOwnPropertyNames(client).sort()).toEqual(properties);
  });

  it('reuses a Cluster client it is given, and never closes it', async () => {
    const cluster = new Cluster([...clusterNodes]);
    cleanup.push(() => cluster.disconnect());
    const store = new RedisReplayStore({ client: cluster, prefix: `test:${randomUUID()}:` });
    expect(await store.claim('k', token(), 10_000)).toBe('claimed');
    await store.close();
    expect(cluster.status).toBe('ready');
    expect(await store.claim('k', token(), 10_000)).toBe('in-progress');
  });

  it('close() closes the connection the store opened, and is safe to call twice', async () => {
    const store = await RedisReplayStore.connect(url, { prefix: `test:${randomUUID()}:` });
    await store.close();
    await store.close();
    await expect(store.claim('k', token(), 10_000)).rejects.toThrow();
  });

  it('refuses bad options with a TypeError at construction', () => {
    const cases: unknown[] = [
      undefined,
      {},
      { url: 'http://127.0.0.1:6379' },
      { url: 6379 },
      { client: {} },
      { client: { evalsha: () => {} } },
      { client: raw, url },
      { clusterNodes: [] },
      { clusterNodes: '127.0.0.1:7000' },
      { client: raw, prefix: 7 },
      { client: raw, warn: 'console' },
    ];
    for (const options of cases) {
      expect(() => new RedisReplayStore(options as never), JSON.stringify(options)).toThrow(
        TypeError,
      );
    }
  });

  it('rejects a lease or TTL that is not a positive number of milliseconds', async () => {
    const store = new RedisReplayStore({ client: raw, prefix: `test:${randomUUID()}:` });
    for (const ms of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1000']) {
      await expect(store.claim('k', token(), ms as number)).rejects.toThrow(TypeError);
      await expect(store.commit('k', token(), ms as number)).rejects.toThrow(TypeError);
    }
    expect(await raw.exists(`${store.prefix}k`)).toBe(0);
  });

  it('connect() rejects clearly when nothing listens, without the password or a warning', async () => {
    const server = await startRedisServer();
    await server.stop();
    const warnings: string[] = [];
    const error = await RedisReplayStore.connect(`redis://:hunter2@127.0.0.1:${server.port}`, {
      warn: (message) => warnings.push(message),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/could not connect \(ECONNREFUSED\)/);
    expect(String(error)).not.toContain('hunter2');
    expect(warnings).toEqual([]);
  });

  it('connect() rejects a wrong password naming WRONGPASS, without the password', async () => {
    const server = await startRedisServer({ args: ['--requirepass', 'right-password'] });
    cleanup.push(() => server.stop());
    const error = await RedisReplayStore.connect(
      `redis://:wrong-password@127.0.0.1:${server.port}`,
      { warn: () => {} },
    ).catch((e: unknown) => e);
    expect(String(error)).toMatch(/could not connect \(WRONGPASS\)/);
    expect(String(error)).not.toContain('wrong-password');

    const store = await RedisReplayStore.connect(
      `redis://:right-password@127.0.0.1:${server.port}`,
    );
    cleanup.push(() => store.close());
    expect(await store.claim('k', token(), 1000)).toBe('claimed');
  });

  it('connectCluster() rejects clearly when no node answers', async () => {
    const server = await startRedisServer();
    await server.stop();
    const error = await RedisReplayStore.connectCluster(
      [{ host: '127.0.0.1', port: server.port }],
      {
        warn: () => {},
      },
    ).catch((e: unknown) => e);
    expect(String(error)).toMatch(/could not connect \(no cluster node reachable\)/);
  });
});
