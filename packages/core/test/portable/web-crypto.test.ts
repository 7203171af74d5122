import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  awsSns,
  cryptoBackend,
  explain,
  explainAsync,
  github,
  MemoryReplayStore,
  PROVIDERS,
  type ProviderEntry,
  sign,
  signAsync,
  stripe,
  verify,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { demoKeyFetch, demoValues } from '../support/demo-scheme.js';

// The core on its Web Crypto build (this project aliases `#platform` to platform/web.ts),
// in Node's process: every provider signed with signAsync, verified, tampered with and
// explained, with no node:crypto anywhere on the path. The real runtimes run the same
// build in test/runtimes.

const NOW = 1_700_000_000_000;
const now = () => NOW;
const webhooks = (PROVIDERS as readonly ProviderEntry[]).filter((entry) => entry.verifies);

/**
 * Another P-256 pair (scalar = SHA-256 of "hookguard demo sendgrid key, another account"),
 * as SPKI and PKCS#8 in base64. A P-256 key cannot be changed one letter at a time: its
 * point must stay on the curve, and the PKCS#8 form carries the point, which Web Crypto
 * checks against the scalar.
 */
const OTHER_P256 = {
  spki: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEa1CP4ELc+h2V8K8D4QVbG3Sz1xwdxZhR+MZf/3i+CwK92DaM9BTfKRNxV1pxONpIPcl75z4T55udkkMM3zOoSg==',
  pkcs8:
    'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgQ2Yq+BH6yVteoxbGiWkFTwaCMV0vVY4ajzoD/uP9PCOhRANCAARrUI/gQtz6HZXwrwPhBVsbdLPXHB3FmFH4xl//eL4LAr3YNoz0FN8pE3FXWnE42kg9yXvnPhPnm52SQwzfM6hK',
};
/**
 * Another RSA key (the demo key's certificate is what the key server answers, so a message
 * this one signs must not verify): made here by OpenSSL, only to sign.
 */
const OTHER_RSA_PKCS8 = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ format: 'der', type: 'pkcs8' })
  .toString('base64');
const RSA_PKCS8 = 'MIIEv';
const P256_SPKI = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE';
const P256_PKCS8 = 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg';

/**
 * Another secret of the same form (for a key, another key): the last lower-case letter (or,
 * in a secret without one, upper-case letter) that is not among the final
 * two characters moved on by one (the final base64 character may carry unused bits, and a
 * key's `whsec_`/`sk_` prefix stays as it is); for a P-256 key, another P-256 key.
 */
function otherSecret(secret: string): string {
  if (secret.startsWith(RSA_PKCS8)) return OTHER_RSA_PKCS8;
  if (secret.startsWith(P256_SPKI)) return OTHER_P256.spki;
  if (secret.startsWith(P256_PKCS8)) return OTHER_P256.pkcs8;
  // Lower-case first (base64 and prefixed secrets), then upper-case (Monnify's client secret).
  for (const [first, last] of [
    ['a', 'z'],
    ['A', 'Z'],
  ] as const) {
    for (let i = secret.length - 3; i >= 0; i--) {
      const letter = secret[i] as string;
      if (letter < first || letter > last) continue;
      const next = letter === last ? first : String.fromCharCode(letter.charCodeAt(0) + 1);
      return `${secret.slice(0, i)}${next}${secret.slice(i + 1)}`;
    }
  }
  throw new Error(`no letter to change in a demo secret of ${secret.length} characters`);
}

/** The entry's demo scheme, or (`forger`) the same scheme with every secret changed. */
const demoScheme = (entry: ProviderEntry, forger = false) => {
  const values = demoValues(entry);
  if (forger)
    for (const setting of entry.settings)
      if (setting.secret) values[setting.option] = otherSecret(setting.demo);
  return entry.create(values, { fetch: demoKeyFetch(entry) }) as WebhookScheme;
};

/** What `signAsync` returned, as the request a vendor sends to the entry's route. */
function requestOf(entry: ProviderEntry, signed: unknown): WebhookRequest {
  const output = signed as {
    headers?: Record<string, string>;
    body?: string | Uint8Array;
    url?: string;
  };
  // Smile ID signs no request: its (signature, timestamp) pair goes into the JSON body.
  if (output.headers === undefined) {
    const headers = { 'content-type': 'application/json' };
    return { method: 'POST', url: entry.route, headers, body: JSON.stringify(signed) };
  }
  // A scheme that signs a query parameter (Mercado Pago's data.id) says where it sent it.
  const url = output.url?.startsWith('/') ? output.url : entry.route;
  return { method: 'POST', url, headers: output.headers, body: output.body ?? '' };
}

