import { createHmac } from 'node:crypto';
import {
  cashfree,
  explain,
  formatExplanation,
  isWebhookVerificationError,
  sign,
  twilio,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { keysFromKeyRing } from '../src/keys/key-ring.js';
import { parseForm } from '../src/request/parse-form.js';

// Behaviours that `pnpm mutation` showed no test pinned down: each test here fails against
// at least one mutant that survived the rest of the suite.

const NOW = 1_700_000_000_000;
const now = () => NOW;

describe('Content-Type parameters and families', () => {
  const json = cashfree.webhook({ secret: 's' });
  const form = cashfree.subscription({ secret: 's' });
  const jsonRequest = (contentType: string): WebhookRequest => {
    const signed = sign(json, { body: '{"a":1}' }, { now });
    return {
      method: 'POST',
      url: '/',
      headers: { ...signed.headers, 'content-type': contentType },
      body: signed.body,
    };
  };

  it.each(['application/octet-stream', 'application/xml', 'application/jsonx'])(
    'refuses %s for a JSON scheme',
    async (contentType) => {
      await expect(verify(json, jsonRequest(contentType), { now })).rejects.toMatchObject({
        code: 'unsupported_media_type',
      });
    },
  );

  it.each(['application/json; version=2', 'application/vnd.cashfree+json', 'Application/JSON'])(
    'accepts %s: a parameter other than charset is not a charset',
    async (contentType) => {
      await expect(verify(json, jsonRequest(contentType), { now })).resolves.toMatchObject({
        payload: { a: 1 },
      });
    },
  );

  it('accepts a form with charset=UTF-8, as Twilio and others send it', async () => {
    const signed = sign(form, { fields: { cf_a: '1' } });
    const headers = {
      ...signed.headers,
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
    };
    await expect(
      verify(form, { method: 'POST', url: '/', headers, body: signed.body }),
    ).resolves.toMatchObject({ payload: { cf_a: '1' } });
  });
});

describe('URLs built from the request', () => {
  it('refuses a publicUrl with credentials', () => {
    for (const publicUrl of ['https://user@merchant.example', 'https://:pw@merchant.example']) {
      expect(() => twilio({ authToken: 't', publicUrl })).toThrow(/no path, query or credentials/);
    }
  });
});

describe('configuration and inputs of the wrong shape', () => {
  it('names what is wrong with a key ring', () => {
    expect(() => keysFromKeyRing(null, 'keys', 'ethoca')).toThrow(/at least one key id/);
    expect(() => keysFromKeyRing(new Map([[1, 's']]), 'keys', 'ethoca')).toThrow(/key id/);
    expect(() => keysFromKeyRing({ a: 's' }, 'keys', 'ethoca')).not.toThrow();
  });

  it('refuses a request that is not an object with a TypeError that says so', async () => {
    await expect(verify(cashfree.webhook({ secret: 's' }), null as never)).rejects.toThrow(
      /verify expects a request/,
    );
  });

  it('recognises only real errors as WebhookVerificationError', () => {
    const lookalike = { name: 'WebhookVerificationError', code: 'invalid_signature', message: '' };
    expect(isWebhookVerificationError(lookalike)).toBe(false);
  });
});

describe('form decoding of a lone 0x80 byte', () => {
  it('decodes it as UTF-8 (U+FFFD), as the WHATWG form parser does, not as Latin-1', () => {
    const body = Buffer.from([0x61, 0x3d, 0x80]);
    expect(parseForm(body)).toEqual([['a', '\uFFFD']]);
  });
});

describe('explain, shapes of partial explanations', () => {
  const scheme = cashfree.webhook({ secret: 's' });

  it.each([
    [
      'the request cannot be opened',
      (headers: Record<string, string>) => ({ ...headers, 'content-type': 'text/plain' }),
      'unsupported_media_type',
    ],
    [
      'the signature cannot be read',
      ({ 'x-webhook-timestamp': _, ...headers }: Record<string, string>) => headers,
      'missing_signature',
    ],
  ])('lists no keys and nothing received when %s', (_, alter, code) => {
    const signed = sign(scheme, { body: '{}' }, { now });
    const headers = alter(signed.headers);
    const explanation = explain(
      scheme,
      { method: 'POST', url: '/', headers, body: signed.body },
      { now },
    );
    expect(explanation.verdict).toMatchObject({ ok: false, code });
    expect(explanation.keys).toEqual([]);
    expect(explanation.received).toEqual([]);
  });

  it('labels each part of the string to sign by where it came from', () => {
    const signed = sign(scheme, { body: '{}' }, { now });
    const explanation = explain(scheme, { method: 'POST', url: '/', ...signed }, { now });
    expect(explanation.stringToSign?.parts.map((part) => part.label)).toEqual([
      'x-webhook-timestamp',
      'body',
    ]);
  });

  it('has no timestamp entry at all for a scheme that signs none', () => {
    const form = cashfree.subscription({ secret: 's' });
    const signed = sign(form, { fields: { cf_a: '1' } });
    const explanation = explain(form, { method: 'POST', url: '/', ...signed });
    expect(Object.hasOwn(explanation, 'timestamp')).toBe(false);
  });

  it('shows the tolerance, or that it is off', () => {
    for (const [tolerance, shown] of [
      [false, 'tolerance: off'],
      [300, 'tolerance: 300 s each way'],
    ] as const) {
      const timed = cashfree.webhook({ secret: 's', tolerance });
      const signed = sign(timed, { body: '{}' }, { now });
      const text = formatExplanation(
        explain(timed, { method: 'POST', url: '/', ...signed }, { now }),
      );
      expect(text).toContain(shown);
    }
  });
});

describe('error messages echo bounded parts of the input', () => {
  it('shows at most 64 characters of an unreadable timestamp', async () => {
    // Signed over the junk timestamp, so the signature passes and the timestamp is what fails.
    const timestamp = `${'9'.repeat(200)}x`;
    const body = '{}';
    const signature = createHmac('sha256', 's')
      .update(timestamp + body)
      .digest('base64');
    const headers = {
      'content-type': 'application/json',
      'x-webhook-timestamp': timestamp,
      'x-webhook-signature': signature,
    };
    const error = await verify(
      cashfree.webhook({ secret: 's' }),
      { method: 'POST', url: '/', headers, body },
      { now },
    ).then(
      () => expect.unreachable('verified a junk timestamp'),
      (caught: unknown) => caught as Error,
    );
    expect(error).toMatchObject({ code: 'timestamp_out_of_tolerance' });
    expect(error.message).toContain('9'.repeat(64));
    expect(error.message).not.toContain('9'.repeat(65));
  });
});
