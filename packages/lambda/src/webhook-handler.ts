import type { VerifiedWebhook, WebhookScheme } from '@hookguard/core';
import {
  bodyTooLarge,
  isPending,
  isWebhookVerificationError,
  REQUEST_ID_HEADER,
  type RouteOutcome,
  readRequestHead,
  toErrorResponse,
  type WebhookRouteOptions,
  type WebhookVerificationError,
  webhookRoute,
} from '@hookguard/core/adapter';
import {
  type EventRequest,
  type LambdaHttpEvent,
  type LambdaHttpResult,
  requestOf,
  resultFor,
} from './events.js';

/** Options for {@link webhookHandler}. */
export interface LambdaWebhookOptions extends Omit<WebhookRouteOptions, 'errors'> {
  /** Largest body accepted, in bytes, after base64 decoding; larger is `413 body_too_large`. Default 1 MiB. */
  readonly limit?: number;
  /**
   * `respond` (default): answer a rejected request with `{"error":{"code","message"}}` and
   * the code's status. `throw`: throw the `WebhookVerificationError` (the invocation fails;
   * API Gateway answers 502 and the vendor retries).
   */
  readonly errors?: 'respond' | 'throw';
}

/**
 * What runs for a verified delivery: the webhook and the original event (and the Lambda
 * context). Return a result, or nothing for a plain 200.
 */
export type LambdaWebhookHandler<TPayload, TEvent, TContext> = (
  webhook: VerifiedWebhook<TPayload>,
  event: TEvent,
  context: TContext,
) => HandlerAnswer | Promise<HandlerAnswer>;

/** A result, or nothing (a plain 200): `void`, so a handler with no `return` type-checks. */
// biome-ignore lint/suspicious/noConfusingVoidType: the return type of a callback that may return nothing.
type HandlerAnswer = LambdaHttpResult | void;

function errorResult(request: EventRequest, error: WebhookVerificationError) {
  const { status, headers, body } = toErrorResponse(error);
  return resultFor(
    request,
    status,
    { ...headers, 'content-type': 'application/json; charset=utf-8' },
    JSON.stringify(body),
  );
}

/** The request id header's first value, for the route's log line. */
function requestIdOf(rawHeaders: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() === REQUEST_ID_HEADER) return rawHeaders[i + 1];
  }
  return undefined;
}

/**
 * A Lambda handler for webhooks from API Gateway REST APIs (payload 1.0), HTTP APIs (2.0),
 * function URLs and Application Load Balancers: it takes the body byte for byte (base64
 * decoded when AWS encoded it, never read as ASCII), refuses a wrong media type and an
 * oversized body, verifies, answers the vendor's handshakes, and calls `handler` only with
 * a verified webhook. The replay claim is committed when the handler's result is below 500
 * and released when it throws or answers 5xx, before the function returns (nothing runs
 * after). Refusals answer the JSON error contract every hookguard adapter answers.
 *
 * @example
 * ```ts
 * import { stripe } from '@hookguard/core';
 * import { webhookHandler } from '@hookguard/lambda';
 * import { RedisReplayStore } from '@hookguard/redis';
 *
 * export const handler = webhookHandler(
 *   stripe({ secret: process.env.STRIPE_WEBHOOK_SECRET! }),
 *   async ({ payload }) => {
 *     await recordOrder(payload);
 *   },
 *   { replayStore: new RedisReplayStore({ url: process.env.REDIS_URL! }) },
 * );
 * ```
 */
export function webhookHandler<
  TPayload,
  TEvent extends LambdaHttpEvent = LambdaHttpEvent,
  TContext = unknown,
>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
  handler: LambdaWebhookHandler<TPayload, TEvent, TContext>,
  options: LambdaWebhookOptions = {},
): (event: TEvent, context: TContext) => Promise<LambdaHttpResult> {
  const route = webhookRoute(scheme, options, ['respond', 'throw'], 'webhookHandler()');
  return async function hookguardLambda(event: TEvent, context: TContext) {
    const request = requestOf(event);
    let headers: Record<string, string | string[]> | undefined;
    let outcome: RouteOutcome<TPayload>;
    try {
      headers = readRequestHead(scheme.mediaType, request.rawHeaders, route.provider);
      // AWS hands over the whole body; the route's limit applies to its decoded bytes.
      // A rare refusal, thrown into the catch below like the head check's.
      if (request.body.length > route.limit)
        throw bodyTooLarge(request.body.length, route.limit, route.provider);
      const answering = route.handleNow({
        method: request.method,
        url: request.url,
        headers,
        body: request.body,
      });
      // Answered at once when nothing waits: a refusal comes back as a value, with no throw
      // and no rejected promise, and a valid request takes no extra tick (decisions 171, 172).
      outcome = isPending(answering) ? await answering : answering;
    } catch (error) {
      if (!isWebhookVerificationError(error)) throw error;
      outcome = { kind: 'refused', error };
    }
    if (outcome.kind === 'refused') {
      const { error } = outcome;
      // The headers already read, lowercased; a raw scan only when reading them refused.
      route.refused(error, headers?.[REQUEST_ID_HEADER] ?? requestIdOf(request.rawHeaders));
      if (route.errors === 'throw') throw error;
      return errorResult(request, error);
    }
    if (outcome.kind === 'handshake') {
      const { status, headers: replyHeaders, body } = outcome.handshake.reply;
      return resultFor(request, status, replyHeaders, body);
    }
    const webhook = outcome.webhook;
    let result: LambdaHttpResult | undefined;
    try {
      // A handler that returned nothing gave `undefined`: `void` is only its declared type.
      result = (await handler(webhook, event, context)) as LambdaHttpResult | undefined;
    } catch (error) {
      await webhook.replayClaim?.release();
      throw error;
    }
    const answer = result ?? resultFor(request, 200, {}, '');
    await webhook.replayClaim?.settle(answer.statusCode);
    return answer;
  };
}
