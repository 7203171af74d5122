import { createHash } from 'node:crypto';
import { payu, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { post } from '../support/replay.js';

describeCatalogPreset('payu');

const KEY = 'gtKFFx';
const SALT = 'payu-test-salt';
const FIELDS = {
  status: 'success',
  txnid: 'txn1',
  amount: '10.00',
  productinfo: 'iPhone',
  firstname: 'Ashish',
  email: 'test@example.com',
  udf1: 'u1',
};

describe('PayU', () => {
  it('hashes the reverse string the SDK builds: salt|status||||||udf5…udf1|email|firstname|productinfo|amount|txnid|key', () => {
    const signed = sign(payu({ merchantKey: KEY, salt: SALT }), { fields: FIELDS });
    const hash = new URLSearchParams(String(signed.body)).get('hash');
    expect(hash).toBe(
      createHash('sha512')
        .update(`${SALT}|success||||||||||u1|test@example.com|Ashish|iPhone|10.00|txn1|${KEY}`)
        .digest('hex'),
    );
  });

  it('refuses a merchant key that is missing or holds a separator, when the scheme is made', () => {
    expect(() => payu({ merchantKey: '', salt: SALT })).toThrow(/merchantKey/);
    expect(() => payu({ merchantKey: 'a|b', salt: SALT })).toThrow(TypeError);
    expect(() => payu({ merchantKey: KEY, salt: '' })).toThrow(TypeError);
  });

  it('hands over every field, the unhashed ones (mihpayid, mode) included', async () => {
    const scheme = payu({ merchantKey: KEY, salt: SALT });
    const signed = sign(scheme, {
      fields: { ...FIELDS, mihpayid: '403993715521899234', mode: 'UPI' },
    });
    const verified = await verify(scheme, post(signed));
    expect(verified.payload).toMatchObject({ mihpayid: '403993715521899234', mode: 'UPI' });
  });

  it('refuses a repeated form field (malformed_request)', async () => {
    const scheme = payu({ merchantKey: KEY, salt: SALT });
    const signed = sign(scheme, { fields: FIELDS });
    await expect(
      verify(scheme, post({ ...signed, body: `${String(signed.body)}&amount=1.00` })),
    ).rejects.toMatchObject({ code: 'malformed_request' });
  });
});
