import { randomUUID } from 'node:crypto';
import { RedisReplayStore } from '@hookguard/redis';
import { inject } from 'vitest';
import {
  describeReplayStoreContract,
  type ReplayStoreHarness,
} from '../../../test/support/replay-store-contract.js';

/** A harness whose `open` connects `count` stores, each on its own connection, on a fresh prefix. */
function harness(name: string, connect: (prefix: string) => Promise<RedisReplayStore>) {
  const opened: RedisReplayStore[] = [];
  return {
    name,
    async open(count) {
      const prefix = `contract:${randomUUID()}:`;
      const stores = await Promise.all(Array.from({ length: count }, () => connect(prefix)));
      opened.push(...stores);
      return stores;
    },
    async close() {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    },
  } satisfies ReplayStoreHarness;
}

describeReplayStoreContract(
  harness('Redis', (prefix) => RedisReplayStore.connect(inject('redisUrl'), { prefix })),
);

describeReplayStoreContract(
  harness('Redis Cluster', (prefix) =>
    RedisReplayStore.connectCluster(inject('redisClusterNodes'), { prefix }),
  ),
);
