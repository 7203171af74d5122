import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkRequestHead,
  headersFromRaw,
  headersOfNodeRequest,
} from '../../src/request/headers.js';

// headersOfNodeRequest reuses Node's own `req.headers` when no header name repeats. The
// oracle is Node's HTTP parser itself: requests go over a real socket, and whatever headers
// they carry, the reused object must read exactly as the headers built from `rawHeaders`.

let server: Server;
let port: number;
const waiting: ((request: IncomingMessage) => void)[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    waiting.shift()?.(request);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends a bodiless POST with these header lines; resolves with Node's parsed request. */
function received(lines: readonly (readonly [string, string])[]): Promise<IncomingMessage> {
  const arrived = new Promise<IncomingMessage>((resolve) => waiting.push(resolve));
  const socket = connect(port, '127.0.0.1');
  socket.on('data', () => socket.end());
  socket.write(
    `POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${lines
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}Content-Length: 0\r\n\r\n`,
  );
  return arrived;
}

/** Headers as the core reads them (`IncomingWebhook.header`): a one-item list is its item. */
function asRead(headers: object): Record<string, string | readonly string[]> {
  const read: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(headers))
    read[name] = Array.isArray(value) && value.length === 1 ? value[0] : value;
  return read;
}

/** A header name in any letter case: names Node drops, joins or lists on a repeat, and others. */
const headerName = fc
  .constantFrom(
    'content-type',
    'authorization',
    'user-agent',
    'set-cookie',
    'cookie',
    'x-webhook-signature',
    'x-webhook-timestamp',
    'x-a',
  )
  .chain((name) =>
    fc
      .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
      .map((upper) => [...name].map((char, i) => (upper[i] ? char.toUpperCase() : char)).join('')),
  );
const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);

describe('headersOfNodeRequest', () => {
  test.prop([fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 })], { numRuns: 150 })(
    'reads as the headers built from rawHeaders, and is Node’s own object only when no name repeats',
    async (lines) => {
      const request = await received(lines);
      const headers = headersOfNodeRequest(request);
      expect(asRead(headers)).toEqual(asRead(headersFromRaw(request.rawHeaders)));
      const names = request.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
      expect(headers === request.headers).toBe(new Set(names).size === names.length);
    },
  );

  it('keeps a repeated Content-Type that Node’s object drops, so the head check refuses it', async () => {
    const request = await received([
      ['Content-Type', 'application/json'],
      ['content-type', 'text/plain'],
    ]);
    expect(request.headers['content-type']).toBe('application/json');
    const headers = headersOfNodeRequest(request);
    expect(headers['content-type']).toEqual(['application/json', 'text/plain']);
    expect(() => checkRequestHead('json', headers, 'p')).toThrow(
      expect.objectContaining({ code: 'malformed_request' }),
    );
  });

  it('builds its own headers when Object.prototype carries an enumerable key', async () => {
    const request = await received([['X-A', '1']]);
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.polluted = 'yes';
    try {
      const headers = headersOfNodeRequest(request);
      expect(headers).not.toBe(request.headers);
      expect(Object.getPrototypeOf(headers)).toBeNull();
      expect(headers['x-a']).toBe('1');
    } finally {
      delete prototype.polluted;
    }
  });
});
