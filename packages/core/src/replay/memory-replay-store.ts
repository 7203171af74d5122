import type { ClaimResult, ReplayStore } from './replay-store.js';

/** Default capacity of {@link MemoryReplayStore}. */
export const DEFAULT_MEMORY_STORE_MAX_KEYS = 100_000;

/** Options for {@link MemoryReplayStore}. */
export interface MemoryReplayStoreOptions {
  /** Keys kept at most; the oldest is forgotten first. Default 100,000. */
  readonly maxKeys?: number;
  /** Clock in epoch ms, injectable for tests. Default `Date.now`. */
  readonly now?: () => number;
}

/** What a key holds: the lease's token, or `undefined` once committed. */
interface Entry {
  readonly key: string;
  token: string | undefined;
  expiry: number;
  /** False once the entry left the map (released, evicted, replaced): a stale queue slot. */
  held: boolean;
}

/**
 * A {@link ReplayStore} in this process's memory, bounded in size, with lease and TTL
 * expiry. Right for one instance; with several instances behind a load balancer use a
 * shared store such as `@hookguard/redis` or `@hookguard/postgres`, or a replay accepted by
 * one instance is accepted by the others.
 *
 * Only deliveries whose signature verified are claimed, and each key is a fixed-size
 * digest, so a flood of forged requests cannot fill it and each remembered delivery costs
 * the same (about 250 bytes; see `docs/replay.md`). When full, the oldest key is evicted:
 * size it above the deliveries you receive in one TTL window.
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
  private readonly entries = new Map<string, Entry>();
  // Claim order, oldest first, as a queue with a moving head. Evicting and sweeping from a
  // Map's front instead is slow in V8 (each delete leaves a hole later walks must skip).
  // A queued entry that is no longer held (released, evicted, replaced) is stale.
  private queue: Entry[] = [];
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
    return this.entries.size;
  }

  // Synchronous: the store answers at once, so verify needs no timer and no extra await.
  claim(key: string, token: string, leaseMs: number): ClaimResult {
    const now = this.now();
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      if (existing.expiry > now) return existing.token === undefined ? 'replayed' : 'in-progress';
      existing.held = false;
    }
    this.hold({ key, token, expiry: now + leaseMs, held: true }, now);
    return 'claimed';
  }

  commit(key: string, token: string, ttlMs: number): boolean {
    const now = this.now();
    const existing = this.entries.get(key);
    const live = existing !== undefined && existing.expiry > now;
    if (live && existing.token === undefined) return false;
    const owned = live && existing.token === token;
    if (owned) {
      // The same entry, so its place in the claim order stays valid.
      existing.token = undefined;
      existing.expiry = now + ttlMs;
      return true;
    }
    // The lease ran out (or another copy's holds the key): the delivery took effect anyway.
    if (existing !== undefined) existing.held = false;
    this.hold({ key, token: undefined, expiry: now + ttlMs, held: true }, now);
    return false;
  }

  release(key: string, token: string): boolean {
    const existing = this.entries.get(key);
    if (existing === undefined || existing.token !== token || existing.expiry <= this.now()) {
      return false;
    }
    existing.held = false;
    this.entries.delete(key);
    return true;
  }

  private hold(entry: Entry, now: number): void {
    this.entries.set(entry.key, entry);
    this.queue.push(entry);
    this.shrink(now);
  }

  /** Drops expired keys from the front, then the oldest while over the bound. */
  private shrink(now: number): void {
    // Stale entries count against the queue too, so it never outgrows twice the bound.
    while (this.head < this.queue.length) {
      const oldest = this.queue[this.head] as Entry;
      const over =
        this.entries.size > this.maxKeys || this.queue.length - this.head > 2 * this.maxKeys;
      // A committed entry's expiry grew past its place in the order: it waits for the bound.
      if (oldest.held && oldest.expiry > now && !over) break;
      if (oldest.held) {
        oldest.held = false;
        this.entries.delete(oldest.key);
      }
      this.head++;
    }
    // Drop the consumed front once it is most of the array: amortised O(1) per claim.
    if (this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
