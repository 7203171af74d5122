import { cashfree, ethoca, fiserv, sign, smileId, uicheck, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';

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
});

describe('sign', () => {
  it('signs with the first secret of a rotation list', async () => {
    const scheme = cashfree.webhook({ secret: ['new', 'old'] });
    const signed = sign(scheme, { body: '{}' });
    await expect(verify(scheme, { method: 'POST', url: '/', ...signed })).resolves.toMatchObject({
      matchedKey: 0,
    });
    await expect(
      verify(cashfree.webhook({ secret: 'old' }), { method: 'POST', url: '/', ...signed }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
  });
});
