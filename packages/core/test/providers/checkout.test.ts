import { checkout, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

describeCatalogPreset('checkout');

const BODY = '{"id":"evt_1","type":"payment_captured","data":{"amount":100}}';

describe('Checkout.com', () => {
  it('does not take the Authorization header as a credential: the Cko-Signature decides', async () => {
    const scheme = checkout({ secret: 'cko-key' });
    const signed = sign(scheme, { body: BODY, headers: { authorization: 'configured' } });
    await expect(
      verify(scheme, post({ ...signed, headers: { ...signed.headers, authorization: 'other' } })),
    ).resolves.toBeDefined();
    const { 'cko-signature': _, ...unsigned } = signed.headers;
    await expect(verify(scheme, post({ ...signed, headers: unsigned }))).rejects.toMatchObject({
      code: 'missing_signature',
    });
  });
});

describe('replay keys come only from what the signature covers', () => {
  itIgnoresUnsignedHeadersForReplay([
    [
      'checkout (the configured Authorization header unsigned)',
      checkout({ secret: 's' }),
      post(sign(checkout({ secret: 's' }), { body: BODY, headers: { authorization: 'token' } })),
      ['authorization'],
    ],
  ]);
});
