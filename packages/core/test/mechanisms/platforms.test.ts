import { generateKeyPairSync } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { platform as node } from '../../src/platform/node.js';
import type { HmacAlgorithm, SignatureAlgorithm } from '../../src/platform/platform.js';
import { platform as web } from '../../src/platform/web.js';

// The two implementations of `#platform` must agree on every input: node.ts (node:crypto,
// Buffer) is what Node runs, web.ts (Web Crypto, plain Uint8Array code) what workerd, the
// Edge runtime, Deno and Bun run. Both run here, in Node, side by side.

const bytes = fc.uint8Array({ maxLength: 200 });
const ALGORITHMS: readonly HmacAlgorithm[] = ['sha1', 'sha256', 'sha512'];
const hex = (value: Uint8Array) => Buffer.from(value).toString('hex');
const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = [
  'ed25519',
  'ecdsa-p256-sha256',
  'rsa-pkcs1-sha1',
  'rsa-pkcs1-sha256',
];

describe('the Node and Web platforms', () => {
  it('name themselves', () => {
    expect([node.name, web.name]).toEqual(['node:crypto', 'web-crypto']);
    expect(node.hmacSync).toBeTypeOf('function');
    expect([web.hmacSync, web.sha256Sync]).toEqual([undefined, undefined]);
  });

  test.prop([bytes])('encode hex and base64 alike, and decode what they encode', (value) => {
    expect(web.toHex(value)).toBe(node.toHex(value));
    expect(hex(web.fromHex(node.toHex(value)))).toBe(hex(value));
    for (const url of [false, true]) {
      const text = node.toBase64(value, url);
      expect(web.toBase64(value, url)).toBe(text);
      const unpadded = text.replace(/=+$/, '');
      expect(hex(web.fromBase64(unpadded, url))).toBe(hex(value));
      expect(hex(node.fromBase64(unpadded, url))).toBe(hex(value));
    }
  });

  // Lone surrogates included: both write U+FFFD for them.
  test.prop([fc.string({ unit: 'binary', maxLength: 100 })])('agree on UTF-8', (text) => {
    expect(hex(web.utf8(text))).toBe(hex(node.utf8(text)));
    expect(web.utf8Length(text)).toBe(node.utf8Length(text));
  });

  // Any bytes, not only ASCII: each is one character, so offsets match (form bodies).
  test.prop([fc.uint8Array({ maxLength: 100 }), fc.nat(100), fc.nat(100)])(
    'read bytes as latin1 alike',
    (value, a, b) => {
      const [start, end] = [Math.min(a, b, value.length), Math.min(Math.max(a, b), value.length)];
      const text = web.latin1(value, start, end);
      expect(text).toBe(node.latin1(value, start, end));
      expect(text.length).toBe(end - start);
    },
  );

  it('reads more than one 8 KiB slice as latin1 alike', () => {
    const value = new Uint8Array(20_000).map((_, i) => (i * 7) % 256);
    expect(web.latin1(value, 3, 19_999)).toBe(node.latin1(value, 3, 19_999));
  });

  test.prop([fc.array(bytes, { maxLength: 5 })])('concatenate alike', (pieces) => {
    expect(hex(web.concat(pieces))).toBe(hex(node.concat(pieces)));
  });

  test.prop([bytes, bytes])('compare alike, for equal and unequal bytes', (a, b) => {
    const same = a.slice();
    expect(web.timingSafeEqual(a, same)).toBe(true);
    if (a.length === b.length) expect(web.timingSafeEqual(a, b)).toBe(node.timingSafeEqual(a, b));
  });

  test.prop([
    fc.constantFrom(...ALGORITHMS),
    fc.uint8Array({ minLength: 1, maxLength: 200 }),
    bytes,
  ])('compute the same HMAC, synchronously and not', async (algorithm, key, message) => {
    const expected = hex(node.hmacSync?.(algorithm, key, [{ value: message }]) as Uint8Array);
    expect(hex(await node.hmac(algorithm, key, message))).toBe(expected);
    expect(hex(await web.hmac(algorithm, key, message))).toBe(expected);
  });

  test.prop([bytes])('compute the same SHA-256', async (message) => {
    const expected = hex(node.sha256Sync?.([message]) as Uint8Array);
    expect(hex(await node.sha256(message))).toBe(expected);
    expect(hex(await web.sha256(message))).toBe(expected);
  });

  it('hash text pieces as UTF-8, in order', () => {
    const pieces = [{ value: 'é' }, { value: new Uint8Array([0x2e]) }, { value: 'x' }];
    const joined = hex(node.hmacSync?.('sha256', new Uint8Array([1]), pieces) as Uint8Array);
    const whole = [{ value: Buffer.from('é.x') }];
    expect(joined).toBe(hex(node.hmacSync?.('sha256', new Uint8Array([1]), whole) as Uint8Array));
  });

  it('give random version 4 UUIDs', () => {
    for (const uuid of [node.randomUUID(), web.randomUUID()])
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(web.randomUUID()).not.toBe(web.randomUUID());
  });

  describe.each(SIGNATURE_ALGORITHMS)('%s', (algorithm) => {
    const { publicKey, privateKey } = keyPairFor(algorithm);

    test.prop([bytes], { numRuns: 20 })(
      'a signature by either verifies on both; another message does not',
      async (message) => {
        const signatures = [
          node.signSync?.(algorithm, privateKey, message) as Uint8Array,
          await web.sign(algorithm, privateKey, message),
        ];
        const other = new Uint8Array([...message, 0]);
        for (const signature of signatures) {
          expect(node.verifySync?.(algorithm, publicKey, message, signature)).toBe(true);
          expect(await web.verify(algorithm, publicKey, message, signature)).toBe(true);
          expect(await node.verify(algorithm, publicKey, other, signature)).toBe(false);
          expect(await web.verify(algorithm, publicKey, other, signature)).toBe(false);
        }
        // Ed25519 and RSA PKCS#1 v1.5 are deterministic: both give the same bytes.
        if (algorithm !== 'ecdsa-p256-sha256')
          expect(hex(signatures[1] as Uint8Array)).toBe(hex(signatures[0] as Uint8Array));
      },
    );

    it('answers false, not an error, for a signature of the wrong length', async () => {
      const message = new Uint8Array([1, 2, 3]);
      for (const signature of [new Uint8Array(0), new Uint8Array(7), new Uint8Array(600)]) {
        expect(await node.verify(algorithm, publicKey, message, signature)).toBe(false);
        expect(await web.verify(algorithm, publicKey, message, signature)).toBe(false);
      }
    });
  });
});

/** A fresh key pair as the platform takes it: SPKI and PKCS#8 DER. */
function keyPairFor(algorithm: SignatureAlgorithm): {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
} {
  const pair =
    algorithm === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : algorithm === 'ecdsa-p256-sha256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })),
    privateKey: new Uint8Array(pair.privateKey.export({ type: 'pkcs8', format: 'der' })),
  };
}
