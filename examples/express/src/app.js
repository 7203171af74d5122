// @ts-check
import { MemoryReplayStore, sign } from '@hookguard/core';
import { webhook } from '@hookguard/express';
import express from 'express';
import { webhookRouteTable } from './schemes.js';

/** The 4xx a body parser of your other routes raises, by status, as hookguard's codes. */
const CLIENT_ERROR_CODES = /** @type {Record<number, string>} */ ({
  400: 'malformed_request',
  413: 'body_too_large',
  415: 'unsupported_media_type',
});

/**
 * The answer to an accepted delivery: the verified payload, echoed back for the demo. A
 * payload nested deeper than `JSON.stringify` can recurse (about 4,000 levels in V8) was
 * still verified and accepted, so it gets a 200 with a note instead of a 500: the vendor
 * would otherwise retry a delivery that succeeded.
 *
 * @param {import('@hookguard/core').VerifiedWebhook} verified
 * @returns {string} JSON
 */
function acceptedBody(verified) {
  try {
    return JSON.stringify({ provider: verified.provider, payload: verified.payload ?? null });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return JSON.stringify({
      provider: verified.provider,
      payload: null,
      note: 'the payload was verified and accepted, but is nested too deeply to echo back.',
    });
  }
}

/**
 * The example app. Webhook routes come first: `webhook()` reads the raw body itself, and a
 * body parser mounted before it would consume the bytes it has to verify.
 *
 * @param {{
 *   schemes: import('./schemes.js').Schemes,
 *   replayStore?: import('@hookguard/core').ReplayStore,
 *   now?: () => number,
 * }} options
 * @returns {import('express').Express}
 */
export function createApp({ schemes, replayStore = new MemoryReplayStore(), now = Date.now }) {
  const app = express();
  /** @param {import('@hookguard/core').WebhookScheme<any, any, any>} scheme */
  const verified = (scheme) => webhook(scheme, { replayStore, now });

  /** @param {import('express').Request} req @param {import('express').Response} res */
  const accept = (req, res) => {
    const verified = /** @type {import('@hookguard/core').VerifiedWebhook} */ (req.webhook);
    if (typeof verified.matchedKey === 'number' && verified.matchedKey > 0) {
      // Rotation: while this appears, the vendor still signs with an older secret.
      console.warn(
        `[webhook] ${verified.provider} matched secret #${verified.matchedKey} (an older one); remove it only once this stops.`,
      );
    }
    // Your business logic goes here: verified.payload is verified.
    res.type('application/json').send(acceptedBody(verified));
  };

  for (const [path, scheme] of webhookRouteTable(schemes)) app.post(path, verified(scheme), accept);

  app.get('/uicheck/signature', (req, res) => {
    const { customer } = req.query;
    if (typeof customer !== 'string' || customer === '') {
      res.status(400).json({
        error: {
          code: 'malformed_request',
          message: 'the customer query parameter (a Stripe customer id) is required.',
        },
      });
      return;
    }
    res.json({
      uicheck_id: schemes.uicheckId,
      stripe_customer_id: customer,
      signature: sign(schemes.uicheck, { customer }),
    });
  });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  // Body parsers for your other routes go after the webhook routes.
  app.use(express.json());

  /**
   * A body parser's 4xx (bad JSON 400, too large 413, an unsupported charset or encoding
   * 415: it sets `status`) keeps its status, in the same JSON shape as the webhook routes.
   * Anything else is a server error.
   *
   * @param {unknown} error @param {import('express').Request} _req
   * @param {import('express').Response} res @param {import('express').NextFunction} next
   */
  const onError = (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const { status, expose, message } =
      /** @type {{ status?: unknown, expose?: unknown, message?: unknown }} */ (error ?? {});
    const code = typeof status === 'number' ? CLIENT_ERROR_CODES[status] : undefined;
    if (code !== undefined) {
      // http-errors marks the messages that are safe to show the client with `expose`.
      const shown =
        expose === true && typeof message === 'string'
          ? message
          : `the request was refused (${code}).`;
      res.status(/** @type {number} */ (status)).json({ error: { code, message: shown } });
      return;
    }
    console.error(error);
    res.status(500).json({ error: { code: 'internal_error', message: 'internal error' } });
  };
  app.use(onError);
  return app;
}
