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

  // Style 1: verify, then handle.
  app.post('/webhooks/stripe', async (c) => {
    try {
      const { provider, payload } = await verifyRequest(stripeScheme, c.req.raw, {
        replayStore,
        now,
      });
      return c.json({ provider, payload });
    } catch (error) {
      if (isWebhookVerificationError(error)) return errorResponse(error);
      throw error;
    }
  });

  // Style 2: a wrapped fetch handler (the claim is released if it fails).
  const onGithub = withWebhook(
    github({ secret: githubSecret }),
    (_request, { provider, payload }) => Response.json({ provider, payload }),
    { replayStore, now },
  );
  app.post('/webhooks/github', (c) => onGithub(c.req.raw));

  app.get('/healthz', (c) => c.json({ ok: true }));
  return app;
}
