import { createHash } from 'node:crypto';

/**
 * The only commands the store sends, as ioredis spells them: any ioredis `Redis` or
 * `Cluster` has them, and other clients need a few lines of adapter (see the README).
 * `keysAndArgs` holds `numkeys` keys, then the script's arguments.
 */
export interface RedisCommands {
  evalsha(sha1: string, numkeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  eval(script: string, numkeys: number, ...keysAndArgs: string[]): Promise<unknown>;
}

/** A Lua script and its SHA-1, the name Redis caches it under. */
export interface ReplayScript {
  readonly lua: string;
  readonly sha1: string;
}

function script(lua: string): ReplayScript {
  return { lua, sha1: createHash('sha1').update(lua).digest('hex') };
}

// Values: a lease is `lease:<token>`; a committed delivery is `done`. Any other value (such
// as the `1` that @hookguard/redis 0.1 wrote for an accepted delivery) counts as committed,
// so upgrading never reopens a window. Redis expires keys itself (PX), and an expired key
// reads as absent, which is what the contract asks. Each script touches one key, KEYS[1],
// so it runs on the node that owns the key's slot in a Redis Cluster.

/** KEYS[1] key, ARGV[1] token, ARGV[2] lease ms → `claimed`, `in-progress` or `replayed`. */
export const CLAIM_SCRIPT = script(`local value = redis.call('GET', KEYS[1])
if not value then
  redis.call('SET', KEYS[1], 'lease:' .. ARGV[1], 'PX', ARGV[2])
  return 'claimed'
end
if string.sub(value, 1, 6) == 'lease:' then return 'in-progress' end
return 'replayed'`);

/**
 * KEYS[1] key, ARGV[1] token, ARGV[2] TTL ms → 1 when the token held the lease, else 0.
 * Without the lease it still records the delivery (it took effect), unless already committed.
 */
export const COMMIT_SCRIPT = script(`local value = redis.call('GET', KEYS[1])
local owned = value == 'lease:' .. ARGV[1]
if owned or not value or string.sub(value, 1, 6) == 'lease:' then
  redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2])
end
if owned then return 1 end
return 0`);

/** KEYS[1] key, ARGV[1] token → 1 when the token's lease was deleted, else 0 (compare-and-delete). */
export const RELEASE_SCRIPT = script(`if redis.call('GET', KEYS[1]) == 'lease:' .. ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`);

/**
 * Runs `replayScript` on one key: EVALSHA, so only the 40-character hash travels, and EVAL
 * when the server answers NOSCRIPT (its script cache is empty after a restart, a failover,
 * `SCRIPT FLUSH`, or on a Cluster node that never ran it); EVAL also caches it again.
 * Loading the scripts through ioredis's `defineCommand` would do the same, but it adds
 * methods to the client, and the client may be the application's.
 */
export async function runScript(
  commands: RedisCommands,
  replayScript: ReplayScript,
  key: string,
  ...args: string[]
): Promise<unknown> {
  try {
    return await commands.evalsha(replayScript.sha1, 1, key, ...args);
  } catch (error) {
    if (!isNoScript(error)) throw error;
    return await commands.eval(replayScript.lua, 1, key, ...args);
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
