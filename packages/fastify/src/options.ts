import { resolveReplayPolicy, type VerifyOptions, type WebhookScheme } from '@hookguard/core';

/**
 * Defaults for every webhook route, given when the plugin is registered. `replayStore`
 * remembers accepted deliveries: each is claimed for `replayLease` seconds while the
 * handler runs (a copy arriving meanwhile is `409 delivery_in_progress`), committed once it
 * answered below 500 (a re-delivery is then `401 replayed`), and released when it failed,
 * so the vendor's retry gets through. `replayStoreTimeout`, `failOpen` and `warn` say what
 * happens when the store fails (by default `503 replay_store_unavailable`); `now` is the
 * clock, for tests.
 */
export interface HookguardPluginOptions
  extends Pick<
    VerifyOptions,
    'replayStore' | 'replayStoreTimeout' | 'replayLease' | 'failOpen' | 'warn' | 'now'
  > {
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
  readonly verifyOptions: VerifyOptions;
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
  // Per-route settings win over the plugin's, key by key.
  const pick = <K extends keyof HookguardPluginOptions>(key: K) => options[key] ?? defaults[key];
  const verifyOptions: VerifyOptions = {
    replayStore: pick('replayStore'),
    replayStoreTimeout: pick('replayStoreTimeout'),
    replayLease: pick('replayLease'),
    failOpen: pick('failOpen'),
    warn: pick('warn'),
    now: pick('now'),
  };
  // Checked here so that a bad replay option fails at start-up, not on the first delivery.
  try {
    resolveReplayPolicy(verifyOptions);
  } catch (error) {
    throw new TypeError(
      `[hookguard] route ${url}: ${(error as Error).message.replace('[hookguard] ', '')}`,
    );
  }
  return { scheme: options.scheme, verifyOptions, errors };
}
