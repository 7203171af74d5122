import './augment.js';

export type { HookguardPluginOptions, WebhookRouteConfig, WebhookRouteOptions } from './options.js';
export { hookguardPlugin, hookguardPlugin as default, verifiedWebhook } from './plugin.js';
