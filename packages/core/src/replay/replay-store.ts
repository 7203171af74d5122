import type { MaybePromise } from './store-call.js';

/**
 * What a claim found: `claimed` (this call took a lease on the key), `in-progress`
 * (another claim's lease holds it: the delivery is being handled right now) or `replayed`
 * (a delivery under this key was committed: it already took effect).
 */
export type ClaimResult = 'claimed' | 'in-progress' | 'replayed';

/**
 * Where accepted deliveries are remembered, in two phases, so that each signed delivery
 * takes effect exactly once and none is lost:
 *
 * 1. `claim` takes a short **lease** on the delivery's key, held by a random token.
 * 2. Once the handler has answered, `commit` turns the lease into a record kept for the
 *    scheme's replay TTL; if the handler failed, `release` deletes the lease, but only
 *    while the same token still holds it (compare-and-delete).
 *
 * A claim whose outcome is unknown (a store that timed out) can therefore block the
 * vendor's retry for at most the lease, never for the whole replay window.
 *
 * Every operation must be atomic across every instance that shares the store. A store in
 * this process may answer at once (return the value, not a promise): hookguard then settles
 * it with no timer and no extra await. Expired
 * leases and records count as absent. Keys are at most a few hundred ASCII characters;
 * tokens are opaque, non-empty ASCII strings (hookguard passes a random UUID).
 * hookguard ships a memory store, `@hookguard/redis` (Redis and Redis Cluster) and
 * `@hookguard/postgres`; `docs/replay.md` says what each one guarantees.
 */
export interface ReplayStore {
  /**
   * Takes a lease on `key` for `leaseMs` under `token` when the key is free (absent or
   * expired). Otherwise changes nothing and says what holds the key.
   */
  claim(key: string, token: string, leaseMs: number): MaybePromise<ClaimResult>;
  /**
   * Records the delivery under `key` as done, for `ttlMs` from now. Resolves true when
   * `token` still held the lease. When it did not (the lease ran out, and maybe another
   * copy's lease holds the key now) it records the delivery as done all the same, since it
   * took effect, and resolves false; a key already committed is left as it is.
   */
  commit(key: string, token: string, ttlMs: number): MaybePromise<boolean>;
  /**
   * Deletes the lease on `key` if `token` holds it, so the vendor's retry is accepted.
   * Resolves whether it did; a committed key, or another token's lease, is never deleted.
   */
  release(key: string, token: string): MaybePromise<boolean>;
}
