/** Fetched keys kept at most this long, whatever their own expiry: a day of a revoked key. */
export const DEFAULT_KEY_CACHE_MAX_TTL_MS = 24 * 60 * 60 * 1000;
/** Vendors sign with one or two keys at a time; room for rotations and both environments. */
export const DEFAULT_KEY_CACHE_MAX_ENTRIES = 100;

/** What a loader found: the key, and until when it may be used (epoch ms), if it says. */
export interface LoadedKey<T> {
  readonly value: T;
  /**
   * When the key stops being usable, in epoch milliseconds: a certificate's `notAfter`,
   * Plaid's `expired_at`. Kept until the earlier of this and the cache's `maxTtlMs`.
   */
  readonly expiresAt?: number | undefined;
}

/** Fetches and parses one key; rejects (with `key_unavailable`) when it cannot. */
export type KeyLoader<T> = (id: string) => Promise<LoadedKey<T>>;

/** Options for {@link KeyCache}. */
export interface KeyCacheOptions {
  /** The longest a key is kept, in milliseconds; {@link DEFAULT_KEY_CACHE_MAX_TTL_MS}. */
  readonly maxTtlMs?: number | undefined;
  /** The most keys kept; the oldest goes first. {@link DEFAULT_KEY_CACHE_MAX_ENTRIES}. */
  readonly maxEntries?: number | undefined;
}

interface Entry<T> {
  readonly value: T;
  readonly expiresAt: number;
}

/**
 * Keys fetched from a vendor (certificates by URL, JWKs by key id), kept until they expire,
 * so a delivery costs a fetch only when its key is new. Concurrent misses for one id share
 * one load; a failed load is not kept (the next delivery tries again), but every caller
 * waiting on it gets its failure. No timers: the time is passed in (epoch ms) and an
 * expired entry is simply a miss, so the cache runs the same on every runtime and in tests.
 *
 * @example
 * ```ts
 * const certificates = new KeyCache<PublicKey>({ maxTtlMs: 3_600_000 });
 * const key =
 *   certificates.get(url, now()) ??
 *   (await certificates.load(url, async () => parseCertificate(await fetchKeyDocument(url, POLICY)), now()));
 * ```
 */
export class KeyCache<T> {
  private readonly maxTtlMs: number;
  private readonly maxEntries: number;
  // A Map iterates in insertion order, and a stored key is re-inserted: the first entry is
  // always the oldest.
  private readonly entries = new Map<string, Entry<T>>();
  private readonly loading = new Map<string, Promise<T>>();

  constructor(options: KeyCacheOptions = {}) {
    const { maxTtlMs = DEFAULT_KEY_CACHE_MAX_TTL_MS, maxEntries = DEFAULT_KEY_CACHE_MAX_ENTRIES } =
      options;
    if (!(typeof maxTtlMs === 'number' && maxTtlMs > 0)) {
      throw new TypeError('[hookguard] the key cache maxTtlMs must be a number above 0.');
    }
    if (!(Number.isSafeInteger(maxEntries) && maxEntries > 0)) {
      throw new TypeError('[hookguard] the key cache maxEntries must be a whole number above 0.');
    }
    this.maxTtlMs = maxTtlMs;
    this.maxEntries = maxEntries;
  }

  /** The number of keys held, expired ones included until they are dropped. */
  get size(): number {
    return this.entries.size;
  }

  /** True while a load for `id` is under way (a new `load` would join it). */
  isLoading(id: string): boolean {
    return this.loading.has(id);
  }

  /** The key for `id` if one is held and has not expired at `now` (epoch ms); else undefined. */
  get(id: string, now: number): T | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (now < entry.expiresAt) return entry.value;
    this.entries.delete(id);
    return undefined;
  }

  /**
   * The key for `id`: the one held, the load already under way for it, or a new load by
   * `loader`. The key is kept until the earlier of the loader's `expiresAt` and `now` plus
   * `maxTtlMs`, counted from the start of the load (a slow fetch shortens the stay, never
   * lengthens it). A key already expired (or a `NaN` expiry) is returned but not kept.
   */
  load(id: string, loader: KeyLoader<T>, now: number): Promise<T> {
    const held = this.get(id, now);
    if (held !== undefined) return Promise.resolve(held);
    const loading = this.loading.get(id);
    if (loading !== undefined) return loading;
    const started = Promise.resolve()
      .then(() => loader(id))
      .then(
        ({ value, expiresAt }) => {
          this.loading.delete(id);
          this.store(id, value, Math.min(now + this.maxTtlMs, expiresAt ?? Infinity), now);
          return value;
        },
        (error: unknown) => {
          this.loading.delete(id);
          throw error;
        },
      );
    this.loading.set(id, started);
    return started;
  }

  private store(id: string, value: T, expiresAt: number, now: number): void {
    this.entries.delete(id);
    // `!(a > b)` and not `a <= b`: a NaN expiry is not kept either.
    if (!(expiresAt > now)) return;
    if (this.entries.size >= this.maxEntries) {
      for (const [heldId, entry] of this.entries) {
        if (entry.expiresAt <= now) this.entries.delete(heldId);
      }
    }
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(id, { value, expiresAt });
  }
}
