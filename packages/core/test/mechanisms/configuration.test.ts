import {
  cashfree,
  ethoca,
  fiserv,
  MemoryReplayStore,
  sign,
  smileId,
  uicheck,
  verify,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';

// What the factories make of their options: TypeErrors for bad configuration when a scheme
// is created (not on the first request), and for misuse of verify and sign when called.

describe('configuration edges', () => {
  it('accepts the smallest valid settings', () => {
    expect(() => new MemoryReplayStore({ maxKeys: 1 })).not.toThrow();
    expect(() => cashfree.subscription({ secret: 's', replayTtl: 1 })).not.toThrow();
    expect(() => cashfree.subscription({ secret: 's', replayTtl: 0.5 })).toThrow(TypeError);
    expect(() => cashfree.webhook({ secret: 's', replayTtl: '600' as never })).toThrow(TypeError);
    expect(() => cashfree.webhook({ secret: 's', replayTtl: Number.NaN })).toThrow(TypeError);
    expect(() => ethoca({ keys: { k: 's' }, signatureEncoding: 'double-encoded' })).not.toThrow();
    expect(() =>
      fiserv({ apiKey: 'a', secret: 's', signatureEncoding: 'hex-base64' }),
    ).not.toThrow();
  });
});

describe('bad configuration throws a TypeError when the scheme is created', () => {
  const cases: [string, () => unknown][] = [
    ['a missing secret', () => cashfree.webhook({} as never)],
    ['an empty secret', () => cashfree.webhook({ secret: '' })],
    ['an empty secret list', () => cashfree.subscription({ secret: [] })],
    ['a non-string secret in a list', () => cashfree.payoutsV1({ secret: ['ok', 42 as never] })],
    ['a numeric Smile ID partner id', () => smileId({ partnerId: 85 as never, apiKey: 'k' })],
    ['a negative tolerance', () => smileId({ partnerId: '085', apiKey: 'k', tolerance: -1 })],
    [
      'a non-finite tolerance',
      () => fiserv({ apiKey: 'a', secret: 's', tolerance: Number.POSITIVE_INFINITY }),
    ],
    ['tolerance: true', () => cashfree.webhook({ secret: 's', tolerance: true as never })],
    [
      'a Fiserv encoding that does not exist',
      () => fiserv({ apiKey: 'a', secret: 's', signatureEncoding: 'hex' as never }),
    ],
    ['an empty Ethoca key ring', () => ethoca({ keys: {} })],
    [
      'an Ethoca publicUrl with a path',
      () => ethoca({ keys: { k: 's' }, publicUrl: 'https://merchant.com/api' }),
    ],
    [
      'an Ethoca publicUrl that is not a URL',
      () => ethoca({ keys: { k: 's' }, publicUrl: 'merchant.com' }),
    ],
    [
      'an Ethoca publicUrl on ftp',
      () => ethoca({ keys: { k: 's' }, publicUrl: 'ftp://merchant.com' }),
    ],
    [
      'an Ethoca encoding that does not exist',
      () => ethoca({ keys: { k: 's' }, signatureEncoding: 'hex' as never }),
    ],
    ['a UiCheck scheme without id', () => uicheck({ secret: 's' } as never)],
  ];
  it.each(cases)('for %s', (_, create) => {
    expect(create).toThrow(TypeError);
  });

  it('names the option without echoing the value', () => {
    expect(() => cashfree.payoutsV1({ secret: ['topsecret', ''] })).toThrow(
      /secret\[1\] must be a non-empty string/,
    );
    try {
      cashfree.payoutsV1({ secret: ['topsecret', ''] });
    } catch (error) {
      expect(String(error)).not.toContain('topsecret');
    }
  });
});

describe('misuse at call time', () => {
  it('refuses something that is not a scheme', async () => {
    await expect(
      verify({ name: 'fake' } as never, { method: 'POST', url: '/', headers: {}, body: '' }),
    ).rejects.toThrow(TypeError);
    expect(() => sign({} as never, {})).toThrow(TypeError);
  });

  it('refuses a request that is not an object', async () => {
    await expect(verify(cashfree.webhook({ secret: 's' }), null as never)).rejects.toThrow(
      TypeError,
    );
  });

  it('refuses to sign without the inputs a scheme needs', () => {
    expect(() => sign(uicheck({ id: 'i', secret: 's' }), { customer: '' })).toThrow(TypeError);
    expect(() =>
      sign(cashfree.legacyNotify({ secret: 's' }), { fields: { orderId: '1' } }),
    ).toThrow(/needs the field orderAmount/);
    expect(() =>
      sign(cashfree.subscription({ secret: 's' }), { fields: { cf_a: 1 as never } }),
    ).toThrow(TypeError);
    expect(() => sign(cashfree.subscription({ secret: 's' }), null as never)).toThrow(TypeError);
    expect(() => sign(ethoca({ keys: { k: 's' } }), { url: '/api/orders' })).toThrow(
      /absolute url, or a publicUrl/,
    );
    expect(() =>
      sign(ethoca({ keys: { k: 's' } }), { url: 'https://m.com/x', keyRef: 'nope' }),
    ).toThrow(/no key with id/);
  });

  it('refuses a request that is not an object with a TypeError that says so', async () => {
    await expect(verify(cashfree.webhook({ secret: 's' }), null as never)).rejects.toThrow(
      /verify expects a request/,
    );
  });
});
