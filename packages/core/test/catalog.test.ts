import { createHash, createHmac } from 'node:crypto';
import {
  explain,
  flutterwave,
  formatExplanation,
  hmac,
  MemoryReplayStore,
  sign,
  stripe,
  twilio,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';

const NOW = 1_700_000_000_000;

describe('hmac()', () => {
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

describe('flutterwave', () => {
  const scheme = flutterwave({ secretHash: 'the-secret-hash' });
  const request = (hash: string, body = '{"data":{"id":1}}'): WebhookRequest => ({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/json', 'verif-hash': hash },
    body,
  });

  it('never shows the hash, or any part of it, in an explanation, even when it matches or with revealExpected', () => {
    const hex = Buffer.from('the-secret-hash').toString('hex');
    for (const explanation of [
      explain(scheme, request('the-secret-hash')),
      explain(scheme, request('the-secret-hash'), { revealExpected: true }),
      explain(scheme, request('wrong'), { revealExpected: true }),
    ]) {
      const text = JSON.stringify(explanation) + formatExplanation(explanation);
      // Not even a prefix: a prefix of a secret narrows the search for the rest.
      expect(text).not.toContain('the-');
      expect(text).not.toContain(hex.slice(0, 4));
      expect(text).toContain('hidden, the signature is a secret (');
      expect(explanation.algorithm).toBe('secret hash compared as is (no HMAC)');
    }
  });

  it('deduplicates on the body, since the hash is the same for every delivery', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(scheme, request('the-secret-hash', '{"n":1}'), { replayStore });
    expect(first.replayClaim?.key).toMatch(/^flutterwave:body:[A-Za-z0-9_-]{43}$/);
    // Held while the first is handled, then remembered once it is committed.
    await expect(
      verify(scheme, request('the-secret-hash', '{"n":1}'), { replayStore }),
    ).rejects.toMatchObject({ code: 'delivery_in_progress', status: 409 });
    await first.replayClaim?.commit();
    await expect(
      verify(scheme, request('the-secret-hash', '{"n":2}'), { replayStore }),
    ).resolves.toBeDefined();
    await expect(
      verify(scheme, request('the-secret-hash', '{"n":1}'), { replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });
});

describe('twilio', () => {
  it('needs a url, and an absolute one without a publicUrl', () => {
    expect(() => sign(twilio({ authToken: 't' }), {} as never)).toThrow(/sign needs \{ url \}/);
    expect(() => sign(twilio({ authToken: 't' }), { url: '/sms' })).toThrow(
      /absolute url, or a publicUrl/,
    );
  });

  it('signs a non-default port as configured, with no second form to try', async () => {
    const scheme = twilio({ authToken: 't', publicUrl: 'https://merchant.example:8443' });
    const signed = sign(scheme, { url: '/sms', params: { Body: 'hi' } });
    expect(signed.url).toBe('https://merchant.example:8443/sms');
    await expect(
      verify(scheme, { method: 'POST', url: '/sms', headers: signed.headers, body: signed.body }),
    ).resolves.toMatchObject({ payload: { Body: 'hi' } });
  });

  it('builds the URL from the request behind a trusted proxy', async () => {
    const scheme = twilio({ authToken: 't', trustProxy: true });
    const signed = sign(scheme, { url: 'https://public.example/sms', params: { Body: 'hi' } });
    const headers = {
      ...signed.headers,
      host: 'internal:3000',
      'x-forwarded-host': 'public.example',
      'x-forwarded-proto': 'https',
    };
    await expect(
      verify(scheme, { method: 'POST', url: '/sms', headers, body: signed.body }),
    ).resolves.toBeDefined();
  });

  it('tells where to look on a mismatch', async () => {
    const scheme = twilio({ authToken: 't', publicUrl: 'https://merchant.example' });
    const signed = sign(twilio({ authToken: 't', publicUrl: 'https://other.example' }), {
      url: '/sms',
      params: {},
    });
    const error = await verify(scheme, {
      method: 'POST',
      url: '/sms',
      headers: signed.headers,
      body: signed.body,
    }).catch((e: Error) => e);
    expect(String(error)).toContain(
      'hookguard checked https://merchant.example/sms. Behind a proxy, set publicUrl',
    );
  });

  it('ignores the unsigned idempotency token: a replay with a fresh one is refused', async () => {
    const scheme = twilio({ authToken: 't', publicUrl: 'https://merchant.example' });
    const signed = sign(scheme, { url: '/sms', params: { Body: 'hi' } });
    const replayStore = new MemoryReplayStore();
    const deliver = (token: string) =>
      verify(
        scheme,
        {
          method: 'POST',
          url: '/sms',
          headers: { ...signed.headers, 'i-twilio-idempotency-token': token },
          body: signed.body,
        },
        { replayStore },
      );
    const verified = await deliver('tok-1');
    expect(verified.replayClaim?.key).toMatch(/^twilio:sig:[A-Za-z0-9_-]{27}$/);
    await verified.replayClaim?.commit();
    await expect(deliver('tok-2')).rejects.toMatchObject({ code: 'replayed' });
  });
});
