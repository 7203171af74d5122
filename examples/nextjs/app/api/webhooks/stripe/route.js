// @ts-check
// app/api/webhooks/stripe/route.js: a Next.js App Router route handler.
import { MemoryReplayStore, stripe } from '@hookguard/core';
import { withWebhook } from '@hookguard/web';

// Node.js by choice, not by need: hookguard also runs on the Edge runtime (see the GitHub
// route). With more than one instance this route takes RedisReplayStore from
// @hookguard/redis, whose client needs Node.js sockets; on Node.js, hookguard uses node:crypto.
export const runtime = 'nodejs';

const scheme = stripe({ secret: process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_demo_nextjs' });
// One instance only: on serverless or several instances, use RedisReplayStore from @hookguard/redis.
const replayStore = new MemoryReplayStore();

/** POST /api/webhooks/stripe: called only with a verified event. */
export const POST = withWebhook(
  scheme,
  async (_request, { payload }) => {
    const event = /** @type {{ type?: string }} */ (payload);
    // Your business logic goes here.
    return Response.json({ received: event.type });
  },
  { replayStore },
);
