import { fileURLToPath } from 'node:url';
import { github, sign, stripe } from '@hookguard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadInEdgeRuntime,
  NODEJS_COMPAT_BY_DEFAULT_FROM,
  readWranglerToml,
  startWorkerd,
  type WorkerdServer,
} from '../support/runtimes/index.js';

// The examples that run outside Node.js, each in its real runtime against the built packages
// (run `pnpm build` first; `pnpm test` does). The Node.js ones are in test/runtimes.test.ts
// and test/examples.test.ts.
const STRIPE_SECRET = 'whsec_cloudflare_example';
const GITHUB_SECRET = 'github-edge-example';
const WRANGLER_TOML = fileURLToPath(
  new URL('../../examples/cloudflare-worker/wrangler.toml', import.meta.url),
);
const GITHUB_EDGE_ROUTE = fileURLToPath(
  new URL('../../examples/nextjs/app/api/webhooks/github/route.js', import.meta.url),
);

interface ErrorBody {
  readonly error: { readonly code: string };
}

describe('examples/cloudflare-worker, as wrangler builds it, in workerd', {
  timeout: 60_000,
}, () => {
  const wrangler = readWranglerToml(WRANGLER_TOML);
  let worker: WorkerdServer;

  beforeAll(async () => {
    worker = await startWorkerd({
      main: wrangler.main,
      compatibilityDate: wrangler.compatibilityDate,
      compatibilityFlags: wrangler.compatibilityFlags,
      bindings: { STRIPE_WEBHOOK_SECRET: STRIPE_SECRET, GITHUB_WEBHOOK_SECRET: GITHUB_SECRET },
    });
  }, 60_000);
  afterAll(() => worker?.stop());

  const post = (path: string, headers: Record<string, string>, body: string) =>
    fetch(`${worker.url}${path}`, { method: 'POST', headers, body });

  it('runs without nodejs_compat: no flag, a date before it became the default, no node: import', () => {
    expect(wrangler.compatibilityFlags).toEqual([]);
    expect(worker.config).not.toMatch(/compatibilityFlags/);
    expect(wrangler.compatibilityDate < NODEJS_COMPAT_BY_DEFAULT_FROM).toBe(true);
    expect(worker.nodeImports).toEqual([]);
  });

  it('accepts a signed Stripe event, then refuses it replayed, and a forged one as invalid_signature', async () => {
    const event = { id: 'evt_worker', type: 'invoice.paid' };
    const signed = sign(stripe({ secret: STRIPE_SECRET }), { body: event });
    const accepted = await post('/webhooks/stripe', signed.headers, String(signed.body));
    expect([accepted.status, await accepted.json()]).toEqual([
      200,
      { provider: 'stripe', payload: event },
    ]);
    const replayed = await post('/webhooks/stripe', signed.headers, String(signed.body));
    expect([replayed.status, ((await replayed.json()) as ErrorBody).error.code]).toEqual([
      401,
      'replayed',
    ]);
    const forged = await post(
      '/webhooks/stripe',
      signed.headers,
      JSON.stringify({ ...event, type: 'invoice.voided' }),
    );
    expect([forged.status, ((await forged.json()) as ErrorBody).error.code]).toEqual([
      401,
      'invalid_signature',
    ]);
  });

  it('verifies GitHub with its own secret binding, and refuses a forgery', async () => {
    const signed = sign(github({ secret: GITHUB_SECRET }), {
      body: { zen: 'Keep it logically awesome.' },
    });
    const accepted = await post('/webhooks/github', signed.headers, String(signed.body));
    expect([accepted.status, await accepted.json()]).toEqual([
      200,
      { provider: 'github', payload: { zen: 'Keep it logically awesome.' } },
    ]);
    const forged = await post('/webhooks/github', signed.headers, '{"zen":"forged"}');
    expect([forged.status, ((await forged.json()) as ErrorBody).error.code]).toEqual([
      401,
      'invalid_signature',
    ]);
  });
});

describe('examples/nextjs GitHub route, bundled as Next.js does, in the Edge runtime', {
  timeout: 60_000,
}, () => {
  it('declares the Edge runtime, answers a signed event 200 and a forged one 401 invalid_signature', async () => {
    const { vm, exports } = await loadInEdgeRuntime(GITHUB_EDGE_ROUTE, {
      GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
    });
    expect(exports.runtime).toBe('edge');
    const POST = exports.POST as (request: unknown) => Promise<Response>;
    const signed = sign(github({ secret: GITHUB_SECRET }), { body: { action: 'opened' } });
    // Requests of the VM's own realm, as Next.js hands them to the route.
    const request = (body: string) =>
      new vm.context.Request('https://merchant.example/api/webhooks/github', {
        method: 'POST',
        headers: { ...signed.headers, 'x-github-event': 'issues' },
        body,
      });
    const accepted = await POST(request(String(signed.body)));
    expect([accepted.status, await accepted.json()]).toEqual([
      200,
      { received: 'issues', action: 'opened' },
    ]);
    const forged = await POST(request('{"action":"closed"}'));
    expect([forged.status, ((await forged.json()) as ErrorBody).error.code]).toEqual([
      401,
      'invalid_signature',
    ]);
  });
});
