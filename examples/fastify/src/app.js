// @ts-check
import { MemoryReplayStore, sign } from '@hookguard/core';
import { handleClientError, hookguardPlugin } from '@hookguard/fastify';
import Fastify from 'fastify';
import { webhookRouteTable } from './schemes.js';

/**
 * The routes, as a plugin: register it into your own Fastify instance.
 *
 * @param {import('fastify').FastifyInstance} app
 * @param {{ schemes: import('./schemes.js').Schemes }} options
 */
export async function webhookRoutes(app, { schemes }) {
  /** @param {import('fastify').FastifyRequest} request */
  const accept = async (request) => {
    const verified = /** @type {import('@hookguard/core').VerifiedWebhook} */ (request.webhook);
    if (typeof verified.matchedKey === 'number' && verified.matchedKey > 0) {
      // Rotation: while this appears, the vendor still signs with an older secret.
      console.warn(
        `[webhook] ${verified.provider} matched secret #${verified.matchedKey} (an older one); remove it only once this stops.`,
      );
    }
    // Your business logic goes here: verified.payload is verified.
    return { provider: verified.provider, payload: verified.payload ?? null };
  };

  for (const [path, scheme] of webhookRouteTable(schemes))
    app.post(path, { config: { webhook: scheme } }, accept);

  app.get('/uicheck/signature', async (request, reply) => {
    const { customer } = /** @type {{ customer?: unknown }} */ (request.query);
    if (typeof customer !== 'string' || customer === '') {
      return reply.code(400).send({
        error: {
          code: 'malformed_request',
          message: 'the customer query parameter (a Stripe customer id) is required.',
        },
      });
    }
    return {
      uicheck_id: schemes.uicheckId,
      stripe_customer_id: customer,
      signature: sign(schemes.uicheck, { customer }),
    };
  });

  app.get('/healthz', async () => ({ ok: true }));
}

/**
 * The example app: the hookguard plugin, registered once, then the routes.
 *
 * @param {{
 *   schemes: import('./schemes.js').Schemes,
 *   replayStore?: import('@hookguard/core').ReplayStore,
 *   now?: () => number,
 * }} options
 */
export async function buildApp({ schemes, replayStore = new MemoryReplayStore(), now = Date.now }) {
  // A client that stalls gets 408 after 30 s, and requests Node's parser refuses get a JSON 4xx.
  const app = Fastify({ requestTimeout: 30_000, clientErrorHandler: handleClientError });
  await app.register(hookguardPlugin, { replayStore, now });
  await app.register(webhookRoutes, { schemes });
  return app;
}
