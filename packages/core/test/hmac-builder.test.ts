import { createHash, createHmac } from 'node:crypto';
import {
  explain,
  github,
  hmac,
  sign,
  standardWebhooks,
  stripe,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { recordingStore } from './fixtures.js';

// The hmac() builder's details that the presets alone do not reach: template parsing,
// defaults, configuration errors, list edge cases, and sign without optional input.

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
});
