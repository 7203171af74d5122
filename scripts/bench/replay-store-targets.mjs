// @ts-check
/**
 * The stores `pnpm bench` measures, each on a server it starts itself where the server is
 * installed: a store whose server is missing is reported as not measured, never faked.
 */
import { MemoryReplayStore } from '@hookguard/core';
import { PostgresReplayStore } from '@hookguard/postgres';
import { RedisReplayStore } from '@hookguard/redis';
import { Redis } from 'ioredis';
import { startPostgresServer } from '../servers/postgres-server.mjs';
import { startRedisCluster } from '../servers/redis-cluster.mjs';
import { startRedisServer } from '../servers/redis-server.mjs';

/**
 * @typedef {import('./replay-stores.mjs').StoreUnderTest} StoreUnderTest
 * @typedef {{ name: string, reason: string }} NotMeasured
 */

const ANSWERS_AT_ONCE = {
  claim: () => /** @type {const} */ ('claimed'),
  commit: () => true,
  release: () => true,
};

/** A memory store and a store that remembers nothing (the core's own cost). */
function inProcess() {
  // Bounded below the pool of deliveries, so by the time they repeat the store has
  // forgotten them: a store at capacity, evicting on every claim, its steady state under load.
  const memory = new MemoryReplayStore({ maxKeys: 4096 });
  /** @type {StoreUnderTest[]} */
  const stores = [
    { name: 'memory', batch: 64, open: async () => memory, close: async () => {} },
    {
      name: "none, answering at once (hookguard's own cost)",
      batch: 64,
      open: async () => ANSWERS_AT_ONCE,
      close: async () => {},
    },
  ];
  return stores;
}

/** Redis on one connection, a fresh prefix per key space. @returns {Promise<StoreUnderTest>} */
async function redis() {
  const server = await startRedisServer();
  const client = new Redis(server.url);
  return {
    name: 'Redis (loopback)',
    batch: 1,
    open: async (space) => new RedisReplayStore({ client, prefix: `bench:${space}:` }),
    close: async () => {
      await client.quit();
      await server.stop();
    },
  };
}

/** A three-master Redis Cluster. @returns {Promise<StoreUnderTest>} */
async function redisCluster() {
  const cluster = await startRedisCluster();
  /** @type {RedisReplayStore[]} */
  const opened = [];
  return {
    name: 'Redis Cluster (3 masters, loopback)',
    batch: 1,
    open: async (space) => {
      const store = await RedisReplayStore.connectCluster(cluster.nodes, {
        prefix: `bench:${space}:`,
        warn: () => {},
      });
      opened.push(store);
      return store;
    },
    close: async () => {
      await Promise.all(opened.map((store) => store.close()));
      await cluster.stop();
    },
  };
}

/** PostgreSQL, a fresh table per key space. @returns {Promise<StoreUnderTest>} */
async function postgres() {
  const server = await startPostgresServer();
  /** @type {PostgresReplayStore[]} */
  const opened = [];
  return {
    name: 'PostgreSQL (loopback)',
    batch: 1,
    open: async (space) => {
      const store = await PostgresReplayStore.connect(server.url, {
        table: `bench_replay_${space}`,
        migrate: true,
        sweepIntervalMs: false,
        warn: () => {},
      });
      opened.push(store);
      return store;
    },
    close: async () => {
      await Promise.all(opened.map((store) => store.close()));
      await server.stop();
    },
  };
}

/**
 * Starts what is installed. The quick run (the test command's harness check) skips the
 * cluster, whose start alone takes several seconds; the full run measures every store.
 * @param {{ quick: boolean }} options
 * @returns {Promise<{ stores: StoreUnderTest[], notMeasured: NotMeasured[] }>}
 */
export async function replayStoreTargets({ quick }) {
  const stores = inProcess();
  /** @type {NotMeasured[]} */
  const notMeasured = [];
  const servers = /** @type {const} */ ([
    ['Redis', redis],
    ['Redis Cluster', redisCluster],
    ['PostgreSQL', postgres],
  ]);
  for (const [name, start] of servers) {
    if (quick && name === 'Redis Cluster') continue;
    try {
      stores.push(await start());
    } catch (error) {
      notMeasured.push({
        name,
        reason: String(/** @type {Error} */ (error).message ?? error).split('\n')[0] ?? '',
      });
    }
  }
  return { stores, notMeasured };
}
