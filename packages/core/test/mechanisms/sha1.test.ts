import { createHash } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { sha1 } from '../../src/crypto/sha1.js';

// The portable SHA-1 that derives Braintree's key, against node:crypto (OpenSSL).

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const openssl = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

describe('sha1', () => {
  it.each([
    ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    // FIPS 180-2 appendix A.2: a two-block message.
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    ],
  ])('hashes %j as FIPS 180 says', (text, expected) => {
    expect(hex(sha1(new TextEncoder().encode(text)))).toBe(expected);
  });

  it('hashes every length around the block and padding edges as OpenSSL does', () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(hex(sha1(bytes)), `length ${length}`).toBe(openssl(bytes));
    }
  });

  test.prop([fc.uint8Array({ maxLength: 2048 })])('agrees with OpenSSL on any bytes', (bytes) => {
    expect(hex(sha1(bytes))).toBe(openssl(bytes));
  });
});
