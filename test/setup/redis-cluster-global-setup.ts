import type { TestProject } from 'vitest/node';
import { type RedisClusterNode, startRedisCluster } from '../support/redis-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The three masters of the Redis Cluster started for this test run. */
    redisClusterNodes: readonly RedisClusterNode[];
  }
}

/**
 * Starts one real three-master Redis Cluster for the whole run (fails with a clear message
 * when redis-server or redis-cli is not installed), gives tests its nodes through
 * `inject('redisClusterNodes')`, and stops it afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startRedisCluster();
  project.provide('redisClusterNodes', cluster.nodes);
  return () => cluster.stop();
}
