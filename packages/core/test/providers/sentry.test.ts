import { sentry, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { itIgnoresUnsignedHeadersForReplay, post } from '../support/replay.js';

describeCatalogPreset('sentry');

const scheme = sentry({ clientSecret: 'sn-secret' });
// As Sentry's `json.dumps` writes it: non-ASCII escaped, a float kept as `1.0`.
const BODY = '{"action":"created","data":{"issue":{"title":"Caf\\u00e9","sample_rate":1.0}}}';
const HEADERS = {
  'request-id': 'a1b2c3',
  'sentry-hook-resource': 'issue',
  'sentry-hook-timestamp': '1700000000',
};

describe('Sentry', () => {
  it('checks the raw body: Sentry signs bytes that JSON.stringify of the payload does not give back', async () => {
    const verified = await verify(scheme, post(sign(scheme, { body: BODY, headers: HEADERS })));
    expect(verified.payload).toEqual(JSON.parse(BODY));
    expect(JSON.stringify(verified.payload)).not.toBe(BODY);
  });

  it('never reads Sentry-Hook-Timestamp, which is not signed: the scheme is not timestamped', async () => {
    expect(scheme.tolerance).toBe(false);
    const signed = sign(scheme, { body: BODY, headers: HEADERS });
    const yearOld = { ...signed.headers, 'sentry-hook-timestamp': '1668464000' };
    await expect(
      verify(scheme, post({ ...signed, headers: yearOld }), { now: () => 1_700_000_000_000 }),
    ).resolves.toBeDefined();
  });
});

describe('replay keys come only from what the signature covers', () => {
  itIgnoresUnsignedHeadersForReplay([
    [
      'sentry (Request-ID, Sentry-Hook-Resource, Sentry-Hook-Timestamp unsigned)',
      scheme,
      post(sign(scheme, { body: BODY, headers: HEADERS })),
      Object.keys(HEADERS),
    ],
  ]);
});
