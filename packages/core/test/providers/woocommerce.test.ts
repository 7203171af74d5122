import { createHmac } from 'node:crypto';
import {
  PROVIDERS,
  type ProviderEntry,
  sign,
  verify,
  type WebhookRequest,
  type WebhookScheme,
  woocommerce,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

describeCatalogPreset('woocommerce');

const scheme = woocommerce({ secret: 'wc-secret' });
const route = webhookRoute(scheme, {}, ['respond'], 'test');
const BODY = '{"id":727,"status":"processing","total":"100.00"}';
const HEADERS = {
  'x-wc-webhook-source': 'https://shop.example/',
  'x-wc-webhook-topic': 'order.created',
  'x-wc-webhook-resource': 'order',
  'x-wc-webhook-event': 'created',
  'x-wc-webhook-id': '42',
  'x-wc-webhook-delivery-id': 'b7f1c1e0',
};
const ping = (
  body = 'webhook_id=42',
  headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
  },
): WebhookRequest => ({ method: 'POST', url: '/webhooks/woocommerce', headers, body });

describe('WooCommerce', () => {
  it('signs base64 HMAC-SHA256 of the body, and takes another algorithm where a site filters it', async () => {
    const signed = sign(scheme, { body: BODY });
    const expected = createHmac('sha256', 'wc-secret').update(BODY).digest('base64');
    expect(signed.headers['x-wc-webhook-signature']).toBe(expected);
    const sha512 = woocommerce({ secret: 'wc-secret', algorithm: 'sha512' });
    await expect(verify(sha512, post(sign(sha512, { body: BODY })))).resolves.toBeDefined();
    await expect(verify(scheme, post(sign(sha512, { body: BODY })))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('answers the creation ping, webhook_id=<id> unsigned, with the empty 200 WooCommerce requires, before any check', async () => {
    const outcome = await route.handle(ping());
    expect(outcome).toMatchObject({
      kind: 'handshake',
      handshake: { name: 'woocommerce.ping', reply: { status: 200, body: '' } },
    });
  });

  it('takes nothing else for the ping: a signature header, another field or a JSON body goes to verification', async () => {
    const signedPing = ping('webhook_id=42', {
      'content-type': 'application/x-www-form-urlencoded',
      'x-wc-webhook-signature': 'forged',
    });
    await expect(route.handle(signedPing)).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(route.handle(ping('webhook_id=forty-two'))).rejects.toMatchObject({
      code: 'missing_signature',
    });
    await expect(
      route.handle(ping('{"webhook_id":42}', { 'content-type': 'application/json' })),
    ).rejects.toMatchObject({ code: 'missing_signature' });
  });

  it('lists the ping among its handshakes in the catalog', () => {
    const entry = (PROVIDERS as readonly ProviderEntry[]).find(({ id }) => id === 'woocommerce');
    expect(entry?.handshakes).toEqual([
      {
        name: 'woocommerce.ping',
        signed: false,
        arrives: 'POST webhook_id=<id> (a form, not signed)',
      },
    ]);
  });

  it('takes its secret whole from the environment: a generated one may hold commas and spaces', async () => {
    const secret = 'k3,9 Q!x@M<p>{w}~T=z;:/?|Ab7 c,D2&e(F)g[H]i-J_kLmN';
    const entry = (PROVIDERS as readonly ProviderEntry[]).find(({ id }) => id === 'woocommerce');
    const fromEnv = entry?.create({ secret }) as WebhookScheme;
    const signed = sign(woocommerce({ secret }), { body: BODY });
    await expect(verify(fromEnv, post(signed))).resolves.toMatchObject({ matchedKey: 0 });
  });
});

describe('replay keys come only from what the signature covers', () => {
  itIgnoresUnsignedHeadersForReplay([
    [
      'woocommerce (its X-WC-Webhook-* headers unsigned)',
      scheme,
      post(sign(scheme, { body: BODY, headers: HEADERS })),
      Object.keys(HEADERS),
    ],
  ]);
});
