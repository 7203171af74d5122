import { fileURLToPath } from 'node:url';
import { github, sign, stripe } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { createApp } from '../examples/hono/src/app.js';
import { startListening } from './support/listening-child.js';

const STRIPE_SECRET = 'whsec_runtime_test';
const GITHUB_SECRET = 'github-runtime-test';

describe('examples/hono', () => {
  const app = createApp({ stripeSecret: STRIPE_SECRET, githubSecret: GITHUB_SECRET });
  const event = { id: 'evt_1', type: 'payment_intent.succeeded' };

  it('accepts a signed Stripe event, and refuses a forged one and a replay', async () => {
    const signed = sign(stripe({ secret: STRIPE_SECRET }), { body: event });
    const send = (body: string) =>
      app.request('/webhooks/stripe', { method: 'POST', headers: signed.headers, body });
    const accepted = await send(String(signed.body));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ provider: 'stripe', payload: event });
    expect((await send(String(signed.body))).status).toBe(401);
    const forged = await send(JSON.stringify({ ...event, type: 'charge.refunded' }));
    expect(await forged.json()).toMatchObject({ error: { code: 'invalid_signature' } });
  });

  it('verifies GitHub through a wrapped handler', async () => {
    const signed = sign(github({ secret: GITHUB_SECRET }), { body: { zen: 'hi' } });
    const response = await app.request('/webhooks/github', {
      method: 'POST',
      headers: signed.headers,
      body: String(signed.body),
    });
    expect(await response.json()).toEqual({ provider: 'github', payload: { zen: 'hi' } });
  });

  it('starts with pnpm start and serves over real HTTP', async () => {
    const server = await startListening(['src/server.js'], {
      cwd: fileURLToPath(new URL('../examples/hono/', import.meta.url)),
      env: { PORT: '0', STRIPE_WEBHOOK_SECRET: STRIPE_SECRET },
      what: 'examples/hono',
    });
    try {
      expect(server.output()).toContain('GITHUB_WEBHOOK_SECRET is not set');
      const signed = sign(stripe({ secret: STRIPE_SECRET }), { body: event });
      const response = await fetch(`${server.url}/webhooks/stripe`, {
        method: 'POST',
        headers: signed.headers,
        body: String(signed.body),
      });
      expect(response.status).toBe(200);
    } finally {
      await server.end('SIGTERM');
    }
  });
});

describe('examples/nextjs route handler', () => {
  it('is called by Next.js with a standard Request: verified events in, refusals out', async () => {
    process.env.STRIPE_WEBHOOK_SECRET = STRIPE_SECRET;
    const route = await import('../examples/nextjs/app/api/webhooks/stripe/route.js');
    expect(route.runtime).toBe('nodejs');
    const signed = sign(stripe({ secret: STRIPE_SECRET }), {
      body: { id: 'evt_2', type: 'invoice.paid' },
    });
    const post = (body: string) =>
      route.POST(
        new Request('https://merchant.example/api/webhooks/stripe', {
          method: 'POST',
          headers: signed.headers,
          body,
        }),
      );
    const accepted = await post(String(signed.body));
    expect([accepted.status, await accepted.json()]).toEqual([200, { received: 'invoice.paid' }]);
    const replayed = await post(String(signed.body));
    expect([
      replayed.status,
      ((await replayed.json()) as { error: { code: string } }).error.code,
    ]).toEqual([401, 'replayed']);
    const forged = await post('{"id":"evt_2","type":"invoice.voided"}');
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_signature',
    );
  });
});
