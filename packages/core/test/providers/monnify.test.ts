import { createHash } from 'node:crypto';
import { explain, monnify, sign, verify } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeCatalogPreset } from '../support/catalog-presets.js';
import { post } from '../support/replay.js';

describeCatalogPreset('monnify');

const SECRET = '91MUDL9N6U3BQRXBQ2PJ9M0PW4J22M1Y';
const BODY = '{"eventType":"SUCCESSFUL_TRANSACTION","eventData":{"amountPaid":100}}';

describe('Monnify', () => {
  it('checks an HMAC-SHA512 of the body, as its example hash shows, not the plain SHA-512 its prose names', async () => {
    const scheme = monnify({ clientSecret: SECRET });
    expect(explain(scheme, post(sign(scheme, { body: BODY }))).algorithm).toBe('HMAC-SHA512');
    const plain = createHash('sha512').update(`${SECRET}${BODY}`).digest('hex');
    await expect(
      verify(
        scheme,
        post({
          headers: { 'content-type': 'application/json', 'monnify-signature': plain },
          body: BODY,
        }),
      ),
    ).rejects.toMatchObject({ code: 'invalid_signature' });
  });
});
