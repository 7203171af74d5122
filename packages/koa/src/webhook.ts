import type { VerifiedWebhook, WebhookScheme } from '@hookguard/core';
import {
  isPending,
  isWebhookVerificationError,
  REQUEST_ID_HEADER,
  type RouteOutcome,
  readRequestHead,
  settleOnClose,
  toErrorResponse,
  verifiedFrom,
  webhookRoute,
} from '@hookguard/core/adapter';
import type { Context, Middleware } from 'koa';
import type { KoaWebhookOptions } from './options.js';
import { readBody } from './read-body.js';

/**
 * Koa middleware (Koa 2.15+ and 3) that verifies the request against `scheme` and sets the
 * result as `ctx.state.webhook`. It reads the raw body itself (so mount it before any body
 * parser), refuses a Content-Type the scheme does not take and a body over `limit`, settles
 * the replay claim by the status the response went out with, and never calls `next` with
 * unverified data. It answers the vendor's handshakes itself (Slack's `url_verification`,
 * Discord's PING…; see `handshakes`); route GET to it too for a vendor whose handshake is a
 * GET (Meta, Dropbox).
 *
 * @example
 * ```ts
 * router.post('/webhooks/stripe', webhook(stripe({ secret })), (ctx) => {
 *   console.log(ctx.state.webhook?.payload);
 *   ctx.status = 204;
 * });
 * ```
 */
export function webhook<TPayload>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
  options: KoaWebhookOptions = {},
): Middleware {
  const route = webhookRoute(scheme, options, ['respond', 'throw'], 'webhook()');
  return async function hookguardWebhook(ctx: Context, next): Promise<void> {
    let outcome: RouteOutcome<TPayload>;
    try {
      // Checked from the headers before a byte is read: a wrong or repeated Content-Type is
      // refused without buffering anything (and readBody refuses an over-limit length).
      const headers = readRequestHead(scheme.mediaType, ctx.req.rawHeaders, route.provider);
      const body = await readBody(ctx.req, route.limit, route.provider);
      // A forged request's refusal comes back as a value, without a throw (decision 172).
      const answering = route.handleNow({
        method: ctx.method,
        url: ctx.originalUrl,
        headers,
        body,
      });
      outcome = isPending(answering) ? await answering : answering;
    } catch (error) {
      if (!isWebhookVerificationError(error)) throw error;
      outcome = { kind: 'refused', error };
    }
    if (outcome.kind === 'refused') {
      const { error } = outcome;
      route.refused(error, ctx.req.headers[REQUEST_ID_HEADER]);
      if (route.errors === 'throw') throw error;
      const { status, headers, body } = toErrorResponse(error);
      ctx.status = status;
      ctx.set(headers);
      ctx.body = body;
      return;
    }
    if (outcome.kind === 'handshake') {
      const { status, headers, body } = outcome.handshake.reply;
      ctx.status = status;
      ctx.set(headers);
      ctx.body = body;
      return;
    }
    const verified = outcome.webhook;
    ctx.state.webhook = verified as VerifiedWebhook;
    // Settled when Koa has written the response: committed below 500, released on a 5xx
    // (an error thrown further down included) or when the client went away.
    settleOnClose(verified, ctx.res);
    await next();
  };
}

/**
 * `ctx.state.webhook`, typed by the scheme that verified it. Throws if the webhook
 * middleware did not run for this request.
 *
 * @example
 * ```ts
 * const scheme = stripe<StripeEvent>({ secret });
 * router.post('/webhooks/stripe', webhook(scheme), (ctx) => {
 *   const { payload } = verifiedWebhook(ctx, scheme); // payload: StripeEvent
 * });
 * ```
 */
export function verifiedWebhook<TPayload>(
  ctx: Pick<Context, 'state'>,
  _scheme?: WebhookScheme<TPayload, unknown, unknown>,
): VerifiedWebhook<TPayload> {
  return verifiedFrom(
    (ctx.state as { webhook?: VerifiedWebhook }).webhook,
    'mount webhook(scheme) before this middleware',
  );
}
