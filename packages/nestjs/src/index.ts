/** Answers requests Node's HTTP parser refused, in hookguard's JSON shape: `app.getHttpServer().on('clientError', handleClientError)`. */
/** Answers an unknown `Expect` with a JSON 417 instead of Node's empty one: `app.getHttpServer().on('checkExpectation', handleCheckExpectation)`. */
/** Answers an HTTP/1.1 request without `Host` with a JSON 400: `requireHost(listener)` in a server of your own. */
export { handleCheckExpectation, handleClientError, requireHost } from '@hookguard/core';
export { HookguardModule } from './hookguard-module.js';
export type {
  HookguardModuleAsyncOptions,
  HookguardModuleOptions,
  WebhookRouteSettings,
} from './options.js';
export type { NestHttpRequest, WebhookOf } from './verified-webhook.js';
export { verifiedWebhook } from './verified-webhook.js';
export { VerifyWebhook } from './verify-webhook.js';
export { Webhook } from './webhook.js';
export { WebhookGuard } from './webhook-guard.js';
