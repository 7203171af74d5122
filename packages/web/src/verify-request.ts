import type { VerifiedWebhook, WebhookRequest, WebhookScheme } from '@hookguard/core';
import {
  isPending,
  isWebhookVerificationError,
  REQUEST_ID_HEADER,
  type RouteOutcome,
  readWebBody,
  readWebHead,
  toErrorResponse,
  type WebhookRoute,
  type WebhookRouteOptions,
  type WebhookVerificationError,
  webhookRoute,
} from '@hookguard/core/adapter';

/** Options for {@link verifyRequest} and {@link withWebhook}. */
export interface WebRequestOptions extends Omit<WebhookRouteOptions, 'errors'> {
  /** Largest body accepted, in bytes; larger is `413 body_too_large`. Default 1 MiB. */
  readonly limit?: number | undefined;
}

/** Head check and bounded read: the same steps as every adapter, on a Web `Request`. */
async function readOnRoute(
  route: WebhookRoute<unknown>,
  request: Request,
): Promise<WebhookRequest> {
  const headers = readWebHead(route.scheme, request);
  const body = await readWebBody(request, route.limit, route.provider);
  const url = new URL(request.url);
  return { method: request.method, url: `${url.pathname}${url.search}`, headers, body };
}

/**
 * Verifies a Web-standard `Request` against `scheme` (Hono's `c.req.raw`, a Next.js route
 * handler's `request`, Bun and Deno servers). Refuses a Content-Type the scheme does not
 * take and an over-limit body before reading it, reads the raw bytes, and verifies them.
 * Rejects with `WebhookVerificationError`. With a `replayStore`, settle the result's
 * `replayClaim` once handled (or use {@link withWebhook}, which does). It answers no
 * handshake: a vendor's setup request is verified like any delivery (use
 * {@link withWebhook} to have them answered).
 *
 * @example
 * ```ts
 * const webhook = await verifyRequest(stripe({ secret }), request, { replayStore });
 * await handle(webhook.payload);
 * await webhook.replayClaim?.commit(); // or release() when handling failed
 * ```
 */
export async function verifyRequest<TPayload>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
  request: Request,
  options: WebRequestOptions = {},
): Promise<VerifiedWebhook<TPayload>> {
  const route = webhookRoute(scheme, options, ['respond'], 'verifyRequest()');
  try {
    return await route.verify(await readOnRoute(route, request));
  } catch (error) {
    if (isWebhookVerificationError(error)) refused(route, error, request);
    throw error;
  }
}

/** Logs (and publishes) a refusal through the route, with the request's id. */
function refused(route: WebhookRoute<unknown>, error: WebhookVerificationError, request: Request) {
  route.refused(error, request.headers.get(REQUEST_ID_HEADER));
}

/** A `(request) => Response` handler that receives the verified webhook. */
export type WebhookHandler<TPayload> = (
  request: Request,
  webhook: VerifiedWebhook<TPayload>,
) => Response | Promise<Response>;

/** The JSON answer for a rejected request, in the shape every hookguard adapter uses. */
export function errorResponse(error: WebhookVerificationError): Response {
  const { status, headers, body } = toErrorResponse(error);
  return Response.json(body, { status, headers });
}

/**
 * Wraps a fetch-style handler: verifies each request, answers a rejection with
 * `{"error":{"code","message"}}` and the code's status, answers the vendor's handshakes
 * (Slack's `url_verification`, Discord's PING, Meta's GET challenge…; see `handshakes`),
 * and calls `handler` only with a verified webhook. The replay claim is committed once the handler answers below 500, and
 * released when it throws or answers 5xx, so the vendor's retry is accepted.
 *
 * @example
 * ```ts
 * // app/api/webhooks/stripe/route.ts (Next.js)
 * export const POST = withWebhook(stripe({ secret: process.env.STRIPE_WEBHOOK_SECRET! }), async (request, { payload }) => {
 *   return Response.json({ received: true });
 * });
 * ```
 */
export function withWebhook<TPayload>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
  handler: WebhookHandler<TPayload>,
  options: WebRequestOptions = {},
): (request: Request) => Promise<Response> {
  const route = webhookRoute(scheme, options, ['respond'], 'withWebhook()');
  return async function hookguardWebhook(request: Request): Promise<Response> {
    let outcome: RouteOutcome<TPayload>;
    try {
      // A forged request's refusal comes back as a value, without a throw (decision 172).
      const answering = route.handleNow(await readOnRoute(route, request));
      outcome = isPending(answering) ? await answering : answering;
    } catch (error) {
      if (!isWebhookVerificationError(error)) throw error;
      outcome = { kind: 'refused', error };
    }
    if (outcome.kind === 'refused') {
      refused(route, outcome.error, request);
      return errorResponse(outcome.error);
    }
    if (outcome.kind === 'handshake') {
      const { status, headers, body } = outcome.handshake.reply;
      return new Response(body, { status, headers });
    }
    const webhook = outcome.webhook;
    let response: Response;
    try {
      response = await handler(request, webhook);
    } catch (error) {
      await webhook.replayClaim?.release();
      throw error;
    }
    // Settled before the response goes out: on a serverless runtime nothing may run after.
    // A client that went away never sees the answer and will retry: release, not commit.
    await webhook.replayClaim?.settle(request.signal?.aborted ? undefined : response.status);
    return response;
  };
}
