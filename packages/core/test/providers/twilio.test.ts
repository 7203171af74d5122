import { MemoryReplayStore, sign, twilio, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { accept, itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

describeCatalogPreset('twilio');

describe('Twilio signing', () => {
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
});

describe('Twilio URLs built from the request', () => {
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

  it('ignores X-Forwarded-* unless trustProxy is set', async () => {
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

  it('rejects a Twilio request whose absolute target the URL Standard refuses with malformed_request', async () => {
    const scheme = twilio({ authToken: 't' });
    const signed = sign(scheme, { url: 'http://merchant.example/sms', params: { Body: 'hi' } });
    const request = {
      method: 'POST',
      url: 'http://merchant.example:99999/sms',
      headers: { ...signed.headers, host: 'merchant.example' },
      body: signed.body,
    };
    await expect(verify(scheme, request)).rejects.toMatchObject({
      code: 'malformed_request',
      provider: 'twilio',
    });
  });
});

describe('Twilio replay keys come only from what the signature covers', () => {
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

  itIgnoresUnsignedHeadersForReplay([
    [
      'twilio (I-Twilio-Idempotency-Token unsigned)',
      twilio({ authToken: 't', publicUrl: 'https://merchant.example' }),
      {
        ...post(
          sign(twilio({ authToken: 't', publicUrl: 'https://merchant.example' }), {
            url: '/sms',
            params: { Body: 'hi', From: '+15550001' },
          }),
        ),
        url: '/sms',
      },
      ['i-twilio-idempotency-token'],
    ],
  ]);

  it("refuses Twilio's rearranged form, which its separator-less signed string cannot tell apart", async () => {
    const scheme = twilio({ authToken: 't', publicUrl: 'https://merchant.example' });
    const signed = sign(scheme, { url: '/sms', params: { Body: 'refund 10', From: '+15550001' } });
    const original = { ...post(signed), url: '/sms' };
    // "Body" + "refund 10From+15550001": the same signed string, one field instead of two.
    const rearranged = {
      ...original,
      headers: { ...signed.headers, 'i-twilio-idempotency-token': 'fresh' },
      body: 'Body=refund+10From%2B15550001',
    };
    const replayStore = new MemoryReplayStore();
    await accept(scheme, original, { replayStore });
    await expect(verify(scheme, rearranged, { replayStore })).rejects.toMatchObject({
      code: 'replayed',
    });
  });
});
