import type { WebhookScheme } from '@hookguard/core';
import {
  type WebhookRouteOptions as CoreRouteOptions,
  type WebhookRoute,
  webhookRoute,
} from '@hookguard/core/adapter';

/**
 * Defaults for every webhook route, given when the plugin is registered. `replayStore`
 * remembers accepted deliveries: each is claimed for `replayLease` seconds while the
 * handler runs (a copy arriving meanwhile is `409 delivery_in_progress`), committed once it
 * answered below 500 (a re-delivery is then `401 replayed`), and released when it failed,
 * so the vendor's retry gets through. `replayStoreTimeout`, `failOpen` and `warn` say what
 * happens when the store fails (by default `503 replay_store_unavailable`); `now` is the
 * clock, for tests. The body limit is the route's `bodyLimit`, as Fastify resolves it.
 */
export interface HookguardPluginOptions extends Omit<CoreRouteOptions, 'limit' | 'errors'> {
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

/** A webhook route of this plugin: rejections are answered, or thrown to Fastify. */
export type ResolvedRoute = WebhookRoute<unknown, 'respond' | 'throw'>;

/**
 * Merges a route's setting over the plugin's defaults, key by key, and settles it once when
 * the route is registered: a bad setting is a `TypeError` naming the route.
 */
export function resolveRoute(
  setting: WebhookRouteConfig,
  defaults: HookguardPluginOptions,
  url: string,
  limit: number,
): ResolvedRoute {
  const options = (
    setting !== null && typeof setting === 'object' && 'scheme' in setting
      ? setting
      : { scheme: setting }
  ) as WebhookRouteOptions;
  const pick = <K extends keyof HookguardPluginOptions>(key: K) => options[key] ?? defaults[key];
  return webhookRoute(
    options.scheme,
    {
      limit,
      errors: pick('errors'),
      replayStore: pick('replayStore'),
      replayStoreTimeout: pick('replayStoreTimeout'),
      replayLease: pick('replayLease'),
      failOpen: pick('failOpen'),
      warn: pick('warn'),
      logger: pick('logger'),
      now: pick('now'),
      handshakes: pick('handshakes'),
    },
    ['respond', 'throw'],
    `route ${url}`,
  );
}
