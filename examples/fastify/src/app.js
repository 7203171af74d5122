// @ts-check
import { createServer } from 'node:http';
import { MemoryReplayStore, sign } from '@hookguard/core';
import {
  handleCheckExpectation,
  handleClientError,
  handleFrameworkError,
  hookguardPlugin,
  requireHost,
} from '@hookguard/fastify';
import Fastify from 'fastify';
import { webhookRouteTable } from './schemes.js';

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
 * The routes, as a plugin: register it into your own Fastify instance.
 *
 * @param {import('fastify').FastifyInstance} app
 * @param {{ schemes: import('./schemes.js').Schemes }} options
 */
export async function webhookRoutes(app, { schemes }) {
  /**
   * @param {import('fastify').FastifyRequest} request
   * @param {import('fastify').FastifyReply} reply
   */
  const accept = async (request, reply) => {
    const verified = /** @type {import('@hookguard/core').VerifiedWebhook} */ (request.webhook);
    if (typeof verified.matchedKey === 'number' && verified.matchedKey > 0) {
      // Rotation: while this appears, the vendor still signs with an older secret.
      console.warn(
        `[webhook] ${verified.provider} matched secret #${verified.matchedKey} (an older one); remove it only once this stops.`,
      );
    }
    // Your business logic goes here: verified.payload is verified.
    return reply.type('application/json; charset=utf-8').send(acceptedBody(verified));
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
 *   headersTimeout?: number,
 *   requestTimeout?: number,
 * }} options
 */
export async function buildApp({
  schemes,
  replayStore = new MemoryReplayStore(),
  now = Date.now,
  headersTimeout = 10_000,
  requestTimeout = 30_000,
}) {
  // The Node server is created here, with Node's own options, because Fastify's options do
  // not reach headersTimeout: Fastify 5 creates its server with Node's defaults and sets
  // requestTimeout on it afterwards, so headersTimeout stays at Node's 60 s, longer than the
  // whole request may take. (Fastify sets requestTimeout, keepAliveTimeout and
  // connectionTimeout only on a server it creates; with serverFactory they are set here.)
  // Timeouts, for each request: headersTimeout, its request line and headers within 10 s;
  // requestTimeout, the whole request, body included, within 30 s. Node checks both every
  // connectionsCheckingInterval (30 s unless set), so at 1 s a stalled client gets its 408
  // about a second after its timeout, not up to 30 s later.
  // Where Node or Fastify would answer by themselves, the answer is JSON like every other:
  // what Node's parser refuses and timeouts (clientErrorHandler), a request target the router
  // refuses (frameworkErrors), a missing Host (requireHostHeader: false with requireHost),
  // an unknown Expect (checkExpectation).
  const app = Fastify({
    clientErrorHandler: handleClientError,
    frameworkErrors: handleFrameworkError,
    serverFactory: (handler) =>
      createServer(
        {
          headersTimeout,
          requestTimeout,
          connectionsCheckingInterval: 1_000,
          // Fastify's own default, which it sets only on a server it creates.
          keepAliveTimeout: 72_000,
          requireHostHeader: false,
        },
        requireHost(handler),
      ).on('checkExpectation', handleCheckExpectation),
  });
  await app.register(hookguardPlugin, { replayStore, now });
  await app.register(webhookRoutes, { schemes });
  return app;
}
