import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The other tests run against the sources; this one loads what npm users get, so a broken
// build (ESM or CJS) fails the test command. Run after `pnpm build` (the test script does).
const require = createRequire(import.meta.url);
const distEsm = new URL('../packages/core/dist/index.js', import.meta.url).href;
const distCjs = new URL('../packages/core/dist/index.cjs', import.meta.url).pathname;

type Core = typeof import('@hookguard/core');

async function roundTrip(core: Core): Promise<unknown> {
  const scheme = core.cashfree.webhook({ secret: 'cfsk_ma_test_example_secret' });
  const signed = core.sign(scheme, {
    body: { type: 'PAYMENT_SUCCESS_WEBHOOK' },
    timestamp: 1617695238078,
  });
  return core.verify(scheme, { method: 'POST', url: '/', ...signed }, { now: () => 1617695238078 });
}

describe('the built package', () => {
  it('works as ESM', async () => {
    const core = (await import(/* @vite-ignore */ distEsm)) as Core;
    await expect(roundTrip(core)).resolves.toMatchObject({
      payload: { type: 'PAYMENT_SUCCESS_WEBHOOK' },
    });
  });

  it('works as CommonJS, and its errors are recognised by the ESM build', async () => {
    const core = require(distCjs) as Core;
    await expect(roundTrip(core)).resolves.toMatchObject({ matchedKey: 0 });
    const esm = (await import(/* @vite-ignore */ distEsm)) as Core;
    const scheme = core.cashfree.webhook({ secret: 's' });
    const error = await core
      .verify(scheme, {
        method: 'POST',
        url: '/',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
      .catch((e: unknown) => e);
    expect(esm.isWebhookVerificationError(error)).toBe(true);
  });
});
