import { createHmac } from 'node:crypto';
import { explain, formatExplanation, sign, square, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

describeCatalogPreset('square');

const URL_SET = 'https://merchant.example/webhooks/square';
const BODY = '{"event_id":"sq-1","type":"payment.updated","data":{"amount":100}}';
const scheme = square({ signatureKey: 'sq-key', notificationUrl: URL_SET });

describe('Square notification URL', () => {
  it.each([
    ['missing', undefined],
    ['not a string', 42],
    ['relative', '/hooks/sq-relative'],
    ['not http(s)', 'ftp://merchant.example/webhooks/square'],
    ['with braces, which the message template would read as tokens', `${URL_SET}?x={body}`],
    ['with whitespace', `${URL_SET} `],
  ])('refuses a notificationUrl %s with a TypeError that does not repeat it', (_, value) => {
    let thrown: unknown;
    try {
      square({ signatureKey: 'k', notificationUrl: value as string });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/notificationUrl must be the absolute http\(s\) URL/);
    if (typeof value === 'string') expect((thrown as Error).message).not.toContain(value);
  });

  it('signs the URL as configured, then the body, whatever path the request arrived on (a proxy may rewrite it)', async () => {
    const signed = sign(scheme, { body: BODY });
    const expected = createHmac('sha256', 'sq-key')
      .update(URL_SET + BODY)
      .digest('base64');
    expect(signed.headers['x-square-hmacsha256-signature']).toBe(expected);
    await expect(
      verify(scheme, { ...post(signed), url: '/internal/square-hook' }),
    ).resolves.toMatchObject({ payload: JSON.parse(BODY) });
  });

  it('is taken character for character: a trailing slash is another URL, and the hint says what to check', async () => {
    const signed = post(sign(scheme, { body: BODY }));
    const other = square({ signatureKey: 'sq-key', notificationUrl: `${URL_SET}/` });
    await expect(verify(other, signed)).rejects.toMatchObject({
      code: 'invalid_signature',
      message: expect.stringContaining('character for character'),
    });
  });

  it('shows the URL as the notification URL part of the signed message', () => {
    const text = formatExplanation(explain(scheme, post(sign(scheme, { body: BODY }))));
    expect(text).toContain('notification URL');
    expect(text).toContain(URL_SET);
  });
});

describe('Square signature headers', () => {
  it('does not read the legacy x-square-signature (HMAC-SHA1): alone, it is missing_signature', async () => {
    const sha1 = createHmac('sha1', 'sq-key')
      .update(URL_SET + BODY)
      .digest('base64');
    await expect(
      verify(
        scheme,
        post({
          headers: { 'content-type': 'application/json', 'x-square-signature': sha1 },
          body: BODY,
        }),
      ),
    ).rejects.toMatchObject({ code: 'missing_signature' });
  });
});

describe('replay keys come only from what the signature covers', () => {
  itIgnoresUnsignedHeadersForReplay([
    [
      'square (its retry and environment headers unsigned)',
      scheme,
      post(
        sign(scheme, {
          body: BODY,
          headers: {
            'square-environment': 'Production',
            'square-retry-number': '1',
            'square-retry-reason': 'http_timeout',
            'square-initial-delivery-timestamp': '2026-01-02T03:04:05.678Z',
          },
        }),
      ),
      [
        'square-environment',
        'square-retry-number',
        'square-retry-reason',
        'square-initial-delivery-timestamp',
      ],
    ],
  ]);
});
