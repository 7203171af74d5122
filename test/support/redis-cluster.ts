// The launcher lives in scripts/servers/, plain JavaScript, so the benchmark starts the same
// cluster without a TypeScript loader; the tests keep importing it from here.
export type { RedisCluster, RedisClusterNode } from '../../scripts/servers/redis-cluster.mjs';
export { startRedisCluster } from '../../scripts/servers/redis-cluster.mjs';
