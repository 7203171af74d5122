// @ts-check
import { MemoryReplayStore, sign } from '@hookguard/core';
import { webhook } from '@hookguard/express';
import express from 'express';
import { webhookRouteTable } from './schemes.js';

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
    res.json({ provider: verified.provider, payload: verified.payload ?? null });
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
   * @param {unknown} error @param {import('express').Request} _req
   * @param {import('express').Response} res @param {import('express').NextFunction} _next
   */
  const onError = (error, _req, res, _next) => {
    console.error(error);
    res.status(500).json({ error: { code: 'internal_error', message: 'internal error' } });
  };
  app.use(onError);
  return app;
}
