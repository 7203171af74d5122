import {
  discord,
  explain,
  formatExplanation,
  publicKeyScheme,
  sign,
  telnyx,
  verify,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';

// Discord and the public-key builder beyond the vectors: configuration errors, signing
// without a private key, and how explain shows a public-key scheme.

const SEED = 'e5ca5b34ce2b41b28a8d07568ac4ab51ebe021cd6565e81ecf05fadc93031171';
const PUBLIC = 'aeec958b0f5e6074c50cb570efce93898388709142d23d4f01ead3ff149f0bb2';
const NOW = 1_700_000_000_000;
const now = () => NOW;

describe('discord', () => {
  it('refuses to sign without a private key, naming the option', () => {
    expect(() => sign(discord({ publicKey: PUBLIC }), { body: {} })).toThrow(
      /discord: sign needs the scheme's privateKey/,
    );
  });

  it('refuses a public key or a private key that is not in its form', () => {
    expect(() => discord({ publicKey: PUBLIC.slice(2) })).toThrow(TypeError);
    expect(() => discord({ publicKey: PUBLIC, privateKey: 'not hex' })).toThrow(
      /privateKey is not in the form/,
    );
    expect(() => telnyx({ publicKey: PUBLIC })).toThrow(TypeError);
  });

  it('explains which key verifies, with no digest to show, and never a key', () => {
    const scheme = discord({ publicKey: [PUBLIC], privateKey: SEED });
    const signed = sign(scheme, { body: { type: 1 } }, { now });
    const request = { method: 'POST', url: '/', headers: signed.headers, body: signed.body };
    const explanation = explain(scheme, request, { now });
    expect(explanation.algorithm).toBe('Ed25519');
    expect(explanation.verdict).toEqual({ ok: true, matchedKey: 0 });
    expect(explanation.keys).toEqual([{ key: 0, forms: [], matches: true, revealed: true }]);
    expect(formatExplanation(explanation)).toContain('key 0 (the signature verifies)');
    const forged = { ...request, body: '{"type":2}' };
    const refused = explain(scheme, forged, { now });
    expect(refused.verdict).toMatchObject({ ok: false, code: 'invalid_signature' });
    expect(formatExplanation(refused)).toContain('(no received signature verifies)');
    const text = JSON.stringify([explanation, refused]);
    expect(text).not.toContain(SEED);
  });

  it('says to check the public key, not a secret, on a mismatch', async () => {
    const scheme = discord({ publicKey: PUBLIC, privateKey: SEED });
    const signed = sign(scheme, { body: { type: 1 } }, { now });
    const error = await verify(
      scheme,
      { method: 'POST', url: '/', headers: signed.headers, body: '{"type":2}' },
      { now },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toContain('the public key is the one for this account');
  });
});

describe('publicKeyScheme', () => {
  it('wants a lowercase name', () => {
    expect(() =>
      publicKeyScheme({
        name: 'Acme',
        algorithm: 'ed25519',
        publicKey: PUBLIC,
        publicKeyEncoding: 'ed25519-hex',
        signature: { header: 'x-sig' },
      }),
    ).toThrow(/publicKeyScheme\(\): name must be a lowercase id/);
  });
});
