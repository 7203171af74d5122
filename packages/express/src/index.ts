import './augment.js';

/** Answers requests Node's HTTP parser refused, in hookguard's JSON shape: `server.on('clientError', handleClientError)`. */
export { handleClientError } from '@hookguard/core';
export type { WebhookMiddlewareOptions } from './options.js';
export { verifiedWebhook, webhook } from './webhook.js';