describe('the Web Crypto build', () => {
  it('is the build under test', () => {
    expect(cryptoBackend).toBe('web-crypto');
  });

  it('refuses the synchronous sign and explain with a clear TypeError naming the async form', () => {
    const scheme = stripe({ secret: 'whsec_web' });
    expect(() => sign(scheme, { body: {} })).toThrow(
      new TypeError(
        "[hookguard] sign() is synchronous and needs node:crypto; this runtime loaded hookguard's Web Crypto build, which is asynchronous. Use signAsync() instead (it works on every runtime).",
      ),
    );
    const request = { method: 'POST', url: '/', headers: {}, body: '{}' };
    expect(() => explain(scheme, request)).toThrow(/explain\(\) is synchronous.*explainAsync\(\)/);
  });

  describe.each(webhooks.map((entry) => [entry.id, entry] as const))('%s', (_id, entry) => {
    const scheme = demoScheme(entry);
    const signedBy = async (signer: WebhookScheme) =>
      requestOf(entry, await signAsync(signer, entry.sample(NOW), { now }));
    const signed = () => signedBy(scheme);

    it('signs with signAsync and verifies', async () => {
      await expect(verify(scheme, await signed(), { now })).resolves.toMatchObject({
        provider: entry.id,
      });
    });

    it('refuses the sample signed with another secret, and explains why', async () => {
      const request = await signedBy(demoScheme(entry, true));
      await expect(verify(scheme, request, { now })).rejects.toMatchObject({
        code: 'invalid_signature',
      });
      const explanation = await explainAsync(scheme, request, { now });
      expect(explanation.verdict).toMatchObject({ ok: false, code: 'invalid_signature' });
    });

    it('explains an accepted delivery as accepted', async () => {
      const request = await signed();
      const { matchedKey } = await verify(scheme, request, { now });
      const explanation = await explainAsync(scheme, request, { now });
      expect(explanation.verdict).toEqual({ ok: true, matchedKey });
      expect(explanation.keys[0]?.matches).toBe(true);
    });

    it('refuses a replay from a memory store', async () => {
      const replayStore = new MemoryReplayStore();
      const request = await signed();
      const first = await verify(scheme, request, { now, replayStore });
      await first.replayClaim?.commit();
      await expect(verify(scheme, request, { now, replayStore })).rejects.toMatchObject({
        code: 'replayed',
      });
    });
  });

  // A check runs in passes over Web Crypto, and a pass that met a digest not yet computed
  // is thrown away: a signature of zeros (what an uncomputed digest might be taken for)
  // must be refused like any other forgery.
  it.each([
    [
      'stripe',
      stripe({ secret: 'whsec_web' }),
      { 'stripe-signature': `t=1700000000,v1=${'0'.repeat(64)}` },
    ],
    ['github', github({ secret: 'web' }), { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }],
  ] as const)('refuses an all-zero %s signature', async (_name, scheme, signature) => {
    const request = {
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/json', ...signature },
      body: '{}',
    };
    await expect(verify(scheme as WebhookScheme, request, { now })).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });
});

describe('a scheme whose key is fetched and whose messages name their algorithm (AWS SNS)', () => {
  // Messages AWS signed (SignatureVersion 1, RSA SHA-1, and 2, RSA SHA-256), with the
  // certificate SNS served for them, handed over by a fetch function: Web Crypto verifies
  // both hashes, and signAsync signs both.
  const vectors = JSON.parse(
    readFileSync(new URL('../fixtures/aws-sns-sdk-vectors.json', import.meta.url), 'utf8'),
  ) as { topicArn: string; certificatePem: string; messages: Record<string, string> };
  const test = JSON.parse(
    readFileSync(new URL('../fixtures/aws-sns-test-certificate.json', import.meta.url), 'utf8'),
  ) as { certificatePem: string; privateKeyPkcs8Base64: string };
  const serve = (pem: string) => async () => new Response(pem, { status: 200 });

  it.each(['notificationWithSubject', 'notificationSignatureVersion2', 'unsubscribeConfirmation'])(
    'verifies %s',
    async (name) => {
      const body = vectors.messages[name] as string;
      const at = Date.parse((JSON.parse(body) as { Timestamp: string }).Timestamp) + 1000;
      const scheme = awsSns({ topicArn: vectors.topicArn, fetch: serve(vectors.certificatePem) });
      const request = { method: 'POST', url: '/', headers: { 'content-type': 'text/plain' }, body };
      await expect(verify(scheme, request, { now: () => at })).resolves.toMatchObject({
        payload: { MessageId: (JSON.parse(body) as { MessageId: string }).MessageId },
      });
    },
  );

  it.each(['1', '2'] as const)('signs version %s with signAsync', async (signatureVersion) => {
    const at = Date.parse('2027-01-15T10:00:00.000Z');
    const scheme = awsSns({
      topicArn: 'arn:aws:sns:us-east-1:123456789012:orders',
      fetch: serve(test.certificatePem),
      privateKey: test.privateKeyPkcs8Base64,
      signingCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem',
    });
    const signed = await signAsync(scheme, { message: 'm', signatureVersion }, { now: () => at });
    const request = { method: 'POST', url: '/', headers: signed.headers, body: signed.body };
    await expect(verify(scheme, request, { now: () => at })).resolves.toBeDefined();
  });
});
