import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../../src/crypto/constant-time-equal.js';
import {
  decodeBase64,
  decodeBase64Url,
  decodeDigest,
  decodeHex,
} from '../../src/crypto/encoding.js';

// How signatures are decoded (base64, base64url, hex: one spelling per digest) and compared.

/** Decoded bytes as hex, so a wrong decoding shows as its bytes. */
const hex = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString('hex');

describe('decoders', () => {
  it('accepts base64 with or without padding and refuses junk', () => {
    expect(hex(decodeBase64('YWI='))).toBe('6162');
    expect(hex(decodeBase64('YWI'))).toBe('6162');
    expect(decodeBase64('YWI=junk')).toBeUndefined();
    expect(decodeBase64('YW I=')).toBeUndefined();
    expect(decodeBase64('Y')).toBeUndefined();
    expect(decodeBase64('YWI==')).toBeUndefined();
    expect(decodeBase64('YQ-_')).toBeUndefined();
  });

  it('refuses a non-canonical last character (unused bits set), so each digest has one spelling', () => {
    expect(hex(decodeBase64('YQ=='))).toBe('61');
    expect(decodeBase64('YR==')).toBeUndefined();
    expect(decodeBase64('YR')).toBeUndefined();
    expect(hex(decodeBase64Url('-_8'))).toBe('fbff');
    expect(decodeBase64Url('-_9')).toBeUndefined();
  });

  it('accepts base64url with or without padding and refuses the standard alphabet', () => {
    expect(hex(decodeBase64Url('-_8'))).toBe('fbff');
    expect(hex(decodeBase64Url('-_8='))).toBe('fbff');
    expect(decodeBase64Url('+/8=')).toBeUndefined();
  });

  it('accepts hex in either case and refuses odd lengths', () => {
    expect(hex(decodeHex('aBcD'))).toBe('abcd');
    expect(decodeHex('abc')).toBeUndefined();
    expect(decodeHex('zz')).toBeUndefined();
  });

  it('decodes hex and base64url digests', () => {
    expect(hex(decodeDigest('ABcd', 'hex'))).toBe('abcd');
    expect(hex(decodeDigest('q80', 'base64url'))).toBe('abcd');
    expect(decodeDigest('q8=', 'base64url')).toBeUndefined();
  });
});

describe('canonical base64', () => {
  it('checks the four unused bits after two characters, and the two after three', () => {
    expect(decodeBase64('AE')).toBeUndefined();
    expect(hex(decodeBase64('AQ'))).toBe('01');
    expect(decodeBase64('AAB')).toBeUndefined();
    expect(hex(decodeBase64('AAE'))).toBe('0001');
    expect(hex(decodeBase64('AAQ'))).toBe('0004');
    for (const text of ['A+', 'A/', 'AA+', 'AA/']) expect(decodeBase64(text), text).toBeUndefined();
    for (const text of ['A-', 'A_', 'AA-', 'AA_'])
      expect(decodeBase64Url(text), text).toBeUndefined();
  });
});

describe('constantTimeEqual', () => {
  it('is true only for equal bytes, and false for any length difference', () => {
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abc'))).toBe(true);
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abd'))).toBe(false);
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('ab'))).toBe(false);
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abcd'))).toBe(false);
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.alloc(0))).toBe(false);
  });
});

describe('the one-pass decoders agree with the platform decoder', () => {
  // Oracle: Node's Buffer. A text is accepted iff it is in the alphabet with at most two
  // trailing `=` and re-encoding its bytes gives it back (canonical), padded or not.
  const reference = (text: string, url: boolean) => {
    const alphabet = url ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
    if (!alphabet.test(text)) return undefined;
    const bytes = Buffer.from(text, url ? 'base64url' : 'base64');
    const again = bytes.toString('base64');
    const spelled = url ? again.replaceAll('+', '-').replaceAll('/', '_') : again;
    return text === spelled || text === spelled.replace(/=+$/, '')
      ? bytes.toString('hex')
      : undefined;
  };
  const chars = 'AQgw+/-_=azZ09 .\u00e9';
  const random = (length: number) =>
    Array.from({ length }, () => chars[Math.floor(Math.random() * chars.length)]).join('');

  it('on random texts and on encodings of random bytes, in both alphabets', () => {
    for (let n = 0; n < 3000; n++) {
      const bytes = Buffer.from(
        Array.from({ length: n % 70 }, () => Math.floor(Math.random() * 256)),
      );
      const texts = [
        random(n % 13),
        bytes.toString('base64'),
        bytes.toString('base64url'),
        bytes.toString('base64').replace(/=+$/, ''),
      ];
      for (const text of texts) {
        expect(hex(decodeBase64(text)), text).toBe(reference(text, false));
        expect(hex(decodeBase64Url(text)), text).toBe(reference(text, true));
      }
      const hexText = bytes.toString('hex');
      expect(hex(decodeHex(hexText))).toBe(hexText);
      expect(hex(decodeHex(hexText.toUpperCase()))).toBe(hexText);
      const junk = random(n % 7) + hexText;
      expect(hex(decodeHex(junk)), junk).toBe(
        /^(?:[0-9a-fA-F]{2})*$/.test(junk) ? junk.toLowerCase() : undefined,
      );
    }
  });

  it('above 512 characters the platform decoder answers the same way', () => {
    const bytes = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256));
    expect(hex(decodeBase64(bytes.toString('base64')))).toBe(bytes.toString('hex'));
    expect(hex(decodeBase64Url(bytes.toString('base64url')))).toBe(bytes.toString('hex'));
    expect(hex(decodeHex(bytes.toString('hex')))).toBe(bytes.toString('hex'));
    expect(decodeBase64(`${bytes.toString('base64')}!`)).toBeUndefined();
  });
});
