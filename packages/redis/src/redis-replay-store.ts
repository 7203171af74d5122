import type { ClaimResult, ReplayStore } from '@hookguard/core';
import type { Cluster, ClusterNode, ClusterOptions, Redis, RedisOptions } from 'ioredis';
import {
  type FAIL_FAST_CLUSTER_OPTIONS,
  type FAIL_FAST_REDIS_OPTIONS,
  openCluster,
  openRedis,
  untilReady,
  watchConnection,
} from './fail-fast.js';
import {
  CLAIM_SCRIPT,
  COMMIT_SCRIPT,
  RELEASE_SCRIPT,
  type RedisCommands,
  runScript,
} from './replay-scripts.js';

/** Keys are stored as `<prefix><scheme>:<kind>:<digest>`. */
export const DEFAULT_REDIS_KEY_PREFIX = 'hookguard:replay:';

const CLAIM_RESULTS: readonly unknown[] = [
  'claimed',
  'in-progress',
  'replayed',
] satisfies ClaimResult[];

/** Settings every store takes. */
interface CommonOptions {
  /** Prefix for every key. Default `hookguard:replay:`. */
  readonly prefix?: string;
  /** Connection warnings (lost, back); default `console.warn`. They never include the URL. */
  readonly warn?: (message: string) => void;
}

/**
 * Options for {@link RedisReplayStore}: reuse a client, or give a URL or cluster nodes for
 * the store to open its own fail-fast connection.
 */
export type RedisReplayStoreOptions = CommonOptions &
  (
    | {
        /**
         * Your application's ioredis `Redis` or `Cluster` client (or an adapter with
         * `evalsha` and `eval`), reused; the store never closes it nor changes it.
         */
        readonly client: RedisCommands;
        readonly url?: never;
        readonly clusterNodes?: never;
      }
    | {
        /** A `redis://` or `rediss://` URL; the store opens (and `close()` closes) its own connection. */
        readonly url: string;
        /** Overrides of {@link FAIL_FAST_REDIS_OPTIONS} for that connection. */
        readonly redisOptions?: RedisOptions;
        readonly client?: never;
        readonly clusterNodes?: never;
      }
    | {
        /** Some nodes of a Redis Cluster; the store opens (and `close()` closes) a `Cluster` client. */
        readonly clusterNodes: readonly ClusterNode[];
        /** Overrides of {@link FAIL_FAST_CLUSTER_OPTIONS} (passwords and TLS go in `redisOptions`). */
        readonly clusterOptions?: ClusterOptions;
        readonly client?: never;
        readonly url?: never;
      }
  );

/** Options for {@link RedisReplayStore.connect}. */
export type RedisConnectOptions = CommonOptions & {
  /** Overrides of {@link FAIL_FAST_REDIS_OPTIONS}. */
  readonly redisOptions?: RedisOptions;
};

/** Options for {@link RedisReplayStore.connectCluster}. */
export type RedisClusterConnectOptions = CommonOptions & {
  /** Overrides of {@link FAIL_FAST_CLUSTER_OPTIONS} (passwords and TLS go in `redisOptions`). */
  readonly clusterOptions?: ClusterOptions;
};

const fail = (message: string): never => {
  throw new TypeError(`[hookguard] RedisReplayStore: ${message}`);
};

/**
 * A replay store on Redis or Redis Cluster, shared by every instance of your service: a
 * delivery accepted by one instance is refused as `replayed` by all the others. Each
 * operation is one Lua script on one key, so it is atomic and costs one round trip:
 * `claim` sets `lease:<token>` with the lease as `PX` if the key is free, `commit` sets
 * `done` with the replay TTL as `PX`, `release` deletes the key only if it holds this
 * token's lease.
 *
 * @example
 * ```ts
 * const replayStore = await RedisReplayStore.connect(process.env.REDIS_URL!);
 * app.post('/webhooks/cashfree', webhook(scheme, { replayStore }), handler);
 * ```
 */
export class RedisReplayStore implements ReplayStore {
  readonly prefix: string;
  private readonly commands: RedisCommands;
  private readonly owned: Redis | Cluster | undefined;
  private closing = false;
  // While connect() waits, its rejection says what went wrong; a warning would repeat it.
  private connecting = false;

