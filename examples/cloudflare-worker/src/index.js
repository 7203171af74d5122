// @ts-check
// A Cloudflare Worker (module syntax) that verifies Stripe and GitHub webhooks.
import { github, MemoryReplayStore, stripe } from '@hookguard/core';
import { withWebhook } from '@hookguard/web';

/**
 * The Worker's bindings: set each secret with `npx wrangler secret put <NAME>` (or in
 * `.dev.vars` for `wrangler dev`).
 * @typedef {{ STRIPE_WEBHOOK_SECRET: string, GITHUB_WEBHOOK_SECRET: string }} Env
 */

// Per isolate: Cloudflare runs many isolates and recycles them, so this memory only catches
// a replay that reaches the same isolate. In production pass a shared ReplayStore (one
// whose claim/commit/release talk to storage every isolate sees).
const replayStore = new MemoryReplayStore();

/** @type {Map<string, (request: Request) => Promise<Response>> | undefined} */
let routes;

/**
 * The routes, built on the first request: secrets arrive on `env`, which only handlers
 * see, and stay the same for the isolate's life.
 * @param {Env} env
 */
function routesFor(env) {
  routes ??= new Map([
    [
      '/webhooks/stripe',
      withWebhook(
        stripe({ secret: env.STRIPE_WEBHOOK_SECRET }),
        (_request, { provider, payload }) => Response.json({ provider, payload }),
        { replayStore },
      ),
    ],
    [
      '/webhooks/github',
      withWebhook(
        github({ secret: env.GITHUB_WEBHOOK_SECRET }),
        (_request, { provider, payload }) => Response.json({ provider, payload }),
        { replayStore },
      ),
    ],
  ]);
  return routes;
}

export default {
  /**
   * POST /webhooks/stripe and /webhooks/github: your business logic replaces the handlers
   * above, and runs only with a verified payload.
   * @param {Request} request
   * @param {Env} env
   * @returns {Promise<Response>}
   */
  async fetch(request, env) {
    const route = routesFor(env).get(new URL(request.url).pathname);
    if (route === undefined) return Response.json({ error: 'not_found' }, { status: 404 });
    return route(request);
  },
};
