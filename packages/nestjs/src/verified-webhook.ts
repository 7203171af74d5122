import type { IncomingMessage } from 'node:http';
import type { VerifiedWebhook, WebhookScheme } from '@hookguard/core';
import { verifiedFrom } from '@hookguard/core/adapter';

/** The request as a Nest handler sees it: Express's (a Node request) or Fastify's (`raw`). */
export type NestHttpRequest = IncomingMessage | { readonly raw: IncomingMessage };

/** The verified webhook of a scheme: `WebhookOf<typeof scheme>`. */
export type WebhookOf<TScheme> =
  // biome-ignore lint/suspicious/noExplicitAny: only the payload type is read.
  TScheme extends WebhookScheme<infer TPayload, any, any> ? VerifiedWebhook<TPayload> : never;

/** Verified webhooks by the Node request they came with, on both platforms. */
const verifiedRequests = new WeakMap<IncomingMessage, VerifiedWebhook>();

function nodeRequest(request: NestHttpRequest): IncomingMessage {
  return 'raw' in request && request.raw !== undefined ? request.raw : (request as IncomingMessage);
}

/** Records a request's verified webhook, for the guard, `@Webhook()` and `verifiedWebhook`. */
export function rememberVerified(req: IncomingMessage, webhook: VerifiedWebhook): void {
  verifiedRequests.set(req, webhook);
}

/** Whether the request was verified by a webhook route. */
export function isVerified(request: NestHttpRequest): boolean {
  return verifiedRequests.has(nodeRequest(request));
}

/**
 * The request's verified webhook, typed by the scheme that verified it. Throws a `TypeError`
 * when the route is not a webhook route.
 *
 * @example
 * ```ts
 * const scheme = stripe<StripeEvent>({ secret });
 * @Post('stripe') @VerifyWebhook(scheme)
 * handle(@Req() req: Request) {
 *   const { payload } = verifiedWebhook(req, scheme); // payload: StripeEvent
 * }
 * ```
 */
export function verifiedWebhook<TPayload>(
  request: NestHttpRequest,
  _scheme?: WebhookScheme<TPayload, unknown, unknown>,
): VerifiedWebhook<TPayload> {
  return verifiedFrom(
    verifiedRequests.get(nodeRequest(request)),
    'give the route (or its controller) @VerifyWebhook(scheme), and import HookguardModule.forRoot() in the root module',
  );
}
