// @ts-check
import { serve } from '@hono/node-server';
import { createApp } from './app.js';

/** @param {string} name */
function secret(name) {
  const value = process.env[name];
  if (value) return value;
  console.warn(
    `[hookguard example] ${name} is not set: using a demo value. Set it before receiving real callbacks.`,
  );
  return `demo-${name.toLowerCase()}`;
}

const app = createApp({
  stripeSecret: secret('STRIPE_WEBHOOK_SECRET'),
  githubSecret: secret('GITHUB_WEBHOOK_SECRET'),
});
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '127.0.0.1';
serve({ fetch: app.fetch, port, hostname }, (info) =>
  console.log(`hookguard hono example listening on http://${hostname}:${info.port}`),
);
