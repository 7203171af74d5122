import { DEFAULT_BODY_LIMIT_BYTES, type ReplayStore, type WebhookScheme } from '@hookguard/core';

/** Options for {@link webhook}. */
export interface WebhookMiddlewareOptions {
  /** Largest body accepted, in bytes; larger is `413 body_too_large`. Default 1 MiB. */
  readonly limit?: number;
  /** Remembers accepted deliveries; a re-delivery is `401 replayed`. */
  readonly replayStore?: ReplayStore;
  /** Clock in epoch milliseconds (default `Date.now`); inject it in tests. */
  readonly now?: () => number;
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
  readonly replayStore: ReplayStore | undefined;
  readonly now: () => number;
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
  const { replayStore } = options;
  if (
    replayStore !== undefined &&
    (typeof replayStore.claim !== 'function' || typeof replayStore.release !== 'function')
  ) {
    throw new TypeError('[hookguard] webhook(): replayStore must have claim() and release().');
  }
  return { limit, replayStore, now: options.now ?? Date.now, errors };
}
