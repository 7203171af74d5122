import { generateKeyPairSync, sign as opensslSign } from 'node:crypto';
import {
  explain,
  formatExplanation,
  sendgrid,
  sign,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';

// SendGrid's Signed Event Webhook beyond the vectors (test/vectors/sendgrid.json): what sign
// sends, every malformed DER refused without a throw, the 24 h window and its option,
// configuration errors, and explain. The publicKeyScheme option it rests on,
// signatureForm: 'der', is tested in public-key-scheme.test.ts.

// The demo pair of the provider list: scalar = SHA-256("hookguard demo sendgrid key").
const PUBLIC =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7G68jnLMGL97QbgyWOFSe/kphrs2JTxmtV7W/tbI0V6fxU610bsIXMZE8v9w7Fz0MRtEuNfqM0zGRo7pn+do2w==';
const PRIVATE =
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgojusWYJ7SulS7EpvGjEVikv27JdIrkZZbv7f2xeT6BehRANCAATsbryOcswYv3tBuDJY4VJ7+SmGuzYlPGa1Xtb+1sjRXp/FTrXRuwhcxkTy/3DsXPQxG0S41+ozTMZGjumf52jb';
const SIGNATURE = 'x-twilio-email-event-webhook-signature';
const TIMESTAMP = 'x-twilio-email-event-webhook-timestamp';
const NOW = 1_700_000_000_000;
const now = () => NOW;
const DAY_SECONDS = 86_400;
const BODY = '[{"email":"a@example.com","event":"delivered","sg_event_id":"ZGVs"}]\r\n';

const scheme = sendgrid({ publicKey: PUBLIC, privateKey: PRIVATE });

/** A delivery signed at `at` (epoch ms), as SendGrid posts it. */
function delivery(at = NOW, body = BODY): WebhookRequest & { headers: Record<string, string> } {
  const signed = sign(scheme, { body, timestamp: at });
  return { method: 'POST', url: '/', headers: { ...signed.headers }, body: String(signed.body) };
}

/** What a verification that must be refused was refused with. */
async function errorOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('accepted; expected a refusal');
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { code?: string }) => error.code,
  );

/** DER for the tests: a tag, a short-form length, the contents. */
const der = (tag: number, ...contents: number[][]) => {
  const body = contents.flat();
  return [tag, body.length, ...body];
};
const integer = (...bytes: number[]) => der(0x02, bytes);
const thirtyTwo = (byte: number) => Array.from({ length: 32 }, () => byte);
const base64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