  constructor(options: RedisReplayStoreOptions) {
    if (typeof options !== 'object' || options === null)
      fail('give { client }, { url } or { clusterNodes }.');
    const prefix = options.prefix ?? DEFAULT_REDIS_KEY_PREFIX;
    if (typeof prefix !== 'string') fail('prefix must be a string.');
    const warn = options.warn ?? console.warn;
    if (typeof warn !== 'function') fail('warn must be a function.');
    this.prefix = prefix;
    const given = [options.client, options.url, options.clusterNodes].filter(
      (o) => o !== undefined,
    );
    if (given.length !== 1) fail('give exactly one of { client }, { url } or { clusterNodes }.');

    if (options.client !== undefined) {
      const { client } = options;
      if (typeof client?.evalsha !== 'function' || typeof client.eval !== 'function') {
        fail('client must be an ioredis Redis or Cluster client (it needs evalsha and eval).');
      }
      this.commands = client;
      this.owned = undefined;
      return;
    }
    let connection: Redis | Cluster;
    if (options.url !== undefined) {
      if (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url)) {
        fail('url must start with redis:// or rediss://.');
      }
      connection = openRedis(options.url, options.redisOptions);
    } else {
      if (!Array.isArray(options.clusterNodes) || options.clusterNodes.length === 0) {
        fail('clusterNodes must list at least one node.');
      }
      connection = openCluster(options.clusterNodes, options.clusterOptions);
    }
    watchConnection(connection, warn, () => this.closing || this.connecting);
    this.commands = connection;
    this.owned = connection;
  }

  /**
   * Opens a store on `url` and resolves once the connection is ready, so the first
   * deliveries are not refused while it is still connecting. Rejects (and closes the
   * connection) if Redis cannot be reached or refuses the credentials.
   *
   * @example
   * ```ts
   * const replayStore = await RedisReplayStore.connect('redis://cache.internal:6379', {
   *   prefix: 'billing:replay:',
   * });
   * ```
   */
  static async connect(url: string, options: RedisConnectOptions = {}): Promise<RedisReplayStore> {
    const store = new RedisReplayStore({ ...options, url });
    await store.ready();
    return store;
  }

  /**
   * Opens a store on a Redis Cluster, with the same fail-fast settings and warnings as
   * {@link RedisReplayStore.connect}, and resolves once the cluster is ready. Give a few
   * of its nodes; the client discovers the others.
   *
   * @example
   * ```ts
   * const replayStore = await RedisReplayStore.connectCluster([
   *   { host: 'redis-0.internal', port: 6379 },
   *   { host: 'redis-1.internal', port: 6379 },
   * ]);
   * ```
   */
  static async connectCluster(
    nodes: readonly ClusterNode[],
    options: RedisClusterConnectOptions = {},
  ): Promise<RedisReplayStore> {
    const store = new RedisReplayStore({ ...options, clusterNodes: nodes });
    await store.ready();
    return store;
  }

  async claim(key: string, token: string, leaseMs: number): Promise<ClaimResult> {
    const reply = await runScript(
      this.commands,
      CLAIM_SCRIPT,
      this.prefix + key,
      token,
      milliseconds(leaseMs, 'leaseMs'),
    );
    if (!CLAIM_RESULTS.includes(reply)) {
      throw new Error(`[hookguard] RedisReplayStore: unexpected claim reply (${typeof reply}).`);
    }
    return reply as ClaimResult;
  }

  async commit(key: string, token: string, ttlMs: number): Promise<boolean> {
    const ms = milliseconds(ttlMs, 'ttlMs');
    return (await runScript(this.commands, COMMIT_SCRIPT, this.prefix + key, token, ms)) === 1;
  }

  async release(key: string, token: string): Promise<boolean> {
    return (await runScript(this.commands, RELEASE_SCRIPT, this.prefix + key, token)) === 1;
  }

  /** Closes the connection the store opened; a reused client is left to its owner. */
  async close(): Promise<void> {
    const owned = this.owned;
    if (owned === undefined || this.closing) return;
    this.closing = true;
    await owned.quit().catch(() => owned.disconnect());
  }

  /** Waits for the connection the store opened; on failure, it is closed and stays quiet. */
  private async ready(): Promise<void> {
    if (this.owned === undefined) return;
    this.connecting = true;
    try {
      await untilReady(this.owned);
    } catch (error) {
      this.closing = true;
      throw error;
    } finally {
      this.connecting = false;
    }
  }
}

/** A duration as Redis's `PX` takes it: whole milliseconds, at least 1. */
function milliseconds(ms: number, name: string): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
    fail(`${name} must be a number of milliseconds > 0.`);
  }
  return String(Math.ceil(ms));
}
