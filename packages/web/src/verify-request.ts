import {
  assertMediaType,
  DEFAULT_BODY_LIMIT_BYTES,
  isWebhookVerificationError,
  resolveReplayPolicy,
  toErrorResponse,
  type VerifiedWebhook,
  type VerifyOptions,
  verify,
  type WebhookScheme,
  type WebhookVerificationError,
} from '@hookguard/core';
import { readBody } from './read-body.js';

/** Options for {@link verifyRequest} and {@link withWebhook}. */
export interface WebRequestOptions
  extends Pick<
    VerifyOptions,
    'replayStore' | 'replayStoreTimeout' | 'replayLease' | 'failOpen' | 'warn' | 'now'
  > {
  /** Largest body accepted, in bytes; larger is `413 body_too_large`. Default 1 MiB. */
  readonly limit?: number | undefined;
}

function headersOf(request: Request): Record<string, string> {
  const headers: Record<string, string> = Object.create(null);
  // The Fetch API merges a repeated header into one value joined by ", ": the repeat
  // itself cannot be seen here, only (for most schemes) an undecodable signature.
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

/**
 * Verifies a Web-standard `Request` against `scheme` (Hono's `c.req.raw`, a Next.js route
 * handler's `request`, Bun and Deno servers). Refuses a Content-Type the scheme does not
 * take and an over-limit body before reading it, reads the raw bytes, and verifies them.
 * Rejects with `WebhookVerificationError`. With a `replayStore`, settle the result's
 * `replayClaim` once handled (or use {@link withWebhook}, which does).
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
  const provider = scheme.name;
  const limit = options.limit ?? DEFAULT_BODY_LIMIT_BYTES;
  const contentType = request.headers.get('content-type') ?? undefined;
  const length = request.headers.get('content-length');
  const declaresBody = request.body !== null && length !== '0';
  assertMediaType(scheme.mediaType, contentType, declaresBody, provider);
  const body = await readBody(request, limit, provider);
  const url = new URL(request.url);
  const { limit: _limit, ...verifyOptions } = options;
  return verify(
    scheme,
    {
      method: request.method,
      url: `${url.pathname}${url.search}`,
      headers: headersOf(request),
      body,
    },
    { ...verifyOptions, bodyLimit: limit },
  );
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
 * `{"error":{"code","message"}}` and the code's status, and calls `handler` only with a
 * verified webhook. The replay claim is committed once the handler answers below 500, and
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
  // Checked here so that a bad replay option fails at start-up, not on the first delivery.
  resolveReplayPolicy(options);
  return async function hookguardWebhook(request: Request): Promise<Response> {
    let webhook: VerifiedWebhook<TPayload>;
    try {
      webhook = await verifyRequest(scheme, request, options);
    } catch (error) {
      if (isWebhookVerificationError(error)) return errorResponse(error);
      throw error;
    }
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
