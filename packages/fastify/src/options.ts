import type { ReplayStore, WebhookScheme } from '@hookguard/core';

/** Defaults for every webhook route, given when the plugin is registered. */
export interface HookguardPluginOptions {
  /** Remembers accepted deliveries; a re-delivery is `401 replayed`. */
  readonly replayStore?: ReplayStore;
  /** Clock in epoch milliseconds (default `Date.now`); inject it in tests. */
  readonly now?: () => number;
  /**
   * `respond` (default): answer a rejected request with `{"error":{"code","message"}}` and
   * the code's status. `throw`: hand the `WebhookVerificationError` to your error handler.
   */
  readonly errors?: 'respond' | 'throw';
}

/** A route's `config.webhook`: the scheme, with per-route overrides of the plugin's defaults. */
export interface WebhookRouteOptions extends HookguardPluginOptions {
  // biome-ignore lint/suspicious/noExplicitAny: any payload type may be configured per route.
  readonly scheme: WebhookScheme<any, any, any>;
}

/** A route's `config.webhook`: a scheme, or a scheme with options. */
// biome-ignore lint/suspicious/noExplicitAny: any payload type may be configured per route.
export type WebhookRouteConfig = WebhookScheme<any, any, any> | WebhookRouteOptions;

/** Route settings, checked once when the route is registered. */
export interface ResolvedRoute {
  readonly scheme: WebhookScheme;
  readonly replayStore: ReplayStore | undefined;
  readonly now: () => number;
  readonly errors: 'respond' | 'throw';
}

function isScheme(value: unknown): value is WebhookScheme {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as WebhookScheme).mediaType === 'string'
  );
}

/** Merges a route's setting over the plugin's defaults; a `TypeError` for a bad one, at start-up. */
export function resolveRoute(
  setting: WebhookRouteConfig,
  defaults: HookguardPluginOptions,
  url: string,
): ResolvedRoute {
  const options = (isScheme(setting) ? { scheme: setting } : setting) as WebhookRouteOptions;
  if (options === null || typeof options !== 'object' || !isScheme(options.scheme)) {
    throw new TypeError(
      `[hookguard] route ${url}: config.webhook must be a webhook scheme, such as cashfree.webhook({ secret }), or { scheme, … }.`,
    );
  }
  const errors = options.errors ?? defaults.errors ?? 'respond';
  if (errors !== 'respond' && errors !== 'throw') {
    throw new TypeError(`[hookguard] route ${url}: errors must be 'respond' or 'throw'.`);
  }
  const replayStore = options.replayStore ?? defaults.replayStore;
  if (
    replayStore !== undefined &&
    (typeof replayStore.claim !== 'function' || typeof replayStore.release !== 'function')
  ) {
    throw new TypeError(`[hookguard] route ${url}: replayStore must have claim() and release().`);
  }
  return {
    scheme: options.scheme,
    replayStore,
    now: options.now ?? defaults.now ?? Date.now,
    errors,
  };
}
