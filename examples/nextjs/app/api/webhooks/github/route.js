// @ts-check
// app/api/webhooks/github/route.js: a Next.js App Router route handler on the Edge runtime.
import { github } from '@hookguard/core';
import { withWebhook } from '@hookguard/web';

// hookguard runs on the Edge: Next.js bundles it with the `edge-light` export condition,
// which selects its Web Crypto build.
export const runtime = 'edge';

const scheme = github({ secret: process.env.GITHUB_WEBHOOK_SECRET ?? 'demo-github-secret' });

/**
 * POST /api/webhooks/github: called only with a verified event. No replay store here: an
 * Edge isolate's memory is not shared, and hookguard's Redis and PostgreSQL stores need
 * Node.js sockets (see the Stripe route, which runs on Node.js for that reason).
 */
export const POST = withWebhook(scheme, async (request, { payload }) => {
  const event = request.headers.get('x-github-event') ?? 'unknown';
  const action = /** @type {{ action?: string }} */ (payload).action;
  // Your business logic goes here.
  return Response.json({ received: event, action });
});
