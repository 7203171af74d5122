import { createHmac } from 'node:crypto';
import {
  cashfree,
  ethoca,
  explain,
  formatExplanation,
  hmac,
  isWebhookVerificationError,
  MemoryReplayStore,
  sign,
  smileId,
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

describe('Ethoca Authorization edges', () => {
  const scheme = ethoca({ keys: { k1: 'secret' }, publicUrl: 'https://merchant.example' });
  const request = (authorization: string): WebhookRequest => {
    const signed = sign(scheme, { url: '/x', body: { a: 1 } }, { now });
    return {
      method: 'POST',
      url: '/x',
      headers: { ...signed.headers, authorization },
      body: signed.body,
    };
  };

  it.each([
    ['a bare scheme name', 'ETHOCA-SHA1'],
    ['a signature but no KeyRef', 'ETHOCA-SHA1 Signature=AAAA'],
  ])('answers missing_signature for %s', async (_, authorization) => {
    await expect(verify(scheme, request(authorization), { now })).rejects.toMatchObject({
      code: 'missing_signature',
    });
  });
});

describe('URLs built from the request', () => {
  it('ignores X-Forwarded-* unless trustProxy is set (Twilio)', async () => {
    const signed = sign(twilio({ authToken: 't' }), {
      url: 'https://public.example/sms',
      params: { Body: 'hi' },
    });
    const headers = {
      ...signed.headers,
      host: 'internal:3000',
      'x-forwarded-host': 'public.example',
    };
    const request = { method: 'POST', url: '/sms', headers, body: signed.body };
    await expect(verify(twilio({ authToken: 't' }), request)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await expect(
      verify(twilio({ authToken: 't', trustProxy: true }), request),
    ).resolves.toBeDefined();
  });

  it('reads a Host header with a non-default port and surrounding spaces (Ethoca)', async () => {
    const scheme = ethoca({ keys: { k1: 'secret' } });
    const signed = sign(scheme, { url: 'https://merchant.example:8443/x', body: {} }, { now });
    for (const host of ['merchant.example:8443', ' merchant.example:8443 ']) {
      const request = {
        method: 'POST',
        url: '/x',
        headers: { ...signed.headers, host },
        body: signed.body,
      };
      await expect(verify(scheme, request, { now })).resolves.toBeDefined();
    }
  });

  it('refuses a publicUrl with credentials', () => {
    for (const publicUrl of ['https://user@merchant.example', 'https://:pw@merchant.example']) {
      expect(() => twilio({ authToken: 't', publicUrl })).toThrow(/no path, query or credentials/);
    }
  });
});

describe('Twilio signing and request ids', () => {
  it('signs an absolute http:// URL without a publicUrl', () => {
    const signed = sign(twilio({ authToken: 't' }), {
      url: 'http://merchant.example/sms',
      params: {},
    });
    expect(signed.url).toBe('http://merchant.example/sms');
  });

  it('takes a relative URL whose query holds a URL as relative', () => {
    const scheme = twilio({ authToken: 't', publicUrl: 'https://merchant.example' });
    const signed = sign(scheme, { url: '/sms?next=https://elsewhere.example/', params: {} });
    expect(signed.url).toBe('https://merchant.example/sms?next=https://elsewhere.example/');
  });

  it('needs an input at all', () => {
    expect(() => sign(twilio({ authToken: 't' }), undefined as never)).toThrow(
      /sign needs \{ url \}/,
    );
  });

  it('does not treat an empty I-Twilio-Idempotency-Token as a request id', async () => {
    const scheme = twilio({ authToken: 't', publicUrl: 'https://merchant.example' });
    const replayStore = new MemoryReplayStore();
    for (const body of ['one', 'two']) {
      const signed = sign(scheme, { url: '/sms', params: { Body: body } });
      const headers = { ...signed.headers, 'i-twilio-idempotency-token': '' };
      await expect(
        verify(
          scheme,
          { method: 'POST', url: '/sms', headers, body: signed.body },
          { replayStore },
        ),
      ).resolves.toBeDefined();
    }
  });
});

describe('Smile ID bodies that are JSON but not an object', () => {
  const scheme = smileId({ partnerId: '1', apiKey: 'k' });
  it.each(['null', '[]', '"text"', '5'])('answers malformed_request for %s', async (body) => {
    const request = {
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/json' },
      body,
    };
    await expect(verify(scheme, request, { now })).rejects.toMatchObject({
      code: 'malformed_request',
    });
  });
});

describe('configuration and inputs of the wrong shape', () => {
  it('names what is wrong with a key ring', () => {
    expect(() => keysFromKeyRing(null, 'keys', 'ethoca')).toThrow(/at least one key id/);
    expect(() => keysFromKeyRing(new Map([[1, 's']]), 'keys', 'ethoca')).toThrow(/key id/);
    expect(() => keysFromKeyRing({ a: 's' }, 'keys', 'ethoca')).not.toThrow();
  });

  it('refuses a secret that does not decode in the configured encoding', () => {
    expect(() =>
      hmac({
        name: 'acme',
        secret: '!!!!',
        secretEncoding: 'base64',
        signature: { header: 'x-sig' },
      }),
    ).toThrow(/is not in the form this scheme's secrets take/);
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

describe('hmac(): sign encodes an object body by the media type', () => {
  const base = { name: 'acme', secret: 's', signature: { header: 'x-sig' } } as const;

  it('as JSON for a JSON scheme', async () => {
    const scheme = hmac(base);
    const signed = sign(scheme, { body: { a: 'b' } });
    expect(String(signed.body)).toBe('{"a":"b"}');
    await expect(verify(scheme, { method: 'POST', url: '/', ...signed })).resolves.toMatchObject({
      payload: { a: 'b' },
    });
  });

  it('as a form for a form scheme', async () => {
    const scheme = hmac({ ...base, mediaType: 'form' });
    const signed = sign(scheme, { body: { a: 'b c' } });
    expect(String(signed.body)).toBe('a=b+c');
    await expect(verify(scheme, { method: 'POST', url: '/', ...signed })).resolves.toMatchObject({
      payload: { a: 'b c' },
    });
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
