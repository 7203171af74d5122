import { cashfree, sign, verify, type WebhookRequest } from '@hookguard/core';
import {
  assertMediaType,
  JSON_MEDIA_TYPE,
  parseMediaType,
  readRequestHead,
} from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';

// What a scheme takes as its Content-Type: JSON (application/json and +json types) or a
// form, with no charset but UTF-8, checked from the request head before the body is read.

const NOW = 1_700_000_000_000;
const now = () => NOW;

describe('Content-Type parameters and families', () => {
  const json = cashfree.webhook({ secret: 's' });
  const form = cashfree.subscription({ secret: 's' });
  const jsonRequest = (contentType: string): WebhookRequest => {
    const signed = sign(json, { body: '{"a":1}' }, { now });
    return {
      method: 'POST',
      url: '/',
      headers: { ...signed.headers, 'content-type': contentType },
      body: signed.body,
    };
  };

  it.each(['application/octet-stream', 'application/xml', 'application/jsonx'])(
    'refuses %s for a JSON scheme',
    async (contentType) => {
      await expect(verify(json, jsonRequest(contentType), { now })).rejects.toMatchObject({
        code: 'unsupported_media_type',
      });
    },
  );

  it.each(['application/json; version=2', 'application/vnd.cashfree+json', 'Application/JSON'])(
    'accepts %s: a parameter other than charset is not a charset',
    async (contentType) => {
      await expect(verify(json, jsonRequest(contentType), { now })).resolves.toMatchObject({
        payload: { a: 1 },
      });
    },
  );

  it('accepts a form with charset=UTF-8, as Twilio and others send it', async () => {
    const signed = sign(form, { fields: { cf_a: '1' } });
    const headers = {
      ...signed.headers,
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
    };
    await expect(
      verify(form, { method: 'POST', url: '/', headers, body: signed.body }),
    ).resolves.toMatchObject({ payload: { cf_a: '1' } });
  });
});

describe('the JSON media type rule', () => {
  it.each([
    'application/json',
    'application/vnd.x+json',
    'application/vnd.api+json; charset=utf-8',
    'APPLICATION/VND.X+JSON',
    'application/problem+json',
    'application/a.b-c_d!e#f$g&h^i+j+json',
    `application/${'x'.repeat(122)}+json`,
  ])('accepts %s as JSON', (type) => {
    expect(JSON_MEDIA_TYPE.test(type)).toBe(true);
    expect(() => assertMediaType('json', type, true)).not.toThrow();
  });

  it.each([
    'application/+json',
    'application/+json; charset=utf-8',
    'application/.x+json',
    'application/-x+json',
    'application/x y+json',
    'application/a/b+json',
    'application/x+json2',
    'application/json-seq',
    'text/x+json',
    `application/${'x'.repeat(123)}+json`,
  ])('refuses %s with unsupported_media_type', (type) => {
    expect(JSON_MEDIA_TYPE.test(type)).toBe(false);
    expect(() => assertMediaType('json', type, true)).toThrow(
      expect.objectContaining({ code: 'unsupported_media_type' }),
    );
  });

  it('matches the form Fastify tests a parser RegExp against (parameters quoted after "; ")', () => {
    expect(JSON_MEDIA_TYPE.test('application/vnd.x+json; charset="utf-8"')).toBe(true);
    expect(JSON_MEDIA_TYPE.test('application/+json; charset="utf-8"')).toBe(false);
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

describe('the request head', () => {
  it('checks the request head before the body: one Content-Type the scheme takes', () => {
    const code = (rawHeaders: string[]) => {
      try {
        readRequestHead('json', rawHeaders, 'p');
        return 'ok';
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(readRequestHead('json', ['Content-Type', 'application/json', 'X-A', '1'], 'p')).toEqual({
      'content-type': 'application/json',
      'x-a': '1',
    });
    const json = ['Content-Type', 'application/json'];
    expect(code([...json, ...json])).toBe('malformed_request');
    expect(code(['Content-Type', 'text/plain', 'Content-Length', '2'])).toBe(
      'unsupported_media_type',
    );
    // No body declared: no Content-Type needed. Any declared body needs one.
    expect(code([])).toBe('ok');
    expect(code(['Content-Length', '0'])).toBe('ok');
    expect(code(['Content-Length', '2'])).toBe('unsupported_media_type');
    expect(code(['Transfer-Encoding', 'chunked'])).toBe('unsupported_media_type');
  });
});

describe('json-text: JSON that may be labelled text/plain (AWS SNS)', () => {
  it.each([
    'text/plain',
    'text/plain; charset=UTF-8',
    'Text/Plain; charset="utf-8"',
    'application/json',
    'application/json; charset=utf-8',
    'application/vnd.x+json',
  ])('accepts %s', (type) => {
    expect(() => assertMediaType('json-text', type, true)).not.toThrow();
  });

  it.each([
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=UTF-8',
    'text/html',
    'text/plain; charset=ISO-8859-1',
    'application/xml',
  ])('refuses %s', (type) => {
    expect(() => assertMediaType('json-text', type, true)).toThrow(
      expect.objectContaining({ code: 'unsupported_media_type' }),
    );
  });

  it('loosens no other scheme: text/plain is never JSON, a form or either', () => {
    for (const expected of ['json', 'form', 'either'] as const)
      expect(() => assertMediaType(expected, 'text/plain', true)).toThrow(
        expect.objectContaining({ code: 'unsupported_media_type' }),
      );
    expect(() =>
      assertMediaType('either', 'application/x-www-form-urlencoded', true),
    ).not.toThrow();
    expect(() => assertMediaType('form', 'application/x-www-form-urlencoded', true)).not.toThrow();
    expect(() => assertMediaType('json', 'application/x-www-form-urlencoded', true)).toThrow();
  });

  it('says what it takes when it refuses', () => {
    expect(() => assertMediaType('json-text', 'text/csv', true)).toThrow(
      'expected application/json (or a +json type) or text/plain holding JSON',
    );
    expect(() => assertMediaType('json-text', undefined, true)).toThrow(/text\/plain holding JSON/);
  });
});
