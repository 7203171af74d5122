import type { ReplayStore } from '@hookguard/core';
import { Redis, type RedisOptions } from 'ioredis';

/** Keys are stored as `<prefix><scheme>:<signature or id>`. */
export const DEFAULT_REDIS_KEY_PREFIX = 'hookguard:replay:';

/**
 * Settings for a connection the store opens itself. While Redis is unreachable a command
 * fails at once (no offline queue), so verification answers `503 replay_store_unavailable`
 * immediately instead of holding requests; reconnection goes on forever with a capped
 * backoff, so the service recovers by itself when Redis is back.
 */
export const FAIL_FAST_REDIS_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  retryStrategy: (attempt: number) => Math.min(50 * 2 ** attempt, 2000),
};

/** The two commands the store sends; any ioredis `Redis` or `Cluster` has them. */
export interface RedisCommands {
  set(key: string, value: string, px: 'PX', milliseconds: number, nx: 'NX'): Promise<'OK' | null>;
  del(key: string): Promise<number>;
}

/** Options for {@link RedisReplayStore}: reuse a client, or give a URL to open one. */
export type RedisReplayStoreOptions = (
  | {
      /** Your application's ioredis client, reused; the store never closes it. */
      readonly client: RedisCommands;
      readonly url?: never;
    }
  | {
      /** A `redis://` or `rediss://` URL; the store opens (and `close()` closes) its own connection. */
      readonly url: string;
      /** Overrides of {@link FAIL_FAST_REDIS_OPTIONS} for that connection. */
      readonly redisOptions?: RedisOptions;
      readonly client?: never;
    }
) & {
  /** Prefix for every key. Default `hookguard:replay:`. */
  readonly prefix?: string;
  /** Connection warnings (lost, back); default `console.warn`. They never include the URL. */
  readonly warn?: (message: string) => void;
};

/**
 * A replay store on Redis, shared by every instance of your service: a delivery accepted
 * by one instance is refused as `replayed` by all the others. A claim is one round trip,
 * `SET <key> 1 PX <ttl> NX`, atomic in Redis; a release is one `DEL`.
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
  private readonly owned: Redis | undefined;
  private closing = false;

  constructor(options: RedisReplayStoreOptions) {
    const prefix = options.prefix ?? DEFAULT_REDIS_KEY_PREFIX;
    if (typeof prefix !== 'string')
      throw new TypeError('[hookguard] RedisReplayStore: prefix must be a string.');
    this.prefix = prefix;
    if (options.client !== undefined) {
      if (typeof options.client.set !== 'function' || typeof options.client.del !== 'function') {
        throw new TypeError(
          '[hookguard] RedisReplayStore: client must be an ioredis client (set and del).',
        );
      }
      this.commands = options.client;
      this.owned = undefined;
      return;
    }
    if (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url)) {
      throw new TypeError('[hookguard] RedisReplayStore: give { client } or { url: "redis://…" }.');
    }
    // ioredis's RedisOptions and its constructor's parameter disagree under
    // exactOptionalPropertyTypes; the object is a RedisOptions either way.
    const redisOptions: RedisOptions = { ...FAIL_FAST_REDIS_OPTIONS, ...options.redisOptions };
    const redis = new Redis(options.url, redisOptions as never);
    watchConnection(redis, options.warn ?? console.warn, () => this.closing);
    this.commands = redis as unknown as RedisCommands;
    this.owned = redis;
  }

  /**
   * Opens a store on `url` and resolves once the connection is ready, so the first
   * deliveries are not refused while it is still connecting.
   */
  static async connect(
    url: string,
    options: Omit<Extract<RedisReplayStoreOptions, { url: string }>, 'url'> = {},
  ): Promise<RedisReplayStore> {
    const store = new RedisReplayStore({ ...options, url });
    const redis = store.owned as Redis;
    if (redis.status !== 'ready') {
      await new Promise<void>((resolve, reject) => {
        const onReady = () => {
          redis.off('error', onError);
          resolve();
        };
        const onError = (error: Error) => {
          redis.off('ready', onReady);
          redis.disconnect();
          reject(
            new Error(
              `[hookguard] RedisReplayStore: could not connect (${(error as { code?: string }).code ?? 'error'}).`,
            ),
          );
        };
        redis.once('ready', onReady);
        redis.once('error', onError);
      });
    }
    return store;
  }

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const reply = await this.commands.set(
      this.prefix + key,
      '1',
      'PX',
      Math.max(1, Math.ceil(ttlSeconds * 1000)),
      'NX',
    );
    return reply === 'OK';
  }

  async release(key: string): Promise<void> {
    await this.commands.del(this.prefix + key);
  }

  /** Closes the connection the store opened; a reused client is left to its owner. */
  async close(): Promise<void> {
    if (this.owned === undefined) return;
    this.closing = true;
    await this.owned.quit().catch(() => this.owned?.disconnect());
  }
}

/**
 * One warning when the connection drops and one when it is back; never the URL. Redis
 * shutting down closes the connection without an error, so both `close` and `error` count.
 */
function watchConnection(
  redis: Redis,
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
  redis.on('error', (error: Error & { code?: string }) => onLost(error.code ?? 'error'));
  redis.on('close', () => onLost('closed'));
  redis.on('ready', () => {
    if (!lost) return;
    lost = false;
    warn('[hookguard] RedisReplayStore: connection is back; replay protection resumed.');
  });
}
