import { cashfree, ethoca, sign, verify, WebhookVerificationError } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { selectKeys } from '../../src/check-request.js';
import { keysFromKeyRing } from '../../src/keys/key-ring.js';
import { webhookDefinitionOf } from '../../src/scheme.js';

// Secrets and key rings: a list of secrets while rotating (sign with the first, verify with
// any), and key ids (Ethoca's KeyRef) looked up in a key ring.

describe('rotation', () => {
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

describe('key rings', () => {
  it('names what is wrong with a key ring', () => {
    expect(() => keysFromKeyRing(null, 'keys', 'ethoca')).toThrow(/at least one key id/);
    expect(() => keysFromKeyRing(new Map([[1, 's']]), 'keys', 'ethoca')).toThrow(/key id/);
    expect(() => keysFromKeyRing({ a: 's' }, 'keys', 'ethoca')).not.toThrow();
  });

  it('takes a key ring as a Map, and refuses an empty key id', () => {
    expect([...keysFromKeyRing(new Map([['a', 's']]), 'keys', 'ethoca').keys()]).toEqual(['a']);
    expect(() => keysFromKeyRing({ '': 's' }, 'keys', 'ethoca')).toThrow(/empty key id/);
    expect(() => keysFromKeyRing('nope', 'keys', 'ethoca')).toThrow(TypeError);
  });

  const ethocaDefinition = webhookDefinitionOf(
    ethoca({ keys: { k1: 's' }, publicUrl: 'https://m.example' }),
  );

  it('refuses a key-id scheme whose request names no key', () => {
    expect(() =>
      selectKeys(
        ethocaDefinition,
        { signatures: [], signatureSource: '', message: [], payload: () => undefined },
        0,
      ),
    ).toThrow(WebhookVerificationError);
  });
});
