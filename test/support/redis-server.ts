// The launcher lives in scripts/servers/, plain JavaScript, so the benchmark starts the same
// server without a TypeScript loader; the tests keep importing it from here.
export { freePort, freePorts } from '../../scripts/servers/free-port.mjs';
export type { RedisServer } from '../../scripts/servers/redis-server.mjs';
export {
  assertRedisServerInstalled,
  launchRedisServer,
  REDIS_NOT_INSTALLED,
  startRedisServer,
  stopRedisProcess,
} from '../../scripts/servers/redis-server.mjs';
