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
