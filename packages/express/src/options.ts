import {
  DEFAULT_BODY_LIMIT_BYTES,
  resolveReplayPolicy,
  type VerifyOptions,
  type WebhookScheme,
} from '@hookguard/core';

/**
 * Options for {@link webhook}. `replayStore` remembers accepted deliveries: each is claimed
 * for `replayLease` seconds while your handler runs (a copy arriving meanwhile is
 * `409 delivery_in_progress`), committed once it answered below 500 (a re-delivery is then
 * `401 replayed`), and released when it failed, so the vendor's retry gets through.
 * `replayStoreTimeout`, `failOpen` and `warn` say what happens when the store fails (by
 * default `503 replay_store_unavailable`); `now` is the clock, for tests.
 */
export interface WebhookMiddlewareOptions
  extends Pick<
    VerifyOptions,
    'replayStore' | 'replayStoreTimeout' | 'replayLease' | 'failOpen' | 'warn' | 'now'
  > {
  /** Largest body accepted, in bytes; larger is `413 body_too_large`. Default 1 MiB. */
  readonly limit?: number;
  /**
   * `respond` (default): answer a rejected request with `{"error":{"code","message"}}` and
   * the code's status. `next`: pass the `WebhookVerificationError` to `next(err)` for your
   * own error handler.
   */
  readonly errors?: 'respond' | 'next';
}

/** Options checked and defaulted, once, when the middleware is created. */
export interface ResolvedOptions {
  readonly limit: number;
  readonly verifyOptions: VerifyOptions;
  readonly errors: 'respond' | 'next';
}

/** Bad configuration is a `TypeError` at start-up, never a failure on the first delivery. */
export function resolveOptions(
  scheme: WebhookScheme,
  options: WebhookMiddlewareOptions,
): ResolvedOptions {
  if (scheme === null || typeof scheme !== 'object' || typeof scheme.mediaType !== 'string') {
    throw new TypeError(
      '[hookguard] webhook(scheme) needs a webhook scheme, such as cashfree.webhook({ secret }).',
    );
  }
  const limit = options.limit ?? DEFAULT_BODY_LIMIT_BYTES;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new TypeError('[hookguard] webhook(): limit must be a whole number of bytes ≥ 1.');
  }
  const errors = options.errors ?? 'respond';
  if (errors !== 'respond' && errors !== 'next') {
    throw new TypeError("[hookguard] webhook(): errors must be 'respond' or 'next'.");
  }
  // Checked here so that a bad replay option fails at start-up, not on the first delivery.
  resolveReplayPolicy(options);
  const { replayStore, replayStoreTimeout, replayLease, failOpen, warn, now } = options;
  const verifyOptions: VerifyOptions = {
    bodyLimit: limit,
    replayStore,
    replayStoreTimeout,
    replayLease,
    failOpen,
    warn,
    now,
  };
  return { limit, verifyOptions, errors };
}
