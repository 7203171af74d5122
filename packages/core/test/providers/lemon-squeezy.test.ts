import { lemonSqueezy, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

describeCatalogPreset('lemon-squeezy');

const scheme = lemonSqueezy({ secret: 'ls-secret' });
const BODY = '{"meta":{"event_name":"order_created"},"data":{"type":"orders","id":"1"}}';

describe('Lemon Squeezy', () => {
  it('does not sign X-Event-Name: another name in it still verifies, so only meta.event_name is to be trusted', async () => {
    const signed = sign(scheme, { body: BODY, headers: { 'x-event-name': 'order_created' } });
    const verified = await verify(
      scheme,
      post({ ...signed, headers: { ...signed.headers, 'x-event-name': 'order_refunded' } }),
    );
    expect(verified.payload).toMatchObject({ meta: { event_name: 'order_created' } });
  });
});

describe('replay keys come only from what the signature covers', () => {
  itIgnoresUnsignedHeadersForReplay([
    [
      'lemon-squeezy (X-Event-Name unsigned)',
      scheme,
      post(sign(scheme, { body: BODY, headers: { 'x-event-name': 'order_created' } })),
      ['x-event-name'],
    ],
  ]);
});
