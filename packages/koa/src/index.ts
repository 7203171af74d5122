import './augment.js';

/** Answers requests Node's HTTP parser refused, in hookguard's JSON shape: `server.on('clientError', handleClientError)`. */
/** Answers an unknown `Expect` with a JSON 417 instead of Node's empty one: `server.on('checkExpectation', handleCheckExpectation)`. */
/** Answers an HTTP/1.1 request without `Host` with a JSON 400: `createServer({ requireHostHeader: false }, requireHost(app.callback()))`. */
export { handleCheckExpectation, handleClientError, requireHost } from '@hookguard/core';
export type { KoaWebhookOptions } from './options.js';
export { verifiedWebhook, webhook } from './webhook.js';
