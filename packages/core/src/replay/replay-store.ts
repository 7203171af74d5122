/**
 * Remembers accepted deliveries so that an exact re-delivery is refused as `replayed`.
 * Implement it on any shared store; hookguard ships a memory store and a Redis store.
 */
export interface ReplayStore {
  /**
   * Records `key` for `ttlSeconds` if it is not already recorded. Resolves true when this
   * call recorded it (first delivery), false when it was already there (a replay). Must be
   * atomic across every instance that shares the store.
   */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Forgets `key`, so the vendor's retry of a delivery the handler failed is accepted. */
  release(key: string): Promise<void>;
}
