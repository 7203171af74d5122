import { cashfree, fiserv, smileId } from '@hookguard/core';
import { assertMediaType } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBase64Url } from '../src/crypto/encoding.js';

// Details mutation testing showed no other test pinned down.

describe('explanations of the seed schemes name every part', () => {
  it('names the missing secret option of each factory', () => {
    const messages = [
      () => fiserv({ apiKey: 'k' } as never),
      () => fiserv({ secret: 's' } as never),
      () => smileId({ partnerId: '1' } as never),
      () => cashfree.legacyNotify({} as never),
      () => cashfree.subscription({} as never),
      () => cashfree.payoutsV1({} as never),
    ].map((create) => {
      try {
        create();
        return 'no error';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(messages).toMatchSnapshot();
  });
});

describe('canonical base64', () => {
  it('checks the four unused bits after two characters, and the two after three', () => {
    expect(decodeBase64('AE')).toBeUndefined();
    expect(decodeBase64('AQ')?.toString('hex')).toBe('01');
    expect(decodeBase64('AAB')).toBeUndefined();
    expect(decodeBase64('AAE')?.toString('hex')).toBe('0001');
    expect(decodeBase64('AAQ')?.toString('hex')).toBe('0004');
    for (const text of ['A+', 'A/', 'AA+', 'AA/']) expect(decodeBase64(text), text).toBeUndefined();
    for (const text of ['A-', 'A_', 'AA-', 'AA_'])
      expect(decodeBase64Url(text), text).toBeUndefined();
  });
});

describe('media type parameters', () => {
  it('reads the charset among other parameters, trimmed and in any case', () => {
    for (const type of [
      'application/json; format=x; charset=UTF-8',
      'application/json; flag; charset=utf8',
      ' APPLICATION/JSON ; charset= "utf-8" ',
      'application/json;charset=utf-8',
    ]) {
      expect(() => assertMediaType('json', type, true), type).not.toThrow();
    }
    for (const type of [
      'application/json; charset=utf-16',
      'application/json; format=x; charset=latin1',
      'application/xml',
      'application/json-patch',
    ]) {
      expect(() => assertMediaType('json', type, true), type).toThrow();
    }
  });
});
