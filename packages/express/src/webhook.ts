import {
  isWebhookVerificationError,
  readRequestHead,
  toErrorResponse,
  type VerifiedWebhook,
  verify,
  type WebhookScheme,
  type WebhookVerificationError,
} from '@hookguard/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { resolveOptions, type WebhookMiddlewareOptions } from './options.js';
import { readBody } from './read-body.js';

/**
 * Express middleware (Express 4.21+ and 5) that verifies the request against `scheme` and
 * attaches the result as `req.webhook`. It reads the raw body itself (so mount it before
 * any body parser), refuses a Content-Type the scheme does not take and a body over
 * `limit`, and never calls the next handler with unverified data.
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
  const { limit, verifyOptions, errors } = resolveOptions(scheme as WebhookScheme, options);
  const provider = scheme.name;

  function reject(error: WebhookVerificationError, res: Response, next: NextFunction): void {
    if (errors === 'next') {
      next(error);
      return;
    }
    const { status, headers, body } = toErrorResponse(error);
    res.status(status).set(headers).json(body);
  }

  return async function hookguardWebhook(
    req: Request,
    res: Response,
    next: NextFunction,
  ): Promise<void> {
    try {
      // Checked from the headers before a byte is read: a wrong or repeated Content-Type is
      // refused without buffering anything (and readBody refuses an over-limit length).
      const headers = readRequestHead(scheme.mediaType, req.rawHeaders, provider);
      const body = await readBody(req, limit, provider);
      const verified = await verify(
        scheme,
        { method: req.method, url: req.originalUrl, headers, body },
        verifyOptions,
      );
      req.webhook = verified as VerifiedWebhook;
      const claim = verified.replayClaim;
      if (claim !== undefined) {
        // Once answered: commit a 2xx/4xx; release a 5xx (a handler that threw included:
        // Express answers 500) or a response that never completed, which the vendor retries.
        res.once('close', () => {
          void claim.settle(res.writableFinished ? res.statusCode : undefined);
        });
      }
    } catch (error) {
      if (isWebhookVerificationError(error)) return reject(error, res, next);
      return next(error);
    }
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
  if (req.webhook === undefined) {
    throw new TypeError(
      '[hookguard] req.webhook is not set: mount webhook(scheme) before this handler.',
    );
  }
  return req.webhook as VerifiedWebhook<TPayload>;
}
