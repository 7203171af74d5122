import {
  handleCheckExpectation,
  handleFrameworkError,
  requireHost,
  type WebhookErrorBody,
} from '@hookguard/core';
import { assertMediaType, JSON_MEDIA_TYPE } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { pathAndQuery } from '../src/request/public-url.js';

/** A response that records what a server-level helper wrote. */
function recordingResponse() {
  const written: { status?: number; headers?: Record<string, string>; body?: string } = {};
  return {
    written,
    json: () => JSON.parse(written.body ?? 'null') as WebhookErrorBody,
    writeHead(status: number, headers: Record<string, string>) {
      written.status = status;
      written.headers = headers;
    },
    end(body: string) {
      written.body = body;
    },
  };
}

describe('request targets in absolute form', () => {
  it('keeps path and query of a valid absolute target, and passes a path through', () => {
    expect(pathAndQuery('https://merchant.example:8443/sms?a=1', 'twilio')).toBe('/sms?a=1');
    expect(pathAndQuery('/sms?next=https://x.example/', 'twilio')).toBe(
      '/sms?next=https://x.example/',
    );
  });

  it.each([
    'http://merchant.example:99999/webhooks/twilio',
    'http://user@:80/webhooks/twilio',
    'https://[::1/webhooks/twilio',
  ])('refuses %s with malformed_request, not a TypeError', (target) => {
    expect(() => pathAndQuery(target, 'twilio')).toThrow(
      expect.objectContaining({ code: 'malformed_request', status: 400, provider: 'twilio' }),
    );
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

describe('handleCheckExpectation', () => {
  it('answers an unknown Expect with a JSON 417 expectation_failed and closes the connection', () => {
    const response = recordingResponse();
    handleCheckExpectation({ headers: { expect: 'x-unknown' } }, response);
    expect(response.written.status).toBe(417);
    expect(response.written.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(response.written.body ?? '')),
      connection: 'close',
    });
    expect(response.json().error.code).toBe('expectation_failed');
    expect(response.json().error.message).toMatch(
      /^\[hookguard\] the Expect header \("x-unknown"\)/,
    );
  });

  it('repeats at most 64 characters of the Expect value', () => {
    const response = recordingResponse();
    handleCheckExpectation({ headers: { expect: `${'a'.repeat(64)}TAIL` } }, response);
    expect(response.json().error.message).toContain(`"${'a'.repeat(64)}"`);
    expect(response.json().error.message).not.toContain('TAIL');
  });

  it('answers without repeating a value when there is none', () => {
    const response = recordingResponse();
    handleCheckExpectation({ headers: {} }, response);
    expect(response.json().error.message).toMatch(/^\[hookguard\] the Expect header asks/);
  });
});

describe('requireHost', () => {
  const request = (major: number, minor: number, host?: string) => ({
    httpVersionMajor: major,
    httpVersionMinor: minor,
    headers: host === undefined ? {} : { host },
  });

  it('answers an HTTP/1.1 request without Host with a JSON 400 malformed_request, without calling the handler', () => {
    const calls: unknown[] = [];
    const response = recordingResponse();
    requireHost((req: unknown, _res: unknown) => calls.push(req))(request(1, 1), response);
    expect(calls).toEqual([]);
    expect(response.written.status).toBe(400);
    expect(response.written.headers?.connection).toBe('close');
    expect(response.json().error).toEqual({
      code: 'malformed_request',
      message: '[hookguard] an HTTP/1.1 request must carry a Host header (RFC 9112 §3.2).',
    });
  });

  it.each([
    ['HTTP/1.1 with a Host', request(1, 1, 'merchant.example')],
    ['HTTP/1.1 with an empty Host', request(1, 1, '')],
    ['HTTP/1.0 without Host', request(1, 0)],
  ])('hands %s to the handler, with the server as this', (_name, req) => {
    const response = recordingResponse();
    const seen: unknown[] = [];
    const server = { name: 'server' };
    const wrapped = requireHost(function handler(this: unknown, r: unknown, s: unknown) {
      seen.push(this, r, s);
    });
    wrapped.call(server, req, response);
    expect(seen).toEqual([server, req, response]);
    expect(response.written).toEqual({});
  });
});

describe('handleFrameworkError', () => {
  function recordingReply() {
    const sent: { status?: number; payload?: unknown } = {};
    const reply = {
      sent,
      code(status: number) {
        sent.status = status;
        return reply;
      },
      send(payload: unknown) {
        sent.payload = payload;
        return reply;
      },
    };
    return reply;
  }

  it('answers FST_ERR_BAD_URL with 400 malformed_request in the JSON shape', () => {
    const reply = recordingReply();
    const error = Object.assign(new Error("'http://x:99999/' is not a valid url component"), {
      code: 'FST_ERR_BAD_URL',
    });
    handleFrameworkError(error, {}, reply);
    expect(reply.sent.status).toBe(400);
    expect(reply.sent.payload).toEqual({
      error: {
        code: 'malformed_request',
        message:
          '[hookguard] the request target is not a valid URL (check its host, port and % escapes).',
      },
    });
  });

  it('hands any other framework error to Fastify unchanged', () => {
    const reply = recordingReply();
    const error = Object.assign(new Error('too long'), { code: 'FST_ERR_MAX_PARAM_LENGTH' });
    handleFrameworkError(error, {}, reply);
    expect(reply.sent).toEqual({ payload: error });
  });
});
