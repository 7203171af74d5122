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
import type { Request, RequestHandler } from 'express';
import type { WebhookMiddlewareOptions } from './options.js';
import { readBody } from './read-body.js';

/**
 * Express middleware (Express 4.21+ and 5) that verifies the request against `scheme` and
 * attaches the result as `req.webhook`. It reads the raw body itself (so mount it before
 * any body parser), refuses a Content-Type the scheme does not take and a body over
 * `limit`, settles the replay claim by the answer, and never calls the next handler with
 * unverified data. It answers the vendor's handshakes itself (Slack's `url_verification`,
 * Discord's PING…; see `handshakes`); mount it with `app.all` (or also on GET) for a vendor
 * whose handshake is a GET (Meta, Dropbox).
 *
 * @example
 * ```ts
 * app.post('/webhooks/cashfree', webhook(cashfree.webhook({ secret })), (req, res) => {
 *   res.json({ received: req.webhook.payload });
 * });
 * ```
 */
export function webhook<TPayload>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
  options: WebhookMiddlewareOptions = {},
): RequestHandler {
  const route = webhookRoute(scheme, options, ['respond', 'next'], 'webhook()');
  return async function hookguardWebhook(req, res, next): Promise<void> {
    let outcome: RouteOutcome<TPayload>;
    try {
      // Checked from the headers before a byte is read: a wrong or repeated Content-Type is
      // refused without buffering anything (and readBody refuses an over-limit length).
      const headers = readRequestHead(scheme.mediaType, req.rawHeaders, route.provider);
      const body = await readBody(req, route.limit, route.provider);
      // A forged request's refusal comes back as a value, without a throw (decision 172).
      const answering = route.handleNow({
        method: req.method,
        url: req.originalUrl,
        headers,
        body,
      });
      outcome = isPending(answering) ? await answering : answering;
    } catch (error) {
      if (!isWebhookVerificationError(error)) return next(error);
      outcome = { kind: 'refused', error };
    }
    if (outcome.kind === 'refused') {
      const { error } = outcome;
      route.refused(error, req.headers[REQUEST_ID_HEADER]);
      if (route.errors === 'next') return next(error);
      const { status, headers, body } = toErrorResponse(error);
      res.status(status).set(headers).json(body);
      return;
    }
    if (outcome.kind === 'handshake') {
      const { status, headers, body } = outcome.handshake.reply;
      res.status(status).set(headers).send(body);
      return;
    }
    const verified = outcome.webhook;
    req.webhook = verified as VerifiedWebhook;
    settleOnClose(verified, res);
    next();
  };
}

/**
 * `req.webhook`, typed by the scheme that verified it. Throws if the webhook middleware
 * did not run for this request.
 *
 * @example
 * ```ts
 * const scheme = cashfree.webhook<PaymentEvent>({ secret });
 * app.post('/webhooks/cashfree', webhook(scheme), (req, res) => {
 *   const { payload } = verifiedWebhook(req, scheme); // payload: PaymentEvent
 * });
 * ```
 */
export function verifiedWebhook<TPayload>(
  req: Request,
  _scheme?: WebhookScheme<TPayload, unknown, unknown>,
): VerifiedWebhook<TPayload> {
  return verifiedFrom(req.webhook, 'mount webhook(scheme) before this handler');
}
