import './augment.js';

/** Answers requests Node's HTTP parser refused, in hookguard's JSON shape: `Fastify({ clientErrorHandler: handleClientError })`. */
export { handleClientError } from '@hookguard/core';
export type { HookguardPluginOptions, WebhookRouteConfig, WebhookRouteOptions } from './options.js';
export { hookguardPlugin, hookguardPlugin as default, verifiedWebhook } from './plugin.js';
