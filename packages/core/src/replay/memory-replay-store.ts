import type { ReplayStore } from './replay-store.js';

/** Default capacity of {@link MemoryReplayStore}. */
export const DEFAULT_MEMORY_STORE_MAX_KEYS = 100_000;

/** Options for {@link MemoryReplayStore}. */
export interface MemoryReplayStoreOptions {
  /** Keys kept at most; the oldest is forgotten first. Default 100,000. */
  readonly maxKeys?: number;
  /** Clock in epoch ms, injectable for tests. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * A {@link ReplayStore} in this process's memory, bounded in size, with TTL expiry. Right
 * for one instance; with several instances behind a load balancer use a shared store such
 * as `@hookguard/redis`, or a replay accepted by one instance is accepted by the others.
 *
 * Only deliveries whose signature verified are claimed, so a flood of forged requests
 * cannot fill it. When full, the oldest key is evicted: size it above the deliveries you
 * receive in one TTL window.
 *
 * @example
 * ```ts
 * const replayStore = new MemoryReplayStore({ maxKeys: 50_000 });
 * await verify(scheme, request, { replayStore });
 * ```
 */
export class MemoryReplayStore implements ReplayStore {
  readonly maxKeys: number;
  private readonly now: () => number;
  // Lookups: key → expiry in epoch ms.
  private readonly expiries = new Map<string, number>();
  // Claim order, oldest first, as a queue with a moving head. Evicting and sweeping from a
  // Map's front instead is slow in V8 (each delete leaves a hole later walks must skip).
  // An entry whose expiry no longer matches the Map (released, or claimed again) is stale.
  private queue: { readonly key: string; readonly expiry: number }[] = [];
  private head = 0;

  constructor(options: MemoryReplayStoreOptions = {}) {
    const maxKeys = options.maxKeys ?? DEFAULT_MEMORY_STORE_MAX_KEYS;
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
      throw new TypeError('[hookguard] MemoryReplayStore: maxKeys must be a whole number ≥ 1.');
    }
    this.maxKeys = maxKeys;
    this.now = options.now ?? Date.now;
  }

  /** Keys held right now, expired ones not yet swept included. */
  get size(): number {
    return this.expiries.size;
  }

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const now = this.now();
    const existing = this.expiries.get(key);
    if (existing !== undefined && existing > now) return false;
    const expiry = now + ttlSeconds * 1000;
    this.expiries.set(key, expiry);
    this.queue.push({ key, expiry });
    this.shrink(now);
    return true;
  }

  async release(key: string): Promise<void> {
    this.expiries.delete(key);
  }

  /** Drops expired keys from the front, then the oldest while over the bound. */
  private shrink(now: number): void {
    // Stale entries count against the queue too, so it never outgrows twice the bound.
    while (this.head < this.queue.length) {
      const oldest = this.queue[this.head] as { key: string; expiry: number };
      const live = this.expiries.get(oldest.key) === oldest.expiry;
      const over =
        this.expiries.size > this.maxKeys || this.queue.length - this.head > 2 * this.maxKeys;
      if (live && oldest.expiry > now && !over) break;
      if (live) this.expiries.delete(oldest.key);
      this.head++;
    }
    // Drop the consumed front once it is most of the array: amortised O(1) per claim.
    if (this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
