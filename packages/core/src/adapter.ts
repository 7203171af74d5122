/**
 * `@hookguard/core/adapter`: what a framework adapter needs, and users of the core do not.
 * An adapter translates its framework's request and response; everything else is here, once.
 */

export { readWebBody } from './adapter/read-web-body.js';
export type { WebRequestHead } from './adapter/read-web-head.js';
export { readWebHead } from './adapter/read-web-head.js';
export type { ClosingResponse } from './adapter/settle-on-close.js';
export { settleOnClose } from './adapter/settle-on-close.js';
export { verifiedFrom } from './adapter/verified-from.js';
export type { WebhookLogger } from './adapter/webhook-logger.js';
export { REQUEST_ID_HEADER } from './adapter/webhook-logger.js';
export type { WebhookRoute, WebhookRouteOptions } from './adapter/webhook-route.js';
export { webhookRoute } from './adapter/webhook-route.js';
export { isWebhookVerificationError, toErrorResponse, WebhookVerificationError } from './errors.js';
export { DEFAULT_BODY_LIMIT_BYTES } from './limits.js';
export { resolveReplayPolicy } from './replay/replay-policy.js';
export { isPending } from './replay/store-call.js';
export { bodyTooLarge, fromBodyReadError } from './request/body-read-error.js';
export type { NodeRequestHead } from './request/headers.js';
export {
  checkRequestHead,
  headersFromRaw,
  headersOfNodeRequest,
  readRequestHead,
} from './request/headers.js';
export { assertMediaType, JSON_MEDIA_TYPE, parseMediaType } from './request/media-type.js';
export type { RefusedOutcome, RouteOutcome } from './verify.js';
