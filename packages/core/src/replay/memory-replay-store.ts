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

// Expired keys are swept a few at a time on each claim, so no timer is needed and no
// claim pays for a full scan.
const SWEEP_PER_CLAIM = 8;

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
  // Insertion order is the eviction order; the value is the expiry time in ms.
  private readonly expiries = new Map<string, number>();

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
    this.sweep(now);
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > now) return false;
    // Delete first so a re-claimed expired key moves to the back of the eviction order.
    this.expiries.delete(key);
    this.expiries.set(key, now + ttlSeconds * 1000);
    while (this.expiries.size > this.maxKeys) {
      const oldest = this.expiries.keys().next().value as string;
      this.expiries.delete(oldest);
    }
    return true;
  }

  async release(key: string): Promise<void> {
    this.expiries.delete(key);
  }

  private sweep(now: number): void {
    let budget = SWEEP_PER_CLAIM;
    for (const [key, expiry] of this.expiries) {
      if (budget-- === 0) return;
      if (expiry > now) continue;
      this.expiries.delete(key);
    }
  }
}
