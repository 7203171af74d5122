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
  it('refuses to verify with a signing-only scheme', async () => {
    await expect(
      verify(uicheck({ id: 'i', secret: 's' }) as never, {
        method: 'POST',
        url: '/',
        headers: {},
        body: '',
      }),
    ).rejects.toThrow(/only signs/);
  });

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
  it('gives Fiserv a fresh UUIDv4 request id and the current ms time', () => {
    const scheme = fiserv({ apiKey: 'key', secret: 'secret' });
    const first = sign(scheme, { body: { a: 1 } }, { now: () => 1_700_000_000_123 });
    const second = sign(scheme, { body: { a: 1 } }, { now: () => 1_700_000_000_123 });
    expect(first.headers['client-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first.headers['client-request-id']).not.toBe(second.headers['client-request-id']);
    expect(first.headers.timestamp).toBe('1700000000123');
    expect(Object.keys(first.headers).sort()).toEqual([
      'api-key',
      'client-request-id',
      'content-type',
      'message-signature',
      'timestamp',
    ]);
  });

  it('gives Smile ID the current time as ISO-8601 by default', () => {
    const signed = sign(
      smileId({ partnerId: '085', apiKey: 'k' }),
      {},
      { now: () => Date.UTC(2022, 3, 3, 21, 31, 47, 296) },
    );
    expect(signed.timestamp).toBe('2022-04-03T21:31:47.296Z');
  });

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

  it('sends objects as JSON and text as it is', () => {
    const scheme = cashfree.webhook({ secret: 's' });
    expect(sign(scheme, { body: { a: 1 } }).body).toBe('{"a":1}');
    expect(sign(scheme, { body: '{ "a" : 1 }' }).body).toBe('{ "a" : 1 }');
    expect(sign(scheme, { body: Buffer.from('{}') }).body).toBeInstanceOf(Uint8Array);
  });

  it('signs Ethoca from an absolute URL when the scheme has no publicUrl', async () => {
    const scheme = ethoca({ keys: { k: 's' } });
    const signed = sign(
      scheme,
      { url: 'https://merchant.com/api/orders?x=1', body: { a: 1 } },
      { now: () => 0 },
    );
    const request = {
      method: 'POST',
      url: '/api/orders?x=1',
      headers: { ...signed.headers, host: 'merchant.com' },
      body: signed.body,
    };
    await expect(verify(scheme, request, { now: () => 0 })).resolves.toMatchObject({
      matchedKey: 'k',
    });
  });
});
