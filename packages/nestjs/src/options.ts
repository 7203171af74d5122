import type { WebhookScheme } from '@hookguard/core';
import type { WebhookRouteOptions } from '@hookguard/core/adapter';
import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';

/**
 * Options of one webhook route (`@VerifyWebhook(scheme, options)`), over the module's.
 * `replayStore` remembers accepted deliveries: each is claimed for `replayLease` seconds
 * while the handler runs (a copy arriving meanwhile is `409 delivery_in_progress`),
 * committed once the response went out below 500 (a re-delivery is then `401 replayed`),
 * and released when it failed, so the vendor's retry gets through. `replayStoreTimeout`,
 * `failOpen` and `warn` say what happens when the store fails (by default
 * `503 replay_store_unavailable`); `now` is the clock, for tests.
 */
export interface WebhookRouteSettings extends Omit<WebhookRouteOptions, 'errors'> {
  /** Largest body accepted, in bytes; larger is `413 body_too_large`. Default 1 MiB. */
  readonly limit?: number | undefined;
  /**
   * `respond` (default): answer a rejected request with `{"error":{"code","message"}}` and
   * the code's status, before Nest's pipeline runs. `throw`: hand the
   * `WebhookVerificationError` to Nest's exception filters (catch it in a global filter).
   */
  readonly errors?: 'respond' | 'throw' | undefined;
}

/** Options of `HookguardModule.forRoot`: defaults for every webhook route, and named schemes. */
export interface HookguardModuleOptions extends WebhookRouteSettings {
  /**
   * Schemes a route names instead of holding one (`@VerifyWebhook('stripe')`), so that
   * secrets can come from configuration when the module is made (`forRootAsync`).
   */
  // biome-ignore lint/suspicious/noExplicitAny: any payload type may be configured per name.
  readonly schemes?: Readonly<Record<string, WebhookScheme<any, any, any>>> | undefined;
}

/** Options of `HookguardModule.forRootAsync`: a factory, with what it injects. */
export interface HookguardModuleAsyncOptions {
  /** Modules whose providers the factory injects (a `ConfigModule`, say). */
  readonly imports?: ModuleMetadata['imports'];
  /** The tokens whose providers are passed to `useFactory`, in order. */
  readonly inject?: FactoryProvider['inject'];
  // biome-ignore lint/suspicious/noExplicitAny: the factory takes whatever `inject` names.
  readonly useFactory: (...args: any[]) => HookguardModuleOptions | Promise<HookguardModuleOptions>;
}

/** The scheme (or its name) and options that `@VerifyWebhook` records. */
export interface WebhookSetting {
  // biome-ignore lint/suspicious/noExplicitAny: any payload type may be configured per route.
  readonly scheme: WebhookScheme<any, any, any> | string;
  readonly options: WebhookRouteSettings;
}
