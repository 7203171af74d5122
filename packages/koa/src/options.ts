import type { WebhookRouteOptions } from '@hookguard/core/adapter';

/**
 * Options for {@link webhook}. `replayStore` remembers accepted deliveries: each is claimed
 * for `replayLease` seconds while the rest of the middleware stack runs (a copy arriving
 * meanwhile is `409 delivery_in_progress`), committed once the response went out below 500
 * (a re-delivery is then `401 replayed`), and released when it failed, so the vendor's retry
 * gets through. `replayStoreTimeout`, `failOpen` and `warn` say what happens when the store
 * fails (by default `503 replay_store_unavailable`); `now` is the clock, for tests.
 */
export interface KoaWebhookOptions extends Omit<WebhookRouteOptions, 'errors'> {
  /** Largest body accepted, in bytes; larger is `413 body_too_large`. Default 1 MiB. */
  readonly limit?: number;
  /**
   * `respond` (default): answer a rejected request with `{"error":{"code","message"}}` and
   * the code's status. `throw`: throw the `WebhookVerificationError` for your own error
   * middleware (it carries the code's `status`, which Koa's default handler answers with).
   */
  readonly errors?: 'respond' | 'throw';
}
