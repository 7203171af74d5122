import { createHash, createHmac } from 'node:crypto';
import {
  explain,
  formatExplanation,
  MemoryReplayStore,
  PROVIDERS,
  sign,
  twilio,
  verify,
} from '@hookguard/core';
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

/** HMAC-SHA1 of Twilio's string, written out here rather than taken from `sign`. */
const twilioSignature = (authToken: string, signed: string) =>
  createHmac('sha1', authToken).update(signed, 'utf8').digest('base64');

const form = (body: string, signature: string, url = '/sms') => ({
  method: 'POST',
  url,
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  body,
});

describe('Twilio publicUrl: credentials and a path prefix', () => {
  const PASSWORD = 'pa55-w0rd-Zq9';
  const CONSOLE_URL = `https://twilio:${PASSWORD}@merchant.example`;

  it('signs the credentials: the URL with them verifies, the URL without them does not', async () => {
    const withCredentials = twilio({ authToken: 't', publicUrl: CONSOLE_URL });
    const request = form(
      'Body=hi',
      twilioSignature('t', `https://twilio:${PASSWORD}@merchant.example/smsBodyhi`),
    );
    await expect(verify(withCredentials, request)).resolves.toMatchObject({
      payload: { Body: 'hi' },
    });
    const bare = twilio({ authToken: 't', publicUrl: 'https://merchant.example' });
    await expect(verify(bare, request)).rejects.toMatchObject({ code: 'invalid_signature' });
    const signedBare = form('Body=hi', twilioSignature('t', 'https://merchant.example/smsBodyhi'));
    await expect(verify(withCredentials, signedBare)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('tries the credentialed URL with its default port too, keeping the credentials', async () => {
    const scheme = twilio({ authToken: 't', publicUrl: CONSOLE_URL });
    const request = form(
      'Body=hi',
      twilioSignature('t', `https://twilio:${PASSWORD}@merchant.example:443/smsBodyhi`),
    );
    await expect(verify(scheme, request)).resolves.toBeDefined();
  });

  it('keeps escaped credentials as written, not as the URL Standard would re-escape them', async () => {
    const scheme = twilio({ authToken: 't', publicUrl: 'https://us%65r:p%40ss@merchant.example' });
    const asWritten = form(
      'Body=hi',
      twilioSignature('t', 'https://us%65r:p%40ss@merchant.example/smsBodyhi'),
    );
    await expect(verify(scheme, asWritten)).resolves.toBeDefined();
    const decoded = form(
      'Body=hi',
      twilioSignature('t', 'https://user:p@ss@merchant.example/smsBodyhi'),
    );
    await expect(verify(scheme, decoded)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('puts the path prefix a proxy strips before the request path, with or without a trailing slash', async () => {
    const request = form(
      'Body=hi',
      twilioSignature('t', 'https://merchant.example/twilio/sms?x=1Bodyhi'),
      '/sms?x=1',
    );
    for (const publicUrl of ['https://merchant.example/twilio', 'https://merchant.example/twilio/'])
      await expect(verify(twilio({ authToken: 't', publicUrl }), request)).resolves.toBeDefined();
    // The prefix was not stripped: the app sees it, and it must not be configured twice.
    const unstripped = { ...request, url: '/twilio/sms?x=1' };
    const error = await verify(
      twilio({ authToken: 't', publicUrl: 'https://merchant.example/twilio' }),
      unstripped,
    ).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'invalid_signature' });
    expect(String(error)).toContain(
      'hookguard checked https://merchant.example/twilio/twilio/sms?x=1.',
    );
  });

  it('signs a prefix, credentials and a JSON body as Twilio does', async () => {
    const scheme = twilio({ authToken: 't', publicUrl: `${CONSOLE_URL}:8443/twilio` });
    const signed = sign(scheme, { url: '/status', body: '{"a":1}' });
    const hash = createHash('sha256').update('{"a":1}').digest('hex');
    const url = `https://twilio:${PASSWORD}@merchant.example:8443/twilio/status?bodySHA256=${hash}`;
    expect(signed.url).toBe(url);
    expect(signed.headers['x-twilio-signature']).toBe(twilioSignature('t', url));
    await expect(
      verify(scheme, {
        method: 'POST',
        url: `/status?bodySHA256=${hash}`,
        headers: signed.headers,
        body: signed.body,
      }),
    ).resolves.toMatchObject({ payload: { a: 1 } });
  });

  it('signs an absolute URL with credentials as written, adding no prefix', () => {
    const scheme = twilio({ authToken: 't', publicUrl: 'https://merchant.example/twilio' });
    const signed = sign(scheme, {
      url: 'https://u:p%40@other.example/sms',
      params: { Body: 'hi' },
    });
    expect(signed.url).toBe('https://u:p%40@other.example/sms');
    expect(signed.headers['x-twilio-signature']).toBe(
      twilioSignature('t', 'https://u:p%40@other.example/smsBodyhi'),
    );
  });

  it.each([
    [`https://twilio:${PASSWORD}@merchant.example/?x=1`, 'a query'],
    [`https://twilio:${PASSWORD}@merchant.example/sms?`, 'an empty query'],
    [`https://twilio:${PASSWORD}@merchant.example/#top`, 'a fragment'],
    [`ftp://twilio:${PASSWORD}@merchant.example`, 'another protocol'],
    [`https://twilio:${PASSWORD}@merchant.example/a/../twilio`, 'a dot segment'],
    [`https://twilio:${PASSWORD}@merchant.example/a b`, 'an unescaped space'],
    [` https://twilio:${PASSWORD}@merchant.example`, 'a leading space'],
    [`twilio:${PASSWORD}@merchant.example`, 'no scheme'],
    [`https://other.example\\@merchant.example`, 'a backslash, which ends the host'],
    [`https://twilio:${PASSWORD}\t@merchant.example`, 'a tab in the credentials'],
  ])('refuses %s (%s) with a TypeError that never repeats the password', (publicUrl) => {
    let thrown: unknown;
    try {
      twilio({ authToken: 't', publicUrl });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(
      /^\[hookguard\] twilio: publicUrl must be an http\(s\) URL with no query or fragment/,
    );
    expect((thrown as Error).message).not.toContain(PASSWORD);
  });

  describe('never shows the password', () => {
    const scheme = twilio({ authToken: 't', publicUrl: `${CONSOLE_URL}/twilio` });
    const signedUrl = `https://twilio:${PASSWORD}@merchant.example/twilio/sms`;
    const accepted = form(
      'Body=hi&From=%2B1555',
      twilioSignature('t', `${signedUrl}BodyhiFrom+1555`),
    );
    const tampered = { ...accepted, body: 'Body=hi&From=%2B1556' };

    it('in explain, accepted or not, revealed or not, while the byte count stays the signed one', () => {
      for (const request of [accepted, tampered])
        for (const revealExpected of [false, true]) {
          const explanation = explain(scheme, request, { revealExpected });
          const text = `${formatExplanation(explanation)}\n${JSON.stringify(explanation)}`;
          expect(text).not.toContain(PASSWORD);
          expect(explanation.stringToSign?.parts[0]).toEqual({
            label: 'url',
            value: 'https://twilio:[hidden]@merchant.example/twilio/sms',
          });
          expect(explanation.stringToSign?.text).toMatch(
            /^https:\/\/twilio:\[hidden\]@merchant\.example\/twilio\/smsBodyhiFrom\+155[56]$/,
          );
          expect(explanation.stringToSign?.byteLength).toBe(
            Buffer.byteLength(`${signedUrl}BodyhiFrom+1555`),
          );
        }
      expect(explain(scheme, accepted).verdict).toMatchObject({ ok: true });
    });

    it('in the error of a mismatch, which names the URL checked with the password hidden', async () => {
      const error = (await verify(scheme, tampered).catch((e: unknown) => e)) as Error;
      expect(error).toMatchObject({ code: 'invalid_signature' });
      expect(error.message).toContain(
        'hookguard checked https://twilio:[hidden]@merchant.example/twilio/sms.',
      );
      expect(`${error.message} ${String(error.cause)} ${JSON.stringify(error)}`).not.toContain(
        PASSWORD,
      );
    });

    it('in explain of a JSON body, whose URL carries bodySHA256', () => {
      const signed = sign(scheme, { url: '/status', body: '{"a":1}' });
      const request = {
        method: 'POST',
        url: new URL(signed.url).pathname.replace('/twilio', '') + new URL(signed.url).search,
        headers: signed.headers,
        body: signed.body,
      };
      const explanation = explain(scheme, request);
      expect(explanation.verdict).toMatchObject({ ok: true });
      expect(formatExplanation(explanation)).not.toContain(PASSWORD);
      expect(explanation.stringToSign?.text).toContain('https://twilio:[hidden]@merchant.example');
    });

    it('hides a user given without a password, which may itself be a token', () => {
      const token = 'tok_9f8e7d6c5b4a';
      const userOnly = twilio({ authToken: 't', publicUrl: `https://${token}@merchant.example` });
      const request = form(
        'Body=hi',
        twilioSignature('t', `https://${token}@merchant.example/smsBodyhi`),
      );
      const explanation = explain(userOnly, request);
      expect(explanation.verdict).toMatchObject({ ok: true });
      expect(JSON.stringify(explanation)).not.toContain(token);
      expect(explanation.stringToSign?.parts[0]?.value).toBe(
        'https://[hidden]@merchant.example/sms',
      );
    });

    it('shows a URL without credentials as it is', () => {
      const plain = twilio({ authToken: 't', publicUrl: 'https://merchant.example' });
      const request = form('Body=hi', twilioSignature('t', 'https://merchant.example/smsBodyhi'));
      expect(explain(plain, request).stringToSign?.text).toBe('https://merchant.example/smsBodyhi');
    });
  });
});

describe('Twilio repeated form parameters', () => {
  const scheme = twilio({ authToken: 't', publicUrl: 'https://merchant.example' });
  // Twilio's rule (twilio-node, twilio-python, twilio-php): the name once per distinct value,
  // values sorted by code unit.
  const addresses = 'MessagingBinding.Address+1325MessagingBinding.Address+1415';

  it('accepts a repeated parameter in either order, handing over its values sorted', async () => {
    const signature = twilioSignature('t', `https://merchant.example/smsBodyhi${addresses}`);
    for (const body of [
      'MessagingBinding.Address=%2B1415&Body=hi&MessagingBinding.Address=%2B1325',
      'MessagingBinding.Address=%2B1325&MessagingBinding.Address=%2B1415&Body=hi',
    ]) {
      const verified = await verify(scheme, form(body, signature));
      expect({ ...(verified.payload as object) }).toEqual({
        'MessagingBinding.Address': ['+1325', '+1415'],
        Body: 'hi',
      });
    }
  });

  it('hands over a null-prototype object: __proto__ and constructor are plain fields', async () => {
    const body = '__proto__=x&constructor=y&Body=hi&Body=ho';
    const signature = twilioSignature(
      't',
      'https://merchant.example/smsBodyhiBodyho__proto__xconstructory',
    );
    const payload = (await verify(scheme, form(body, signature))).payload as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(payload)).toBeNull();
    expect(Object.keys(payload)).toEqual(['__proto__', 'constructor', 'Body']);
    expect(Object.getOwnPropertyDescriptor(payload, '__proto__')?.value).toBe('x');
    expect(payload.Body).toEqual(['hi', 'ho']);
  });

  it('sorts values by code unit, not by number or locale, as twilio-node does', async () => {
    const body = 'Digits=9&Digits=10&Digits=b&Digits=B&Digits=_';
    const verified = await verify(
      scheme,
      form(
        body,
        twilioSignature('t', 'https://merchant.example/smsDigits10Digits9DigitsBDigits_Digitsb'),
      ),
    );
    expect((verified.payload as Record<string, unknown>).Digits).toEqual([
      '10',
      '9',
      'B',
      '_',
      'b',
    ]);
    await expect(
      verify(
        scheme,
        form(
          body,
          twilioSignature('t', 'https://merchant.example/smsDigits9Digits10DigitsbDigitsBDigits_'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('refuses the same parameter and value twice with malformed_request, even correctly signed', async () => {
    const signature = twilioSignature('t', 'https://merchant.example/smsDigits1234');
    await expect(verify(scheme, form('Digits=1234', signature))).resolves.toBeDefined();
    for (const body of ['Digits=1234&Digits=1234', 'Digits=1234&Digits=5678&Digits=1234'])
      await expect(verify(scheme, form(body, signature))).rejects.toMatchObject({
        code: 'malformed_request',
        message: '[hookguard] twilio: the signed form field "Digits" appears more than once.',
      });
  });

  it('keys both orders on one digest: the reordered copy is a replay', async () => {
    const signature = twilioSignature('t', `https://merchant.example/sms${addresses}`);
    const replayStore = new MemoryReplayStore();
    await accept(
      scheme,
      form('MessagingBinding.Address=%2B1415&MessagingBinding.Address=%2B1325', signature),
      { replayStore },
    );
    await expect(
      verify(
        scheme,
        form('MessagingBinding.Address=%2B1325&MessagingBinding.Address=%2B1415', signature),
        { replayStore },
      ),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('shows each value of a repeated parameter in explain, in the signed order', () => {
    const body = 'MessagingBinding.Address=%2B1415&MessagingBinding.Address=%2B1325';
    const explanation = explain(
      scheme,
      form(body, twilioSignature('t', `https://merchant.example/sms${addresses}`)),
    );
    expect(explanation.verdict).toMatchObject({ ok: true });
    expect(explanation.stringToSign?.parts.map((part) => part.value)).toEqual([
      'https://merchant.example/sms',
      'MessagingBinding.Address',
      '+1325',
      'MessagingBinding.Address',
      '+1415',
    ]);
  });

  it('signs a list as the parameter repeated, in the order given, and signs the values sorted', async () => {
    const signed = sign(scheme, {
      url: '/sms',
      params: { 'MessagingBinding.Address': ['+1415', '+1325'], Body: 'hi' },
    });
    expect(signed.body).toBe(
      'MessagingBinding.Address=%2B1415&MessagingBinding.Address=%2B1325&Body=hi',
    );
    expect(signed.headers['x-twilio-signature']).toBe(
      twilioSignature('t', `https://merchant.example/smsBodyhi${addresses}`),
    );
    await expect(
      verify(scheme, form(String(signed.body), signed.headers['x-twilio-signature'] as string)),
    ).resolves.toBeDefined();
  });

  it('refuses to sign a list that repeats a value, is empty or holds a non-string', () => {
    for (const value of [['1', '1'], [], ['1', 2]])
      expect(() => sign(scheme, { url: '/sms', params: { Digits: value as string[] } })).toThrow(
        TypeError,
      );
    expect(() => sign(scheme, { url: '/sms', params: 'Digits=1' as never })).toThrow(
      /sign expects \{ params/,
    );
  });
});

describe('Twilio in the list of providers', () => {
  it('turns a captured form into sign parameters, a repeated name into a list', () => {
    const entry = PROVIDERS.find((provider) => provider.id === 'twilio');
    if (entry === undefined) throw new Error('twilio is not in PROVIDERS');
    const input = entry.signInput(Buffer.from('To=%2B1&Body=hi&To=%2B2'), '/sms', {});
    expect({ ...input, params: { ...input.params } }).toEqual({
      url: '/sms',
      params: { To: ['+1', '+2'], Body: 'hi' },
    });
    expect(entry.signInput(Buffer.from('{"Body":"hi"}'), '/sms', {}).params).toEqual({
      Body: 'hi',
    });
  });
});
