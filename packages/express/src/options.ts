import type { WebhookRouteOptions } from '@hookguard/core/adapter';

/**
 * Options for {@link webhook}. `replayStore` remembers accepted deliveries: each is claimed
 * for `replayLease` seconds while your handler runs (a copy arriving meanwhile is
 * `409 delivery_in_progress`), committed once it answered below 500 (a re-delivery is then
 * `401 replayed`), and released when it failed, so the vendor's retry gets through.
 * `replayStoreTimeout`, `failOpen` and `warn` say what happens when the store fails (by
 * default `503 replay_store_unavailable`); `now` is the clock, for tests.
 */
export interface WebhookMiddlewareOptions extends Omit<WebhookRouteOptions, 'errors'> {
  /** Largest body accepted, in bytes; larger is `413 body_too_large`. Default 1 MiB. */
  readonly limit?: number;
  /**
   * `respond` (default): answer a rejected request with `{"error":{"code","message"}}` and
   * the code's status. `next`: pass the `WebhookVerificationError` to `next(err)` for your
   * own error handler.
   */
  readonly errors?: 'respond' | 'next';
}
