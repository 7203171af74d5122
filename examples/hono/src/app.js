// @ts-check
import { github, isWebhookVerificationError, MemoryReplayStore, stripe } from '@hookguard/core';
import { errorResponse, verifyRequest, withWebhook } from '@hookguard/web';
import { Hono } from 'hono';

/**
 * Webhook routes on Hono: hookguard reads `c.req.raw`, the standard Request, so nothing
 * must read the body first.
 *
 * @param {{ stripeSecret: string, githubSecret: string, replayStore?: import('@hookguard/core').ReplayStore, now?: () => number }} options
 */
export function createApp({
  stripeSecret,
  githubSecret,
  replayStore = new MemoryReplayStore(),
  now = Date.now,
}) {
  const app = new Hono();
  const stripeScheme = stripe({ secret: stripeSecret });

  // Style 1: verify, handle, then settle the replay claim: commit once handled, release if
  // handling failed (so the vendor's retry is accepted).
  app.post('/webhooks/stripe', async (c) => {
    let webhook;
    try {
      webhook = await verifyRequest(stripeScheme, c.req.raw, { replayStore, now });
    } catch (error) {
      if (isWebhookVerificationError(error)) return errorResponse(error);
      throw error;
    }
    try {
      // Your business logic goes here: webhook.payload is verified.
      const response = c.json({ provider: webhook.provider, payload: webhook.payload });
      await webhook.replayClaim?.commit();
      return response;
    } catch (error) {
      await webhook.replayClaim?.release();
      throw error;
    }
  });

  // Style 2: a wrapped fetch handler, which settles the claim itself.
  const onGithub = withWebhook(
    github({ secret: githubSecret }),
    (_request, { provider, payload }) => Response.json({ provider, payload }),
    { replayStore, now },
  );
  app.post('/webhooks/github', (c) => onGithub(c.req.raw));

  app.get('/healthz', (c) => c.json({ ok: true }));
  return app;
}
