import { sign, vercel, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { post } from '../support/replay.js';

describeCatalogPreset('vercel');

const scheme = vercel({ secret: 'vc-secret' });

describe('Vercel', () => {
  it('signs 40 hex digits with no prefix: HMAC-SHA1 of the body', () => {
    const signed = sign(scheme, { body: '{"type":"deployment.created"}' });
    expect(signed.headers['x-vercel-signature']).toMatch(/^[0-9a-f]{40}$/);
  });

  it("does not read the body's createdAt as a timestamp: Vercel documents no window", async () => {
    expect(scheme.tolerance).toBe(false);
    const body = '{"type":"deployment.created","createdAt":1668464000000}';
    await expect(verify(scheme, post(sign(scheme, { body })))).resolves.toBeDefined();
  });

  it("verifies an integration's webhook with its Client Secret as the secret", async () => {
    const integration = vercel({ secret: ['account-webhook-secret', 'integration-client-secret'] });
    const body = '{"type":"integration-configuration.removed"}';
    const signed = sign(vercel({ secret: 'integration-client-secret' }), { body });
    await expect(verify(integration, post(signed))).resolves.toMatchObject({ matchedKey: 1 });
  });
});
