import './augment.js';

export type { WebhookMiddlewareOptions } from './options.js';
export { verifiedWebhook, webhook } from './webhook.js';
