import { createHmac } from 'node:crypto';
import { explain, MemoryReplayStore, shopify, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

describeCatalogPreset('shopify');

describe('replay keys come only from what the signature covers', () => {
  itIgnoresUnsignedHeadersForReplay([
    [
      'shopify (X-Shopify-Webhook-Id unsigned)',
      shopify({ secret: 's' }),
      post(
        sign(shopify({ secret: 's' }), {
          body: '{"a":1}',
          headers: { 'x-shopify-webhook-id': 'w-1' },
        }),
      ),
      ['x-shopify-webhook-id', 'x-shopify-topic', 'x-shopify-event-id'],
    ],
    [
      'shopify, shopify-* headers (shopify-webhook-id unsigned)',
      shopify({ secret: 's' }),
      post({
        headers: {
          'content-type': 'application/json',
          'shopify-hmac-sha256': createHmac('sha256', 's').update('{"a":1}').digest('base64'),
          'shopify-webhook-id': 'w-1',
        },
        body: '{"a":1}',
      }),
      [
        'shopify-webhook-id',
        'shopify-topic',
        'shopify-event-id',
        'x-shopify-webhook-id',
        // Not read at all while shopify-hmac-sha256 is present.
        'x-shopify-hmac-sha256',
      ],
    ],
  ]);
});

describe("Shopify's two header formats", () => {
  const scheme = shopify({ secret: 'shp-secret' });
  const body = '{"id":1}';
  const hmac = createHmac('sha256', 'shp-secret').update(body).digest('base64');
  const forged = createHmac('sha256', 'another-secret').update(body).digest('base64');
  const request = (headers: Record<string, string | string[]>) => ({
    method: 'POST',
    url: '/webhooks/shopify',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

  it('accepts the signature in shopify-hmac-sha256 alone, and in X-Shopify-Hmac-Sha256 alone', async () => {
    for (const header of ['shopify-hmac-sha256', 'x-shopify-hmac-sha256'])
      await expect(verify(scheme, request({ [header]: hmac }))).resolves.toMatchObject({
        payload: { id: 1 },
        matchedKey: 0,
      });
  });

  it('checks only shopify-hmac-sha256 when both are present: never accepts because the other matched', async () => {
    const error = await verify(
      scheme,
      request({ 'shopify-hmac-sha256': forged, 'x-shopify-hmac-sha256': hmac }),
    ).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'invalid_signature' });
    expect(String(error)).toContain('the shopify-hmac-sha256 header does not match.');
    await expect(
      verify(scheme, request({ 'shopify-hmac-sha256': hmac, 'x-shopify-hmac-sha256': forged })),
    ).resolves.toBeDefined();
  });

  it('does not fall back to X-Shopify-Hmac-Sha256 when shopify-hmac-sha256 is empty or repeated', async () => {
    await expect(
      verify(scheme, request({ 'shopify-hmac-sha256': '', 'x-shopify-hmac-sha256': hmac })),
    ).rejects.toMatchObject({
      code: 'missing_signature',
      message: '[hookguard] shopify: the shopify-hmac-sha256 header is missing.',
    });
    await expect(
      verify(
        scheme,
        request({ 'shopify-hmac-sha256': [hmac, hmac], 'x-shopify-hmac-sha256': hmac }),
      ),
    ).rejects.toMatchObject({ code: 'malformed_request' });
  });

  it('still names X-Shopify-Hmac-Sha256 when no signature is sent at all', async () => {
    await expect(verify(scheme, request({}))).rejects.toMatchObject({
      code: 'missing_signature',
      message: '[hookguard] shopify: the x-shopify-hmac-sha256 header is missing.',
    });
  });

  it('keys one body on one digest under either header: re-sent under the other name, it is a replay', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await accept(scheme, request({ 'x-shopify-hmac-sha256': hmac }), {
      replayStore,
    });
    expect(first.replayClaim?.key).toMatch(/^shopify:sig:[A-Za-z0-9_-]{43}$/);
    await expect(
      verify(scheme, request({ 'shopify-hmac-sha256': hmac }), { replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('explains a shopify-* request from the header it checked', () => {
    const explanation = explain(scheme, request({ 'shopify-hmac-sha256': hmac }));
    expect(explanation.verdict).toMatchObject({ ok: true, matchedKey: 0 });
    expect(explanation.received).toEqual([expect.objectContaining({ received: hmac })]);
    const refused = explain(
      scheme,
      request({ 'shopify-hmac-sha256': forged, 'x-shopify-hmac-sha256': hmac }),
    );
    expect(refused.verdict).toMatchObject({ ok: false, code: 'invalid_signature' });
    expect(refused.received).toEqual([expect.objectContaining({ received: forged })]);
  });

  it('rotates secrets under the new header as under the old', async () => {
    const rotated = shopify({ secret: ['new-secret', 'shp-secret'] });
    await expect(verify(rotated, request({ 'shopify-hmac-sha256': hmac }))).resolves.toMatchObject({
      matchedKey: 1,
    });
  });
});
