import { createHash, createHmac } from 'node:crypto';
import {
  explain,
  hmac,
  MemoryReplayStore,
  sign,
  standardWebhooks,
  stripe,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { recordingStore } from '../fixtures.js';

// The hmac() builder (GitHub, Shopify, Slack, Standard Webhooks, Stripe, Razorpay and
// Paystack are written in it): template parsing, the schemes it builds, defaults,
// configuration errors, sign without optional input, and signature lists, tested through
// Stripe's `t=…,v1=…` header. Each preset's own quirks are in its file.

const NOW = 1_700_000_000_000;
const base = { name: 'acme', secret: 's', signature: { header: 'x-sig' } } as const;

const post = (signed: { headers: Record<string, string>; body: string | Uint8Array }) =>
  ({ method: 'POST', url: '/', ...signed }) satisfies WebhookRequest;

describe('hmac(): the string to sign', () => {
  it.each([
    ['{timestamp}{body}', ['timestamp', 'body']],
    ['a{body}b', ['literal', 'body', 'literal']],
    ['{body}', ['body']],
    ['v0:{timestamp}:{body}', ['literal', 'timestamp', 'literal', 'body']],
  ])('splits %j into exactly its parts, with no empty ones', (message, labels) => {
    const scheme = hmac({ ...base, timestamp: { header: 'x-ts', unit: 's' }, message });
    const request = post(sign(scheme, { body: '{}', timestamp: NOW }));
    const explanation = explain(scheme, request, { now: () => NOW });
    expect(explanation.verdict.ok).toBe(true);
    expect(explanation.stringToSign?.parts.map((part) => part.label)).toEqual(labels);
    expect(explanation.stringToSign?.parts.map((part) => part.value).join('')).toBe(
      message.replace('{timestamp}', String(NOW / 1000)).replace('{body}', '{}'),
    );
  });

  it('fills {method} and {url} with POST and / when sign is not told otherwise', () => {
    const scheme = hmac({ ...base, message: '{method} {url} {body}' });
    const signed = sign(scheme, { body: 'x' });
    expect(signed.headers['x-sig']).toBe(
      createHmac('sha256', 's').update('POST / x').digest('hex'),
    );
  });

  it('signs with no input at all: an empty body, now, POST and /', async () => {
    const scheme = hmac({
      ...base,
      timestamp: { header: 'x-ts', unit: 'ms' },
      message: '{method}{url}{timestamp}{body}',
    });
    const signed = sign(scheme, undefined as never, { now: () => NOW });
    expect(signed.body).toBe('');
    expect(signed.headers['x-ts']).toBe(String(NOW));
    expect(signed.headers['x-sig']).toBe(
      createHmac('sha256', 's').update(`POST/${NOW}`).digest('hex'),
    );
  });
});

describe('hmac(): the schemes it builds', () => {
  it('signs a template with the method, the URL, a header, and a millisecond timestamp', async () => {
    const scheme = hmac({
      name: 'acme',
      secret: 's',
      algorithm: 'sha512',
      encoding: 'base64url',
      signature: { header: 'x-acme-signature', prefix: 'v1=' },
      timestamp: { header: 'x-acme-time', unit: 'ms' },
      message: '{method} {url}\n{header:x-acme-account}\n{timestamp}\n{body}',
    });
    const signed = sign(scheme, {
      body: '{"a":1}',
      method: 'PUT',
      url: '/hooks/1?x=2',
      headers: { 'X-Acme-Account': 'acct_9' },
      timestamp: NOW,
    });
    const expected = createHmac('sha512', 's')
      .update(`PUT /hooks/1?x=2\nacct_9\n${NOW}\n{"a":1}`)
      .digest('base64url');
    expect(signed.headers).toMatchObject({
      'x-acme-signature': `v1=${expected}`,
      'x-acme-time': String(NOW),
      'x-acme-account': 'acct_9',
    });
    const request: WebhookRequest = { method: 'PUT', url: '/hooks/1?x=2', ...signed };
    await expect(verify(scheme, request, { now: () => NOW })).resolves.toMatchObject({
      timestamp: NOW,
      payload: { a: 1 },
    });
    await expect(
      verify(scheme, { ...request, method: 'POST' }, { now: () => NOW }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    const withoutAccount = Object.fromEntries(
      Object.entries(signed.headers).filter(([name]) => name !== 'x-acme-account'),
    );
    await expect(
      verify(scheme, { ...request, headers: withoutAccount }, { now: () => NOW }),
    ).rejects.toMatchObject({ code: 'missing_signature' });
  });

  it('fills a signed header the caller leaves out, and keys replays by that signed delivery id', async () => {
    const scheme = hmac({
      name: 'acme',
      secret: 's',
      signature: { header: 'x-sig' },
      message: '{header:x-id}.{body}',
      replay: { header: 'x-id' },
    });
    const signed = sign(scheme, { body: '{}' });
    expect(signed.headers['x-id']).toMatch(/^[0-9a-f-]{36}$/);
    const replayStore = new MemoryReplayStore();
    const first = await verify(scheme, { method: 'POST', url: '/', ...signed }, { replayStore });
    const id = createHash('sha256')
      .update(signed.headers['x-id'] as string)
      .digest('base64url');
    expect(first.replayClaim?.key).toBe(`acme:id:${id}`);
    // A re-signed retry of the same delivery id is the same delivery.
    await first.replayClaim?.commit();
    const retry = sign(scheme, {
      body: '{"retry":1}',
      headers: { 'x-id': signed.headers['x-id'] as string },
    });
    await expect(
      verify(scheme, { method: 'POST', url: '/', ...retry }, { replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('takes a base64 secret', async () => {
    const key = Buffer.from('raw key bytes');
    const scheme = hmac({
      name: 'acme',
      secret: key.toString('base64'),
      secretEncoding: 'base64',
      signature: { header: 'x-sig' },
    });
    const signature = createHmac('sha256', key).update('{}').digest('hex');
    await expect(
      verify(scheme, {
        method: 'POST',
        url: '/',
        headers: { 'content-type': 'application/json', 'x-sig': signature },
        body: '{}',
      }),
    ).resolves.toBeDefined();
  });

  it('sends a form body from a field map for a form scheme, and parses its fields', async () => {
    const scheme = hmac({
      name: 'acme',
      secret: 's',
      mediaType: 'form',
      signature: { header: 'x-sig' },
    });
    const signed = sign(scheme, { body: { a: '1', b: 'x y' } });
    expect(signed).toMatchObject({
      body: 'a=1&b=x+y',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const verified = await verify(scheme, { method: 'POST', url: '/', ...signed });
    expect({ ...(verified.payload as object) }).toEqual({ a: '1', b: 'x y' });
  });

  it('hands over no payload for an empty body', async () => {
    const scheme = hmac({ name: 'acme', secret: 's', signature: { header: 'x-sig' } });
    const signed = sign(scheme, { body: '' });
    await expect(
      verify(scheme, {
        method: 'POST',
        url: '/',
        headers: { 'x-sig': String(signed.headers['x-sig']) },
        body: '',
      }),
    ).resolves.toMatchObject({ payload: undefined });
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

describe('hmac(): defaults and configuration', () => {
  it('defaults to a JSON scheme named for itself, keyed on the signature, for a day', async () => {
    const scheme = hmac(base);
    expect(scheme).toMatchObject({ name: 'acme', provider: 'acme', mediaType: 'json' });
    expect(hmac({ ...base, provider: 'acme-corp' }).provider).toBe('acme-corp');
    const store = recordingStore();
    const signed = sign(scheme, { body: '{}' });
    const verified = await verify(scheme, post(signed), { replayStore: store });
    const digest = createHmac('sha256', 's').update('{}').digest('base64url');
    expect(store.claims).toEqual([[`acme:sig:${digest}`, 30_000]]);
    expect(verified.replayClaim?.key).toBe(`acme:sig:${digest}`);
    await verified.replayClaim?.commit();
    expect(store.commits).toEqual([[`acme:sig:${digest}`, 86_400_000]]);
    expect(verified.timestamp).toBeUndefined();
  });

  it('refuses a name that is not a whole lowercase id, or not a string', () => {
    for (const name of ['acme inc', 'acme!', '-acme', 42])
      expect(() => hmac({ ...base, name: name as string }), String(name)).toThrow(
        '[hookguard] hmac(): name must be a lowercase id such as "acme".',
      );
  });

  it('refuses a missing or non-text signature header, and names the secret option', () => {
    for (const signature of [undefined, { header: 5 }, { header: '' }])
      expect(() => hmac({ ...base, signature: signature as never })).toThrow(
        '[hookguard] acme: signature.header is required.',
      );
    expect(() => hmac({ ...base, secret: '' })).toThrow(
      '[hookguard] acme: secret[0] must be a non-empty string.',
    );
    expect(() => hmac({ ...base, secret: [] })).toThrow(
      '[hookguard] acme: secret is required (a string, or a non-empty list while rotating).',
    );
  });

  it('refuses, at configuration, to key replays on a header the signature does not cover', () => {
    expect(() => hmac({ ...base, replay: { header: 'X-Id' } })).toThrow(
      '[hookguard] acme: replay.header "x-id" is not signed; add {header:x-id} to message, or leave replay out to key replays on what the signature covers.',
    );
    expect(() =>
      hmac({ ...base, message: '{header:x-id}.{body}', replay: { header: 'X-Id' } }),
    ).not.toThrow();
    for (const replay of [{}, { header: 5 }, { bodyField: '' }, 'id', null])
      expect(() => hmac({ ...base, replay: replay as never }), JSON.stringify(replay)).toThrow(
        "[hookguard] acme: replay must be 'signature', { header: '<signed header>' } or { bodyField: '<name>' }.",
      );
  });

  it('keys replays on a signed body field when present, and on the digest when it is not', async () => {
    const scheme = hmac({ ...base, replay: { bodyField: 'event' } });
    const store = recordingStore();
    const sha = (text: string) => createHash('sha256').update(text).digest('base64url');
    for (const body of ['{"event":"e-1"}', '{"event":""}', '{"event":5}', '[1]', '"e"']) {
      await verify(scheme, post(sign(scheme, { body })), { replayStore: store });
    }
    const digest = (body: string) => createHmac('sha256', 's').update(body).digest('base64url');
    expect(store.claims.map(([key]) => key)).toEqual([
      `acme:id:${sha('e-1')}`,
      `acme:sig:${digest('{"event":""}')}`,
      `acme:sig:${digest('{"event":5}')}`,
      `acme:sig:${digest('[1]')}`,
      `acme:sig:${digest('"e"')}`,
    ]);
  });

  it('adds a fresh delivery id when sign is not given one, and none for a scheme without', () => {
    expect(
      sign(standardWebhooks({ secret: 'whsec_c2VjcmV0' }), { body: '{}' }).headers['webhook-id'],
    ).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Object.keys(sign(hmac(base), { body: '{}' }).headers).sort()).toEqual([
      'content-type',
      'x-sig',
    ]);
  });

  it('sends text and bytes as they are for a form scheme', () => {
    const form = hmac({ ...base, mediaType: 'form' });
    expect(sign(form, { body: 'a=1&b=2' }).body).toBe('a=1&b=2');
    expect(Buffer.from(sign(form, { body: Buffer.from('c=3') }).body).toString()).toBe('c=3');
  });

  it('refuses bad configuration when the scheme is created', () => {
    const base = { name: 'acme', secret: 's', signature: { header: 'x-sig' } };
    expect(() => hmac({ ...base, name: 'Acme Inc' })).toThrow(/name must be a lowercase id/);
    expect(() => hmac({ ...base, signature: { header: '' } })).toThrow(
      /signature.header is required/,
    );
    expect(() => hmac({ ...base, message: '{bdy}' })).toThrow(/unknown \{token\}/);
    expect(() => hmac({ ...base, message: '{timestamp}.{body}' })).toThrow(/no timestamp location/);
    expect(() => hmac({ ...base, secret: 'whsec_***', secretEncoding: 'whsec-base64' })).toThrow(
      /not in the form/,
    );
    expect(() => hmac({ ...base, secret: 'not base64!', secretEncoding: 'base64' })).toThrow(
      /not in the form/,
    );
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
});

describe('hmac(): signature lists', () => {
  const scheme = stripe({ secret: 'whsec_x' });
  const withHeader = (value: string): WebhookRequest => ({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/json', 'stripe-signature': value },
    body: '{}',
  });
  const refusal = (value: string) =>
    verify(scheme, withHeader(value), { now: () => NOW }).catch(
      (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
    );

  it('takes an entry without the separator for no entry at all', async () => {
    expect(await refusal(`t=${NOW / 1000},v1x`)).toBe(
      'missing_signature: [hookguard] stripe: a v1 signature in the stripe-signature header is missing.',
    );
  });

  it('takes an empty v1 entry for no signature', async () => {
    expect(await refusal(`t=${NOW / 1000},v1=`)).toBe(
      'missing_signature: [hookguard] stripe: a v1 signature in the stripe-signature header is missing.',
    );
  });

  it('says which entry is missing when the timestamp is empty or absent', async () => {
    const expected =
      'missing_signature: [hookguard] stripe: the t entry of the stripe-signature header is missing.';
    expect(await refusal('t=,v1=00')).toBe(expected);
    expect(await refusal('')).toBe(expected);
  });

  it('refuses a timestamp entry given twice', async () => {
    expect(await refusal(`t=1,t=2,v1=00`)).toBe(
      'malformed_request: [hookguard] stripe: the t entry appears more than once in the signature header.',
    );
  });

  it('ignores list entries it does not understand', async () => {
    const scheme = stripe({ secret: 'whsec_x' });
    const signed = sign(scheme, { body: '{}', timestamp: NOW });
    const header = `junk, ${String(signed.headers['stripe-signature']).replace(',', ' , ')},v1=,scheme=v2`;
    await expect(
      verify(
        scheme,
        {
          method: 'POST',
          url: '/',
          headers: { ...signed.headers, 'stripe-signature': header },
          body: signed.body,
        },
        { now: () => NOW },
      ),
    ).resolves.toBeDefined();
  });

  it('says a list without the expected version is missing that version', async () => {
    const scheme = stripe({ secret: 'whsec_x' });
    const error = await verify(
      scheme,
      {
        method: 'POST',
        url: '/',
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v0=abc' },
        body: '{}',
      },
      { now: () => 1000 },
    ).catch((e: Error) => e);
    expect(error).toMatchObject({
      code: 'missing_signature',
      message: '[hookguard] stripe: a v1 signature in the stripe-signature header is missing.',
    });
  });
});
