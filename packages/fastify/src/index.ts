import './augment.js';

/** Answers requests Node's HTTP parser refused, in hookguard's JSON shape: `Fastify({ clientErrorHandler: handleClientError })`. */
/** Answers an unknown `Expect` with a JSON 417 instead of Node's empty one: `server.on('checkExpectation', handleCheckExpectation)` in a `serverFactory`. */
/** Answers a request target Fastify's router refused with a JSON 400: `Fastify({ frameworkErrors: handleFrameworkError })`. */
/** Answers an HTTP/1.1 request without `Host` with a JSON 400: `createServer({ requireHostHeader: false }, requireHost(handler))` in a `serverFactory`. */
export {
  handleCheckExpectation,
  handleClientError,
  handleFrameworkError,
  requireHost,
} from '@hookguard/core';
export type { HookguardPluginOptions, WebhookRouteConfig, WebhookRouteOptions } from './options.js';
export { hookguardPlugin, hookguardPlugin as default, verifiedWebhook } from './plugin.js';
