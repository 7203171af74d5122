import {
  cashfree,
  fiserv,
  handleCheckExpectation,
  headersFromRaw,
  requireHost,
  sign,
  twilio,
  verify,
  type WebhookErrorBody,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { IncomingWebhook } from '../../src/request/incoming-webhook.js';
import { pathAndQuery } from '../../src/request/public-url.js';

// What verify reads from a request: its raw body, its headers (rawHeaders keep repeats),
// its URL (request targets, publicUrl), and the server-level checks of its head (Expect,
// Host). Twilio's and Ethoca's URL rebuilding is in their provider files.

const NOW = 1_700_000_000_000;
const cf = cashfree.webhook({ secret: 'secret' });

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

describe('bodies', () => {
  it('verifies a Buffer body, and a Uint8Array view into a larger buffer', async () => {
    const { headers, body } = sign(cf, { body: '{"a":1}', timestamp: NOW });
    const backing = Buffer.from(`xxxx${String(body)}yyyy`);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 4, backing.length - 8);
    for (const raw of [Buffer.from(String(body)), view]) {
      await expect(
        verify(cf, { method: 'POST', url: '/', headers, body: raw }, { now: () => NOW }),
      ).resolves.toMatchObject({ payload: { a: 1 } });
    }
  });

  it('treats an absent body (undefined or null) as empty', async () => {
    const scheme = fiserv({ apiKey: 'k', secret: 's' });
    const { headers } = sign(scheme, {}, { now: () => NOW });
    for (const body of [undefined, null]) {
      await expect(
        verify(
          scheme,
          { method: 'GET', url: '/', headers, body: body as never },
          { now: () => NOW },
        ),
      ).resolves.toMatchObject({ payload: undefined });
    }
  });
});

describe('headers', () => {
  it('lowercases names and keeps repeats as a list', () => {
    const headers = headersFromRaw([
      'Content-Type',
      'application/json',
      'X-Sig',
      'a',
      'x-sig',
      'b',
      'X-Sig',
      'c',
    ]);
    expect(headers).toEqual({ 'content-type': 'application/json', 'x-sig': ['a', 'b', 'c'] });
    expect(Object.getPrototypeOf(headers)).toBeNull();
  });

  it('ignores a dangling name at the end of raw headers', () => {
    expect(headersFromRaw(['A', '1', 'B'])).toEqual({ a: '1' });
  });

  it('reads a header given as a list of one, and an empty list as absent', () => {
    const request = new IncomingWebhook(
      { method: 'POST', url: '/', headers: { a: ['1'], b: [] }, body: '' },
      'p',
    );
    expect(request.header('a')).toBe('1');
    expect(request.header('b')).toBeUndefined();
  });
});

describe('publicUrl', () => {
  // Twilio signs the URL as configured, credentials included (twilio-node, -ruby and -php
  // test such URLs); Ethoca's publicUrl still refuses them (messages.test.ts).
  it('takes credentials in a Twilio publicUrl, as Twilio signs them', () => {
    for (const publicUrl of ['https://user@merchant.example', 'https://:pw@merchant.example']) {
      expect(() => twilio({ authToken: 't', publicUrl })).not.toThrow();
    }
  });
});

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
