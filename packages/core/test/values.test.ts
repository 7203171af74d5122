import { assertMediaType, parseMediaType } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../src/crypto/constant-time-equal.js';
import { decodeBase64, decodeBase64Url, decodeHex } from '../src/crypto/encoding.js';
import {
  epochMillis,
  epochSeconds,
  isoUtcSeconds,
  isoWithZone,
  parseIsoInstant,
} from '../src/time/timestamps.js';
import { visible } from '../src/visible.js';

describe('decoders', () => {
  it('accepts base64 with or without padding and refuses junk', () => {
    expect(decodeBase64('YWI=')?.toString()).toBe('ab');
    expect(decodeBase64('YWI')?.toString()).toBe('ab');
    expect(decodeBase64('YWI=junk')).toBeUndefined();
    expect(decodeBase64('YW I=')).toBeUndefined();
    expect(decodeBase64('Y')).toBeUndefined();
    expect(decodeBase64('YWI==')).toBeUndefined();
    expect(decodeBase64('YQ-_')).toBeUndefined();
  });

  it('refuses a non-canonical last character (unused bits set), so each digest has one spelling', () => {
    expect(decodeBase64('YQ==')?.toString()).toBe('a');
    expect(decodeBase64('YR==')).toBeUndefined();
    expect(decodeBase64('YR')).toBeUndefined();
    expect(decodeBase64Url('-_8')?.toString('hex')).toBe('fbff');
    expect(decodeBase64Url('-_9')).toBeUndefined();
  });

  it('accepts base64url with or without padding and refuses the standard alphabet', () => {
    expect(decodeBase64Url('-_8')?.toString('hex')).toBe('fbff');
    expect(decodeBase64Url('-_8=')?.toString('hex')).toBe('fbff');
    expect(decodeBase64Url('+/8=')).toBeUndefined();
  });

  it('accepts hex in either case and refuses odd lengths', () => {
    expect(decodeHex('aBcD')?.toString('hex')).toBe('abcd');
    expect(decodeHex('abc')).toBeUndefined();
    expect(decodeHex('zz')).toBeUndefined();
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

describe('timestamps', () => {
  it('reads epoch milliseconds and seconds strictly', () => {
    expect(epochMillis('1617695238078').ms).toBe(1617695238078);
    expect(epochSeconds('1700000000').ms).toBe(1_700_000_000_000);
    for (const bad of ['-1', '1e12', '0x10', ' 1', '1.5', '', '99999999999999999', 'abc']) {
      expect(epochMillis(bad).ms).toBeUndefined();
    }
    expect(epochSeconds('9999999999999999').ms).toBeUndefined();
  });

  it('reads ISO-8601 instants and refuses impossible ones', () => {
    expect(parseIsoInstant('2022-04-03T21:31:47.296Z')).toBe(1649021507296);
    expect(parseIsoInstant('2022-04-03T21:31:47.296123Z')).toBe(1649021507296);
    expect(parseIsoInstant('2022-04-04T03:01:47+05:30')).toBe(1649021507000);
    expect(parseIsoInstant('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    for (const bad of [
      '2022-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2022-04-03T24:00:00Z',
      '2022-13-01T00:00:00Z',
      '2022-04-03T21:31:60Z',
      '2022-04-03 21:31:47Z',
      '2022-04-03T21:31:47',
      '2022-04-03T21:31:47+24:00',
    ]) {
      expect(parseIsoInstant(bad), bad).toBeUndefined();
    }
    expect(isoWithZone('2022-04-03T21:31:47.296').ms).toBeUndefined();
  });

  it("reads Ethoca's X-Eth-Date only as UTC whole seconds", () => {
    expect(isoUtcSeconds('2017-06-19T13:18:18Z').ms).toBe(1497878298000);
    expect(isoUtcSeconds('2017-06-19T13:18:18.000Z').ms).toBeUndefined();
    expect(isoUtcSeconds('2017-06-19T15:18:18+02:00').ms).toBeUndefined();
  });
});

describe('media types', () => {
  it('parses the essence and a quoted charset', () => {
    expect(parseMediaType('Application/JSON; Charset="UTF-8"')).toEqual({
      essence: 'application/json',
      charset: 'utf-8',
    });
  });

  it('accepts +json types for JSON schemes', () => {
    expect(() => assertMediaType('json', 'application/vnd.api+json', true)).not.toThrow();
  });

  it('accepts a request with no body and no Content-Type, but not a body without one', () => {
    expect(() => assertMediaType('json', undefined, false)).not.toThrow();
    expect(() => assertMediaType('form', undefined, true)).toThrow(/no Content-Type/);
  });

  it('refuses lookalikes', () => {
    for (const type of [
      'application/jsonx',
      'text/json',
      'application/x-www-form-urlencoded2',
      'multipart/form-data',
    ]) {
      expect(
        () => assertMediaType(type.includes('form') ? 'form' : 'json', type, true),
        type,
      ).toThrow();
    }
  });
});

describe('visible', () => {
  it('escapes the characters that make strings look alike', () => {
    expect(visible('a\nb\r\tc')).toBe('a\\nb\\r\\tc');
    expect(visible('\ufeffx\u200by\u00a0z')).toBe('\\u{feff}x\\u{200b}y\\u{00a0}z');
    expect(visible('back\\slash')).toBe('back\\\\slash');
    expect(visible('plain text, with spaces')).toBe('plain text, with spaces');
  });
});
