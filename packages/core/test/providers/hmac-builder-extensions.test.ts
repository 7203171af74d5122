import { createHmac } from 'node:crypto';
import {
  explain,
  formatExplanation,
  hmac,
  MemoryReplayStore,
  sign,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';

// The hmac() builder's newer declarative options, each tested through a scheme of its own:
// {query:…}, {json:…} and signatures and timestamps in the JSON body, hex secrets,
// {publicUrl}, numbered and per-key signature headers, and upper-case hex. The presets that
// use them (Mercado Pago, Mailgun, HubSpot, DocuSign, Box, Authorize.net) test their own
// quirks in their files.

const NOW = 1_700_000_000_000;
const now = () => NOW;
const hex = (key: string | Uint8Array, message: string) =>
  createHmac('sha256', key).update(message).digest('hex');
const base = { name: 'acme', secret: 's', signature: { header: 'x-sig' } } as const;
const request = (url: string, headers: Record<string, string>, body = '{}'): WebhookRequest => ({
  method: 'POST',
  url,
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

describe('hmac(): {query:<name>}', () => {
  const scheme = hmac({ ...base, message: 'id={query:data.id}&{body}' });

  it('signs a query parameter of the request URL, decoded as a form value', async () => {
    for (const [url, value] of [
      ['/hook?data.id=42&type=payment', '42'],
      ['/hook?type=payment&data.id=a%20b', 'a b'],
      ['/hook?data.id=a+b', 'a b'],
      ['https://merchant.example/hook?data.id=42', '42'],
    ] as const)
      await expect(
        verify(scheme, request(url, { 'x-sig': hex('s', `id=${value}&{}`) })),
        url,
      ).resolves.toBeDefined();
  });

  it('refuses a missing parameter as missing_signature, and a repeated one as malformed_request', async () => {
    const signature = { 'x-sig': hex('s', 'id=42&{}') };
    await expect(verify(scheme, request('/hook?type=payment', signature))).rejects.toMatchObject({
      code: 'missing_signature',
      message:
        '[hookguard] acme: the data.id query parameter of the URL is missing; the signature covers it.',
    });
    await expect(verify(scheme, request('/hook?data.id=', signature))).rejects.toMatchObject({
      code: 'missing_signature',
    });
    await expect(
      verify(scheme, request('/hook?data.id=42&data.id=43', signature)),
    ).rejects.toMatchObject({
      code: 'malformed_request',
      message: '[hookguard] acme: the signed query parameter "data.id" appears more than once.',
    });
  });

  it('lower-cases an ASCII letters-and-digits value with |lowercase-if-alphanumeric, and no other', async () => {
    const lower = hmac({ ...base, message: '{query:id|lowercase-if-alphanumeric}' });
    await expect(
      verify(lower, request('/?id=ORD01AB', { 'x-sig': hex('s', 'ord01ab') })),
    ).resolves.toBeDefined();
    await expect(
      verify(lower, request('/?id=ORD-1', { 'x-sig': hex('s', 'ORD-1') })),
    ).resolves.toBeDefined();
    await expect(
      verify(lower, request('/?id=ÉTÉ1', { 'x-sig': hex('s', 'ÉTÉ1') })),
    ).resolves.toBeDefined();
    expect(() => hmac({ ...base, message: '{query:id|upper}' })).toThrow(
      '[hookguard] acme: {query:id|upper} names an unknown transform; the one there is is |lowercase-if-alphanumeric.',
    );
  });

  it('adds a signed parameter sign was not given, and returns the URL it signed', async () => {
    const signed = sign(scheme, { url: '/hook?type=payment', body: '{}' });
    expect(signed.url).toMatch(/^\/hook\?type=payment&data\.id=[0-9a-f-]{36}$/);
    await expect(
      verify(scheme, { method: 'POST', url: signed.url as string, ...signed }),
    ).resolves.toBeDefined();
    const given = sign(scheme, { url: '/hook?data.id=7', body: '{}' });
    expect(given.url).toBe('/hook?data.id=7');
    expect(given.headers['x-sig']).toBe(hex('s', 'id=7&{}'));
  });

  it('adds no url to what sign returns for a template that does not read the URL', () => {
    expect(sign(hmac(base), { body: '{}' })).not.toHaveProperty('url');
  });
});

describe('hmac(): the JSON body as a source of signed values', () => {
  const scheme = hmac({
    name: 'acme',
    secret: 's',
    signature: { json: ['auth.signature', 'auth.second'] },
    timestamp: { json: 'auth.timestamp', unit: 's' },
    message: '{timestamp}.{json:auth.token}',
    replay: { json: 'auth.token' },
  });
  const body = (auth: Record<string, unknown>, rest: Record<string, unknown> = { event: 'x' }) =>
    JSON.stringify({ auth, ...rest });
  const ts = String(NOW / 1000);

  it('reads the signature, the timestamp and a {json:…} token from the body', async () => {
    const good = body({ timestamp: ts, token: 't1', signature: hex('s', `${ts}.t1`) });
    await expect(verify(scheme, request('/', {}, good), { now })).resolves.toMatchObject({
      timestamp: NOW,
      payload: JSON.parse(good),
    });
    const second = body({
      timestamp: ts,
      token: 't1',
      signature: 'nope',
      second: hex('s', `${ts}.t1`),
    });
    await expect(verify(scheme, request('/', {}, second), { now })).resolves.toBeDefined();
  });

  it('takes an integer as its decimal text, and refuses any other non-string value', async () => {
    const integer = body({ timestamp: NOW / 1000, token: 7, signature: hex('s', `${ts}.7`) });
    await expect(verify(scheme, request('/', {}, integer), { now })).resolves.toBeDefined();
    for (const token of [1.5, true, { a: 1 }, [1]]) {
      const odd = body({ timestamp: ts, token, signature: hex('s', `${ts}.${String(token)}`) });
      await expect(
        verify(scheme, request('/', {}, odd), { now }),
        JSON.stringify(token),
      ).rejects.toMatchObject({
        code: 'malformed_request',
        message:
          '[hookguard] acme: the auth.token field of the body is not a string or an integer.',
      });
    }
  });

  it('names the field that is missing, and refuses a body that is not a JSON object', async () => {
    await expect(
      verify(scheme, request('/', {}, body({ timestamp: ts, signature: 'x' })), { now }),
    ).rejects.toMatchObject({
      code: 'missing_signature',
      message: '[hookguard] acme: the auth.token field of the body is missing.',
    });
    await expect(
      verify(scheme, request('/', {}, body({ timestamp: ts, token: 't1' })), { now }),
    ).rejects.toMatchObject({
      code: 'missing_signature',
      message: '[hookguard] acme: the auth.signature or auth.second field of the body is missing.',
    });
    for (const text of ['[]', '"x"', 'not json'])
      await expect(verify(scheme, request('/', {}, text), { now }), text).rejects.toMatchObject({
        code: 'malformed_request',
      });
  });

  it('keys replays on the signed {json:…} token, so another body with that token is replayed', async () => {
    const replayStore = new MemoryReplayStore();
    const first = body({ timestamp: ts, token: 't1', signature: hex('s', `${ts}.t1`) });
    const verified = await verify(scheme, request('/', {}, first), { now, replayStore });
    await verified.replayClaim?.commit();
    const other = body(
      { timestamp: ts, token: 't1', signature: hex('s', `${ts}.t1`) },
      { event: 'something else' },
    );
    await expect(
      verify(scheme, request('/', {}, other), { now, replayStore }),
    ).rejects.toMatchObject({
      code: 'replayed',
    });
  });

  it('signs by writing the timestamp, a fresh token and the signature into the body', async () => {
    const signed = sign(scheme, { body: { event: 'x' } }, { now });
    const written = JSON.parse(String(signed.body));
    expect(written).toMatchObject({ event: 'x', auth: { timestamp: ts } });
    expect(written.auth.signature).toBe(hex('s', `${ts}.${written.auth.token}`));
    await expect(
      verify(scheme, request('/', {}, String(signed.body)), { now }),
    ).resolves.toBeDefined();
  });

  it('refuses, at configuration, a replay field the message does not sign, a bad path, and {body} with a signature in the body', () => {
    expect(() => hmac({ ...base, message: '{json:a}', replay: { json: 'b' } })).toThrow(
      '[hookguard] acme: replay.json "b" is not signed; add {json:b} to message, or leave replay out to key replays on what the signature covers.',
    );
    expect(() => hmac({ ...base, message: '{json:a..b}' })).toThrow(
      '[hookguard] acme: {json:a..b} is not a dot path such as a.b.',
    );
    expect(() => hmac({ ...base, signature: { json: 'a b' } })).toThrow(
      '[hookguard] acme: signature.json must be a dot path such as signature.value, or a list of them.',
    );
    expect(() =>
      hmac({ ...base, timestamp: { json: '', unit: 's' }, message: '{timestamp}' }),
    ).toThrow('[hookguard] acme: timestamp.json must be a dot path such as a.b.');
    expect(() => hmac({ ...base, signature: { json: 'sig' }, message: '{body}' })).toThrow(
      '[hookguard] acme: the signature is in the body, so the message cannot sign {body}.',
    );
  });
});

describe("hmac(): secretEncoding: 'hex'", () => {
  it('keys the HMAC with the bytes the hex spells, in either case', async () => {
    const key = '00ff10ab';
    const bytes = Buffer.from(key, 'hex');
    for (const secret of [key, key.toUpperCase()]) {
      const scheme = hmac({ ...base, secret, secretEncoding: 'hex' });
      await expect(
        verify(scheme, request('/', { 'x-sig': hex(bytes, '{}') })),
      ).resolves.toBeDefined();
    }
  });

  it('refuses a secret that is not whole bytes of hex, and an unknown encoding', () => {
    for (const secret of ['abc', 'zz', 'a b '])
      expect(() => hmac({ ...base, secret, secretEncoding: 'hex' }), secret).toThrow(
        "[hookguard] acme: secret[0] is not in the form this scheme's secrets take.",
      );
    expect(() => hmac({ ...base, secretEncoding: 'latin1' as never })).toThrow(
      '[hookguard] acme: secretEncoding must be utf8, base64, hex or whsec-base64.',
    );
  });
});

describe('hmac(): {publicUrl}', () => {
  const signedUrl = (scheme: ReturnType<typeof hmac>, path: string, url: string, headers = {}) =>
    verify(scheme, request(path, { 'x-sig': hex('s', `${url}|{}`), ...headers }));

  it('is publicUrl, credentials and prefix as configured, plus the path and query received', async () => {
    const scheme = hmac({
      ...base,
      message: '{publicUrl}|{body}',
      publicUrl: 'https://user:pa55@merchant.example/prefix',
    });
    await expect(
      signedUrl(scheme, '/hook?a=1', 'https://user:pa55@merchant.example/prefix/hook?a=1'),
    ).resolves.toBeDefined();
    const text = formatExplanation(
      explain(scheme, request('/hook', { 'x-sig': 'ab' }), { now, revealExpected: true }),
    );
    expect(text).toContain('https://user:[hidden]@merchant.example/prefix/hook');
    expect(text).not.toContain('pa55');
  });

  it('is https:// and the Host header without publicUrl, the forwarded ones with trustProxy', async () => {
    const fromHost = hmac({ ...base, message: '{publicUrl}|{body}' });
    await expect(
      signedUrl(fromHost, '/hook', 'https://app.example:8443/hook', { host: 'app.example:8443' }),
    ).resolves.toBeDefined();
    const proxied = hmac({ ...base, message: '{publicUrl}|{body}', trustProxy: true });
    await expect(
      signedUrl(proxied, '/hook', 'http://app.example/hook', {
        host: 'internal',
        'x-forwarded-host': 'app.example',
        'x-forwarded-proto': 'http',
      }),
    ).resolves.toBeDefined();
    await expect(verify(fromHost, request('/hook', { 'x-sig': 'ab' }))).rejects.toMatchObject({
      code: 'malformed_request',
    });
  });

  it('decodes only the escapes unescapeInUrl lists', async () => {
    const scheme = hmac({
      ...base,
      message: '{publicUrl}|{body}',
      publicUrl: 'https://merchant.example',
      unescapeInUrl: ':/',
    });
    await expect(
      signedUrl(scheme, '/h?u=https%3a%2F%2Fx%3F', 'https://merchant.example/h?u=https://x%3F'),
    ).resolves.toBeDefined();
    expect(() => hmac({ ...base, message: '{publicUrl}', unescapeInUrl: 'é' })).toThrow(
      '[hookguard] acme: unescapeInUrl must be printable ASCII characters.',
    );
  });

  it('refuses a publicUrl with a query, never repeating it', () => {
    expect(() =>
      hmac({
        ...base,
        message: '{publicUrl}',
        publicUrl: 'https://u:secret@merchant.example/?a=1',
      }),
    ).toThrow(
      '[hookguard] acme: publicUrl must be an http(s) URL with no query or fragment, such as https://merchant.com, https://user:password@merchant.com or https://merchant.com/acme.',
    );
  });

  it('names the URL it signed in a mismatch, after the scheme’s own hint', async () => {
    const scheme = hmac({
      ...base,
      message: '{publicUrl}|{body}',
      publicUrl: 'https://merchant.example',
      mismatchHint: 'Acme signs its URL.',
    });
    await expect(
      verify(scheme, request('/hook', { 'x-sig': hex('s', 'x') })),
    ).rejects.toMatchObject({
      code: 'invalid_signature',
      message: expect.stringContaining(
        'Acme signs its URL. hookguard signed the URL as https://merchant.example/hook; behind a proxy, set publicUrl',
      ),
    });
  });

  it('signs an absolute url as given, a path against publicUrl, and returns the URL', () => {
    const scheme = hmac({ ...base, message: '{publicUrl}|{body}', publicUrl: 'https://m.example' });
    expect(sign(scheme, { url: '/a?b=1', body: '{}' })).toMatchObject({
      url: 'https://m.example/a?b=1',
      headers: { 'x-sig': hex('s', 'https://m.example/a?b=1|{}') },
    });
    expect(sign(scheme, { url: 'https://o.example/z', body: '{}' })).toMatchObject({
      url: 'https://o.example/z',
      headers: { 'x-sig': hex('s', 'https://o.example/z|{}') },
    });
  });
});

describe('hmac(): several signature headers', () => {
  it('reads x-sig-{n} from 1 up to the first missing, and signs once per secret', async () => {
    const scheme = hmac({ ...base, secret: ['k2'], signature: { header: 'x-sig-{n}' } });
    await expect(
      verify(scheme, request('/', { 'x-sig-1': hex('k1', '{}'), 'x-sig-2': hex('k2', '{}') })),
    ).resolves.toBeDefined();
    await expect(
      verify(scheme, request('/', { 'x-sig-1': hex('k1', '{}'), 'x-sig-3': hex('k2', '{}') })),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
    const signed = sign(hmac({ ...base, secret: ['a', 'b'], signature: { header: 'x-sig-{n}' } }), {
      body: '{}',
    });
    expect(signed.headers).toMatchObject({ 'x-sig-1': hex('a', '{}'), 'x-sig-2': hex('b', '{}') });
    expect(signed.headers).not.toHaveProperty('x-sig-3');
  });

  it('checks each of headersByKey with the secret at its position only', async () => {
    const scheme = hmac({
      ...base,
      secret: ['one', 'two'],
      signature: { headersByKey: ['x-a', 'x-b'] },
    });
    await expect(verify(scheme, request('/', { 'x-b': hex('two', '{}') }))).resolves.toMatchObject({
      matchedKey: 1,
    });
    await expect(verify(scheme, request('/', { 'x-b': hex('one', '{}') }))).rejects.toMatchObject({
      code: 'invalid_signature',
      message: expect.stringContaining('the x-b header does not match'),
    });
    await expect(
      verify(scheme, request('/', { 'x-a': hex('two', '{}'), 'x-b': hex('one', '{}') })),
    ).rejects.toMatchObject({
      code: 'invalid_signature',
      message: expect.stringContaining('each of the x-a and x-b headers does not match'),
    });
    expect(
      formatExplanation(explain(scheme, request('/', { 'x-b': hex('one', '{}') }), { now })),
    ).toContain('invalid_signature');
    expect(sign(scheme, { body: '{}' }).headers).toMatchObject({
      'x-a': hex('one', '{}'),
      'x-b': hex('two', '{}'),
    });
  });

  it('keys replays on the message, whichever header matched', async () => {
    const scheme = hmac({
      ...base,
      secret: ['one', 'two'],
      signature: { headersByKey: ['x-a', 'x-b'] },
    });
    const replayStore = new MemoryReplayStore();
    const both = request('/', { 'x-a': hex('one', '{}'), 'x-b': hex('two', '{}') });
    const first = await verify(scheme, both, { replayStore });
    await first.replayClaim?.commit();
    expect(first.replayClaim?.key).toMatch(/^acme:msg:/);
    await expect(
      verify(scheme, request('/', { 'x-b': hex('two', '{}') }), { replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });

  it('refuses, at configuration, more secrets than headersByKey, and malformed locations', () => {
    expect(() =>
      hmac({ ...base, secret: ['a', 'b', 'c'], signature: { headersByKey: ['x-a', 'x-b'] } }),
    ).toThrow(
      '[hookguard] acme: signature.headersByKey names 2 headers: configure at most 2 secrets.',
    );
    for (const signature of [
      { headersByKey: [] },
      { headersByKey: ['x a'] },
      { header: 'x-{n}-{n}' },
      { header: 'x-{n}', list: { separator: ',', assign: '=', version: 'v1' } },
      { header: 'x', json: 'a' },
    ])
      expect(
        () => hmac({ ...base, signature: signature as never }),
        JSON.stringify(signature),
      ).toThrow(TypeError);
  });
});

describe("hmac(): hexCase: 'upper'", () => {
  it('signs upper-case hex and reads either case', async () => {
    const scheme = hmac({
      ...base,
      hexCase: 'upper',
      signature: { header: 'x-sig', prefix: 'sha256=' },
    });
    const signed = sign(scheme, { body: '{}' });
    expect(signed.headers['x-sig']).toBe(`sha256=${hex('s', '{}').toUpperCase()}`);
    await expect(
      verify(scheme, request('/', { 'x-sig': `sha256=${hex('s', '{}')}` })),
    ).resolves.toBeDefined();
    expect(
      sign(hmac({ ...base, hexCase: 'upper', encoding: 'base64' }), { body: '{}' }).headers[
        'x-sig'
      ],
    ).toBe(createHmac('sha256', 's').update('{}').digest('base64'));
  });
});
