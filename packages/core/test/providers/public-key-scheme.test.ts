import { generateKeyPairSync, sign as opensslSign } from 'node:crypto';
import { publicKeyScheme, sign, verify, type WebhookRequest } from '@hookguard/core';
import { describe, expect, it } from 'vitest';

// publicKeyScheme's options for ECDSA: the signature's layout (signatureForm), and the
// public key checked against the algorithm when the scheme is made.

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { code?: string }) => error.code,
  );

describe("publicKeyScheme's signatureForm", () => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
  const acme = (signatureForm?: 'der' | 'p1363', encoding?: 'hex' | 'base64') =>
    publicKeyScheme({
      name: 'acme',
      algorithm: 'ecdsa-p256-sha256',
      publicKey,
      publicKeyEncoding: 'spki-base64',
      privateKey,
      signature: { header: 'x-acme-signature' },
      ...(signatureForm === undefined ? {} : { signatureForm }),
      ...(encoding === undefined ? {} : { encoding }),
    });
  const signatureOf = (signed: { headers: Readonly<Record<string, string>> }) =>
    signed.headers['x-acme-signature'] as string;
  const request = (signature: string): WebhookRequest => ({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/json', 'x-acme-signature': signature },
    body: '{}',
  });
  const ours = (scheme: ReturnType<typeof acme>) => signatureOf(sign(scheme, { body: '{}' }));

  it('defaults to r ‖ s (P1363): 64 bytes, as Web Crypto makes them', () => {
    expect(Buffer.from(ours(acme()), 'base64')).toHaveLength(64);
    expect(Buffer.from(ours(acme('p1363')), 'base64')).toHaveLength(64);
  });

  it("with 'der', signs DER and verifies DER in the scheme's encoding", async () => {
    for (const encoding of ['base64', 'hex'] as const) {
      const scheme = acme('der', encoding);
      const signature = ours(scheme);
      expect(Buffer.from(signature, encoding)[0]).toBe(0x30);
      await expect(verify(scheme, request(signature))).resolves.toMatchObject({ matchedKey: 0 });
    }
  });

  it('reads each form only as itself: P1363 under der, DER under p1363, both invalid_signature', async () => {
    expect(await codeOf(verify(acme('der'), request(ours(acme()))))).toBe('invalid_signature');
    expect(await codeOf(verify(acme(), request(ours(acme('der')))))).toBe('invalid_signature');
  });

  it('verifies what OpenSSL signs in either form, each under its own option', async () => {
    const openssl = (dsaEncoding: 'der' | 'ieee-p1363') =>
      opensslSign('sha256', Buffer.from('{}'), { key: pair.privateKey, dsaEncoding }).toString(
        'base64',
      );
    await expect(verify(acme('der'), request(openssl('der')))).resolves.toBeDefined();
    await expect(verify(acme(), request(openssl('ieee-p1363')))).resolves.toBeDefined();
  });

  it('is a TypeError for an unknown form, or for an algorithm that is not ECDSA', () => {
    expect(() => acme('asn1' as never)).toThrow(
      /acme: signatureForm must be 'p1363' or 'der', and is only for ECDSA algorithms/,
    );
    expect(() =>
      publicKeyScheme({
        name: 'acme',
        algorithm: 'ed25519',
        publicKey: 'aeec958b0f5e6074c50cb570efce93898388709142d23d4f01ead3ff149f0bb2',
        publicKeyEncoding: 'ed25519-hex',
        signature: { header: 'x-acme-signature' },
        signatureForm: 'der',
      }),
    ).toThrow(/only for ECDSA algorithms/);
  });

  it('is a TypeError for a public key of another algorithm than the scheme verifies with', () => {
    expect(() =>
      publicKeyScheme({
        name: 'acme',
        algorithm: 'rsa-pkcs1-sha256',
        publicKey,
        publicKeyEncoding: 'spki-base64',
        signature: { header: 'x-acme-signature' },
      }),
    ).toThrow(/acme: publicKey\[0\] is not in the form this scheme's secrets take/);
  });

  it('is a TypeError for a well-formed key whose point is not on the curve (node:crypto checks it)', () => {
    const broken = Buffer.from(publicKey, 'base64');
    const last = broken.length - 1;
    broken[last] = (broken[last] as number) ^ 1;
    expect(() =>
      publicKeyScheme({
        name: 'acme',
        algorithm: 'ecdsa-p256-sha256',
        publicKey: broken.toString('base64'),
        publicKeyEncoding: 'spki-base64',
        signature: { header: 'x-acme-signature' },
      }),
    ).toThrow(/acme: publicKey\[0\] is not in the form this scheme's secrets take/);
  });
});