describe('sendgrid', () => {
  it('signs the base64 of a DER signature over timestamp + body, and verifies it', async () => {
    const request = delivery();
    expect(request.headers[TIMESTAMP]).toBe('1700000000');
    const bytes = Buffer.from(request.headers[SIGNATURE] as string, 'base64');
    // SEQUENCE { INTEGER r, INTEGER s }, short-form length: 8 to 72 bytes for P-256.
    expect([bytes[0], bytes[1], bytes[2]]).toEqual([0x30, bytes.length - 2, 0x02]);
    const verified = await verify(scheme, request, { now });
    expect(verified).toMatchObject({ provider: 'sendgrid', matchedKey: 0 });
    expect(verified.payload).toEqual(JSON.parse(BODY));
  });

  it('signs each delivery with a fresh nonce: two signatures of one message differ, both verify', async () => {
    const [first, second] = [delivery(), delivery()];
    expect(first.headers[SIGNATURE]).not.toBe(second.headers[SIGNATURE]);
    await expect(verify(scheme, second, { now })).resolves.toMatchObject({ provider: 'sendgrid' });
  });

  it('verifies what OpenSSL signs with the same key', async () => {
    const signature = opensslSign('sha256', Buffer.from(`1700000000${BODY}`), {
      key: Buffer.from(PRIVATE, 'base64'),
      format: 'der',
      type: 'pkcs8',
      dsaEncoding: 'der',
    }).toString('base64');
    const request = {
      method: 'POST',
      url: '/',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE]: signature,
        [TIMESTAMP]: '1700000000',
      },
      body: BODY,
    };
    await expect(verify(scheme, request, { now })).resolves.toMatchObject({ matchedKey: 0 });
  });

  it('rejects with invalid_signature a body changed after signing, even only its trailing CRLF', async () => {
    const request = delivery();
    for (const body of [BODY.replace('delivered', 'bounce'), BODY.trimEnd(), `${BODY} `])
      expect(await codeOf(verify(scheme, { ...request, body }, { now }))).toBe('invalid_signature');
  });

  it('rejects with invalid_signature a delivery signed with another key, saying to check the public key', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forger = sendgrid({
      publicKey: PUBLIC,
      privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    });
    const signed = sign(forger, { body: BODY, timestamp: NOW });
    const error = await errorOf(
      verify(
        scheme,
        { method: 'POST', url: '/', headers: signed.headers, body: String(signed.body) },
        { now },
      ),
    );
    expect(error).toMatchObject({ code: 'invalid_signature' });
    expect((error as Error).message).toContain(
      'the x-twilio-email-event-webhook-signature header does not match',
    );
    expect((error as Error).message).toContain('the public key is the one for this account');
  });

  describe('rejects with invalid_signature, never a throw, a signature that is not one strict DER ECDSA signature', () => {
    const request = delivery();
    const valid = [...Buffer.from(request.headers[SIGNATURE] as string, 'base64')];
    it.each([
      ['r ‖ s (64 bytes, IEEE P1363)', base64([...thirtyTwo(1), ...thirtyTwo(2)])],
      ['the valid signature with a byte after it', base64([...valid, 0])],
      ['the valid signature cut short', base64(valid.slice(0, -1))],
      [
        'a long-form length where the short form fits (BER)',
        base64([0x30, 0x81, ...valid.slice(1)]),
      ],
      ['an empty SEQUENCE', base64([0x30, 0x00])],
      ['a SEQUENCE of one INTEGER', base64(der(0x30, integer(1)))],
      ['a SEQUENCE of three INTEGERs', base64(der(0x30, integer(1), integer(1), integer(1)))],
      ['r = 0', base64(der(0x30, integer(0), integer(1)))],
      ['a negative s', base64(der(0x30, integer(1), integer(0xff)))],
      ['an INTEGER padded with a needless zero', base64(der(0x30, integer(0, 1), integer(1)))],
      [
        'r of 33 bytes (longer than the curve)',
        base64(der(0x30, integer(1, ...thirtyTwo(1)), integer(1))),
      ],
      ['a SET instead of a SEQUENCE', base64(der(0x31, integer(1), integer(1)))],
      ['text that is not base64', 'not*base64'],
      ['base64 of nothing DER-like', 'AAAA'],
    ])('%s', async (_what, signature) => {
      const error = await errorOf(
        verify(
          scheme,
          { ...request, headers: { ...request.headers, [SIGNATURE]: signature } },
          { now },
        ),
      );
      expect(error).toMatchObject({ code: 'invalid_signature' });
      expect((error as Error).message).toMatch(/cannot be decoded; expected <base64 \(DER\)>/);
    });

    it('reads small r and s, written in fewer than 32 bytes, and refuses them as a mismatch', async () => {
      // DER drops leading zeros: r = 1 and s = 0x80 are read, then simply do not verify.
      const short = base64(der(0x30, integer(1), integer(0x00, 0x80)));
      const error = await errorOf(
        verify(
          scheme,
          { ...request, headers: { ...request.headers, [SIGNATURE]: short } },
          { now },
        ),
      );
      expect(error.message).toContain('does not match');
    });
  });

  it.each([
    ['the signature', SIGNATURE],
    ['the timestamp', TIMESTAMP],
  ])('rejects with missing_signature a request without %s header', async (_what, header) => {
    const request = delivery();
    const { [header]: _dropped, ...headers } = request.headers;
    const error = await errorOf(verify(scheme, { ...request, headers }, { now }));
    expect(error).toMatchObject({ code: 'missing_signature' });
    expect(error.message).toContain(`the ${header} header is missing`);
  });

  describe('timestamp window', () => {
    it('defaults to 24 h each way, with replays remembered for 48 h', () => {
      expect(scheme.tolerance).toBe(DAY_SECONDS);
      expect(scheme.replayTtlSeconds).toBe(2 * DAY_SECONDS);
    });

    it('accepts a retry that kept its first signature 24 h ago', async () => {
      const request = delivery(NOW - DAY_SECONDS * 1000);
      await expect(verify(scheme, request, { now })).resolves.toMatchObject({ matchedKey: 0 });
    });

    it('rejects with timestamp_out_of_tolerance a delivery signed 24 h and 1 s ago, or as far ahead', async () => {
      for (const at of [NOW - (DAY_SECONDS + 1) * 1000, NOW + (DAY_SECONDS + 1) * 1000])
        expect(await codeOf(verify(scheme, delivery(at), { now }))).toBe(
          'timestamp_out_of_tolerance',
        );
    });

    it('takes a tighter window: rejects a delivery 301 s old under tolerance: 300', async () => {
      const tight = sendgrid({ publicKey: PUBLIC, tolerance: 300 });
      expect(tight.replayTtlSeconds).toBe(600);
      expect(await codeOf(verify(tight, delivery(NOW - 300_000), { now }))).toBe('accepted');
      const error = await errorOf(verify(tight, delivery(NOW - 301_000), { now }));
      expect(error).toMatchObject({ code: 'timestamp_out_of_tolerance' });
      expect(error.message).toContain('the timestamp is 301 s old; the tolerance is 300 s');
    });

    it("checks no window with tolerance: false (as SendGrid's SDKs), replays remembered a day", async () => {
      const open = sendgrid({ publicKey: PUBLIC, tolerance: false });
      expect(open.replayTtlSeconds).toBe(DAY_SECONDS);
      const yearOld = delivery(NOW - 365 * DAY_SECONDS * 1000);
      await expect(verify(open, yearOld, { now })).resolves.toMatchObject({ matchedKey: 0 });
    });

    it('rejects with invalid_signature a changed timestamp, even one that is no number (the signature is checked first)', async () => {
      const request = delivery();
      const headers = { ...request.headers, [TIMESTAMP]: 'soon' };
      expect(await codeOf(verify(scheme, { ...request, headers }, { now }))).toBe(
        'invalid_signature',
      );
    });
  });

  describe('configuration errors are TypeErrors when the scheme is made', () => {
    const ed25519 = generateKeyPairSync('ed25519')
      .publicKey.export({ type: 'spki', format: 'der' })
      .toString('base64');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' })
      .publicKey.export({ type: 'spki', format: 'der' })
      .toString('base64');
    it.each([
      ['no options', undefined],
      ['no public key', {}],
      ['an empty public key', { publicKey: '' }],
      ['an empty list of keys', { publicKey: [] }],
      [
        'a PEM-armoured key',
        { publicKey: `-----BEGIN PUBLIC KEY-----\n${PUBLIC}\n-----END PUBLIC KEY-----` },
      ],
      ['a truncated key', { publicKey: PUBLIC.slice(0, 60) }],
      ['an Ed25519 key', { publicKey: ed25519 }],
      ['a P-384 key', { publicKey: p384 }],
      ['the private key given as the public key', { publicKey: PRIVATE }],
      ['a private key that is not base64', { publicKey: PUBLIC, privateKey: 'not base64!' }],
      ['a negative tolerance', { publicKey: PUBLIC, tolerance: -1 }],
      ['a replayTtl shorter than twice the tolerance', { publicKey: PUBLIC, replayTtl: 3600 }],
    ])('%s', (_what, options) => {
      expect(() => sendgrid(options as never)).toThrow(TypeError);
    });

    it('takes a key wrapped across lines, as a dashboard copy may be', async () => {
      const wrapped = sendgrid({ publicKey: `${PUBLIC.slice(0, 64)}\n${PUBLIC.slice(64)}` });
      await expect(verify(wrapped, delivery(), { now })).resolves.toMatchObject({
        matchedKey: 0,
      });
    });

    it('refuses to sign without a private key, naming the option', () => {
      expect(() => sign(sendgrid({ publicKey: PUBLIC }), { body: BODY })).toThrow(
        /sendgrid: sign needs the scheme's privateKey/,
      );
    });
  });

  it('explains which key verifies and what the DER signature reads as, and never shows the private key', () => {
    const request = delivery();
    const explanation = explain(scheme, request, { now });
    expect(explanation.algorithm).toBe('ECDSA P-256 with SHA-256');
    expect(explanation.verdict).toEqual({ ok: true, matchedKey: 0 });
    expect(explanation.keys).toEqual([{ key: 0, forms: [], matches: true, revealed: true }]);
    expect(explanation.received[0]?.decoded).toEqual([
      { form: 'base64 (DER)', hex: expect.stringMatching(/^[0-9a-f]{128}$/) },
    ]);
    const refused = explain(scheme, { ...request, body: BODY.trimEnd() }, { now });
    expect(refused.verdict).toMatchObject({ ok: false, code: 'invalid_signature' });
    const unreadable = explain(
      scheme,
      { ...request, headers: { ...request.headers, [SIGNATURE]: 'AAAA' } },
      { now },
    );
    expect(formatExplanation(unreadable)).toContain('cannot be decoded');
    const scalar = Buffer.from(PRIVATE, 'base64').subarray(36, 68);
    const text = JSON.stringify([explanation, refused, unreadable]).concat(
      [explanation, refused, unreadable].map((e) => formatExplanation(e)).join('\n'),
    );
    for (const secret of [
      PRIVATE,
      PRIVATE.slice(48, 90),
      scalar.toString('hex'),
      scalar.toString('base64'),
    ])
      expect(text).not.toContain(secret);
  });
});
