import { shopify, sign } from '@hookguard/core';
import { describe } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

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
  ]);
});
