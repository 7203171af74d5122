import { Cluster, type ClusterNode, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';

/** Reconnection delay: 100 ms, doubling, capped at 2 s, never giving up. */
const retryDelay = (attempt: number): number => Math.min(50 * 2 ** attempt, 2000);

/**
 * Settings for a connection the store opens itself. While Redis is unreachable a command
 * fails at once (no offline queue), so verification answers `503 replay_store_unavailable`
 * immediately instead of holding requests; reconnection goes on forever with a capped
 * backoff, so the service recovers by itself when Redis is back. No command timeout: a
 * Redis that accepts connections but stops answering is bounded by the core's
 * `replayStoreTimeout`, which knows what the request can afford.
 *
 * @example
 * ```ts
 * const store = await RedisReplayStore.connect(url, { redisOptions: { connectTimeout: 5000 } });
 * ```
 */
export const FAIL_FAST_REDIS_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  retryStrategy: retryDelay,
};

/**
 * The same settings for a Redis Cluster connection the store opens itself. A Cluster
 * client keeps an offline queue on each node's connection (ioredis forces it), but with the
 * Cluster's own queue off it refuses a command whose node is not connected instead of
 * queueing it, which is the fail-fast behaviour wanted.
 *
 * @example
 * ```ts
 * const store = await RedisReplayStore.connectCluster(nodes, {
 *   clusterOptions: { redisOptions: { password: process.env.REDIS_PASSWORD } },
 * });
 * ```
 */
export const FAIL_FAST_CLUSTER_OPTIONS: ClusterOptions = {
  enableOfflineQueue: false,
  clusterRetryStrategy: retryDelay,
  redisOptions: { maxRetriesPerRequest: 1, connectTimeout: 2000 },
};

/** Opens a Redis connection on `url` with {@link FAIL_FAST_REDIS_OPTIONS} and `overrides`. */
export function openRedis(url: string, overrides: RedisOptions | undefined): Redis {
  // ioredis's RedisOptions and its constructor's parameter disagree under
  // exactOptionalPropertyTypes; the object is a RedisOptions either way.
  return new Redis(url, { ...FAIL_FAST_REDIS_OPTIONS, ...overrides } as never);
}

/** Opens a Cluster client with {@link FAIL_FAST_CLUSTER_OPTIONS} and `overrides`, merged per node too. */
export function openCluster(
  nodes: readonly ClusterNode[],
  overrides: ClusterOptions | undefined,
): Cluster {
  const redisOptions = { ...FAIL_FAST_CLUSTER_OPTIONS.redisOptions, ...overrides?.redisOptions };
  return new Cluster([...nodes], {
    ...FAIL_FAST_CLUSTER_OPTIONS,
    ...overrides,
    redisOptions,
  } as never);
}

/** The events of an ioredis `Redis` or `Cluster` that tell the connection's state. */
export interface ConnectionEvents {
  readonly status: string;
  on(event: 'ready' | 'close' | 'error', listener: (error?: Error) => void): unknown;
  once(event: 'ready' | 'error', listener: (error?: Error) => void): unknown;
  off(event: 'ready' | 'error', listener: (error?: Error) => void): unknown;
  disconnect(): void;
}

/**
 * A short, safe name for a connection error: its code, never its message (which may name
 * the host).
 */
export function errorCode(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'string') return code;
  // ioredis's Cluster gives no reason when no startup node answers: the nodes' own
  // connections are made without retries and only report "Connection is closed".
  if (name === 'ClusterAllFailedError') return 'no cluster node reachable';
  // A Redis error reply (WRONGPASS, NOAUTH…) starts with its code.
  const message = error instanceof Error ? error.message : '';
  return /^[A-Z][A-Z_]{2,}\b/.exec(message)?.[0] ?? 'error';
}

/**
 * One warning when the connection drops and one when it is back; never the URL or a
 * password. Redis shutting down closes the connection without an error, so both `close`
 * and `error` count as lost.
 */
export function watchConnection(
  connection: ConnectionEvents,
  warn: (message: string) => void,
  closing: () => boolean,
): void {
  let lost = false;
  const onLost = (reason: string) => {
    if (lost || closing()) return;
    lost = true;
    warn(
      `[hookguard] RedisReplayStore: Redis is unreachable (${reason}); webhook deliveries answer 503 replay_store_unavailable until it is back.`,
    );
  };
  connection.on('error', (error) => onLost(errorCode(error)));
  connection.on('close', () => onLost('closed'));
  connection.on('ready', () => {
    if (!lost) return;
    lost = false;
    warn('[hookguard] RedisReplayStore: connection is back; replay protection resumed.');
  });
}

/**
 * Resolves once `connection` is ready; on its first error, disconnects it (so no retry
 * loop is left running) and rejects with the error's code only.
 */
export async function untilReady(connection: ConnectionEvents): Promise<void> {
  if (connection.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const onReady = () => {
      connection.off('error', onError);
      resolve();
    };
    const onError = (error?: Error) => {
      connection.off('ready', onReady);
      connection.disconnect();
      reject(
        new Error(
          `[hookguard] RedisReplayStore: could not connect (${errorCode(error)}). Check that Redis is running and reachable from this host, and the credentials.`,
        ),
      );
    };
    connection.once('ready', onReady);
    connection.once('error', onError);
  });
}
