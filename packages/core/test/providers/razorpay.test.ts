import { razorpay, sign } from '@hookguard/core';
import { describe } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

describeCatalogPreset('razorpay');

describe('replay keys come only from what the signature covers', () => {
  itIgnoresUnsignedHeadersForReplay([
    [
      'razorpay (X-Razorpay-Event-Id unsigned)',
      razorpay({ secret: 's' }),
      post(
        sign(razorpay({ secret: 's' }), {
          body: '{"a":1}',
          headers: { 'x-razorpay-event-id': 'e-1' },
        }),
      ),
      ['x-razorpay-event-id'],
    ],
  ]);
});
