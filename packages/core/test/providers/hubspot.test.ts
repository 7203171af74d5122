import {
  explain,
  formatExplanation,
  hubspot,
  sign,
  verify,
  type WebhookRequest,
} from '@hookguard/core';
import { Signature } from '@hubspot/api-client';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { itIgnoresUnsignedHeadersForReplay } from '../support/replay.js';

describeCatalogPreset('hubspot');

const SECRET = 'hs-secret';
const NOW = 1_700_000_000_000;
const now = () => NOW;
const BODY = '[{"eventId":1,"subscriptionType":"contact.creation","objectId":123}]';

/** HubSpot's own SDK, given the URI its docs say to build. */
const v3 = (method: string, url: string, body = BODY, timestamp = NOW) =>
  Signature.getSignature(method, 'v3', {
    signature: '',
    clientSecret: SECRET,
    requestBody: body,
    url,
    timestamp,
  });

function request(
  url: string,
  signature: string,
  headers: Record<string, string> = {},
): WebhookRequest {
  return {
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': signature,
      'x-hubspot-request-timestamp': String(NOW),
      ...headers,
    },
    body: BODY,
  };
}

describe('HubSpot v3: the URL it signs', () => {
  const scheme = hubspot({ clientSecret: SECRET, publicUrl: 'https://merchant.example' });

  it('is publicUrl plus the path and query as received, whatever Host the proxy sent', async () => {
    const url = 'https://merchant.example/hooks/hubspot?portalId=62515';
    await expect(
      verify(
        scheme,
        request('/hooks/hubspot?portalId=62515', v3('POST', url), { host: 'internal:8080' }),
        {
          now,
        },
      ),
    ).resolves.toBeDefined();
  });

  it.each([
    ['%3A and %2F', '?next=https%3A%2F%2Fa.example%2Fb', '?next=https://a.example/b'],
    ["the other ten of HubSpot's list", '?v=%3F%40%21%24%27%28%29%2A%2C%3B', "?v=?@!$'()*,;"],
    ['lower-case escapes too', '?v=%3a%2f', '?v=:/'],
    ['but not %20, %26 or %3D, which stay escaped', '?v=a%20b%26c%3Dd', '?v=a%20b%26c%3Dd'],
  ])('decodes %s before signing', async (_, received, signed) => {
    await expect(
      verify(
        scheme,
        request(`/hook${received}`, v3('POST', `https://merchant.example/hook${signed}`)),
        {
          now,
        },
      ),
    ).resolves.toBeDefined();
  });

  it('without publicUrl, is https:// and the Host header; with trustProxy, the forwarded ones', async () => {
    const fromHost = hubspot({ clientSecret: SECRET });
    await expect(
      verify(
        fromHost,
        request('/hook', v3('POST', 'https://app.example/hook'), { host: 'app.example' }),
        {
          now,
        },
      ),
    ).resolves.toBeDefined();
    const proxied = hubspot({ clientSecret: SECRET, trustProxy: true });
    const forwarded = {
      host: 'internal:8080',
      'x-forwarded-host': 'app.example',
      'x-forwarded-proto': 'https',
    };
    await expect(
      verify(proxied, request('/hook', v3('POST', 'https://app.example/hook'), forwarded), { now }),
    ).resolves.toBeDefined();
    await expect(
      verify(fromHost, request('/hook', v3('POST', 'https://app.example/hook'), forwarded), {
        now,
      }),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('names the URL it checked when the signature does not match', async () => {
    await expect(
      verify(scheme, request('/hook', v3('POST', 'https://other.example/hook')), { now }),
    ).rejects.toMatchObject({
      code: 'invalid_signature',
      message: expect.stringContaining(
        'hookguard signed the URL as https://merchant.example/hook; behind a proxy, set publicUrl',
      ),
    });
    const text = formatExplanation(
      explain(scheme, request('/hook', v3('POST', 'https://merchant.example/hook')), { now }),
    );
    expect(text).toMatch(/url +"https:\/\/merchant\.example\/hook"/);
  });

  it('signs an absolute url as given, and a path against publicUrl', () => {
    const signed = sign(scheme, { url: '/hook', body: BODY }, { now });
    expect(signed.url).toBe('https://merchant.example/hook');
    expect(signed.headers['x-hubspot-signature-v3']).toBe(
      v3('POST', 'https://merchant.example/hook'),
    );
    const absolute = sign(
      hubspot({ clientSecret: SECRET }),
      { url: 'https://a.example/x?y=1', body: BODY },
      { now },
    );
    expect(absolute.headers['x-hubspot-signature-v3']).toBe(v3('POST', 'https://a.example/x?y=1'));
    expect(() => sign(hubspot({ clientSecret: SECRET }), { url: '/hook', body: BODY })).toThrow(
      '[hookguard] hubspot: sign needs an absolute url, or a publicUrl on the scheme.',
    );
  });
});

describe('HubSpot v3: the timestamp', () => {
  const scheme = hubspot({ clientSecret: SECRET, publicUrl: 'https://merchant.example' });
  const signed = request('/hook', v3('POST', 'https://merchant.example/hook'));

  it('is in milliseconds, checked 300 s each way (the SDK checks only the past)', async () => {
    await expect(verify(scheme, signed, { now: () => NOW + 300_000 })).resolves.toBeDefined();
    await expect(verify(scheme, signed, { now: () => NOW - 301_000 })).rejects.toMatchObject({
      code: 'timestamp_out_of_tolerance',
    });
  });
});

describe('replay keys come only from what the signature covers', () => {
  const scheme = hubspot({ clientSecret: SECRET, publicUrl: 'https://merchant.example' });
  const signed = sign(scheme, {
    url: '/',
    body: BODY,
    headers: { 'x-hubspot-signature': 'a-v1-signature', 'x-hubspot-signature-version': 'v1' },
  });
  itIgnoresUnsignedHeadersForReplay([
    [
      'hubspot (its v1/v2 X-HubSpot-Signature and version header unsigned)',
      scheme,
      { method: 'POST', url: '/', headers: signed.headers, body: signed.body },
      ['x-hubspot-signature', 'x-hubspot-signature-version'],
    ],
  ]);
});
