import { connect } from 'node:net';
import { cashfree, MemoryReplayStore, sign, type VerifiedWebhook } from '@hookguard/core';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ADAPTERS, type RouteSpec, type RunningApp } from '../support/adapters.js';

const SECRET = 'cfsk_ma_test_example_secret';
const NOW = 1_700_000_000_000;
const scheme = cashfree.webhook({ secret: SECRET });
const formScheme = cashfree.subscription({ secret: SECRET });

function signed(body: unknown = { type: 'PAYMENT_SUCCESS_WEBHOOK', n: 1 }) {
  return sign(scheme, { body, timestamp: NOW });
}

/** A raw HTTP exchange: write exactly these bytes, half-close, collect the answer. */
function rawExchange(app: RunningApp, bytes: string): Promise<string> {
  const { port } = app.server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      socket.end();
    });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

for (const adapter of ADAPTERS) {
  describe(`${adapter.name} adapter`, () => {
    let app: RunningApp | undefined;
    let calls: VerifiedWebhook[] = [];
    afterEach(async () => {
      await app?.close();
      app = undefined;
      calls = [];
    });
    const start = async (
      overrides: Partial<RouteSpec> = {},
      extras?: { jsonParserFirst?: boolean },
    ) => {
      app = await adapter.start(
        [
          {
            path: '/hook',
            scheme,
            now: () => NOW,
            handle: (webhook) => {
              calls.push(webhook);
              return {
                status: 200,
                body: { provider: webhook.provider, payload: webhook.payload },
              };
            },
            ...overrides,
          },
        ],
        extras,
      );
      return app;
    };
    const post = (target: RunningApp, message = signed()) =>
      request(target.server)
        .post('/hook')
        .set(message.headers)
        .send(message.body as string);

    it('accepts a signed request and hands the handler the verified payload', async () => {
      const response = await post(await start());
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        provider: 'cashfree.webhook',
        payload: { type: 'PAYMENT_SUCCESS_WEBHOOK', n: 1 },
      });
      expect(calls).toHaveLength(1);
      expect(calls[0]?.matchedKey).toBe(0);
    });

    it('answers every rejection with the code, its status and a message, and never calls the handler', async () => {
      const target = await start({ replayStore: new MemoryReplayStore(), limit: 2048 });
      const good = signed();
      const rejections: [string, number, () => request.Test][] = [
        [
          'missing_signature',
          401,
          () =>
            request(target.server)
              .post('/hook')
              .set({ ...good.headers, 'x-webhook-signature': '' })
              .send(good.body as string),
        ],
        [
          'invalid_signature',
          401,
          () => request(target.server).post('/hook').set(good.headers).send('{"type":"FORGED"}'),
        ],
        [
          'timestamp_out_of_tolerance',
          401,
          () => post(target, sign(scheme, { body: {}, timestamp: NOW - 301_000 })),
        ],
        [
          'malformed_request',
          400,
          () => post(target, sign(scheme, { body: 'signed, not JSON', timestamp: NOW })),
        ],
        [
          'body_too_large',
          413,
          () => post(target, sign(scheme, { body: { pad: 'x'.repeat(4096) }, timestamp: NOW })),
        ],
        [
          'unsupported_media_type',
          415,
          () =>
            request(target.server)
              .post('/hook')
              .set({ ...good.headers, 'content-type': 'text/plain' })
              .send(good.body as string),
        ],
      ];
      for (const [code, status, send] of rejections) {
        const response = await send();
        expect(response.status, code).toBe(status);
        expect(response.body.error.code, code).toBe(code);
        expect(response.body.error.message).toMatch(/^\[hookguard\] cashfree\.webhook: /);
        expect(JSON.stringify(response.body)).not.toContain(SECRET);
      }
      expect(calls).toHaveLength(0);
      // The replay store only remembers accepted deliveries: the first real one still passes.
      expect((await post(target, good)).status).toBe(200);
      const replay = await post(target, good);
      expect([replay.status, replay.body.error.code]).toEqual([401, 'replayed']);
      expect(calls).toHaveLength(1);
    });

    it('answers unknown_key for an Ethoca KeyRef it does not hold', async () => {
      const { ethoca } = await import('@hookguard/core');
      const eth = ethoca({ keys: { k1: 'secret' }, publicUrl: 'https://merchant.com' });
      const target = await start({ scheme: eth, now: () => 0 });
      const message = sign(
        ethoca({ keys: { k2: 'other' }, publicUrl: 'https://merchant.com' }),
        { url: '/hook', body: { a: 1 } },
        { now: () => 0 },
      );
      const response = await request(target.server)
        .post('/hook')
        .set(message.headers)
        .send(message.body as string);
      expect([response.status, response.body.error.code]).toEqual([401, 'unknown_key']);
    });

    // Not for an adapter handed the whole body by its platform (Lambda): an unfinished body
    // never reaches it (see AdapterHarness.receivesWholeBody).
    it.skipIf(adapter.receivesWholeBody)(
      'refuses a Content-Length over the limit with 413 before reading the body',
      async () => {
        const target = await start({ limit: 100 });
        const answer = await rawExchange(
          target,
          `POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"a":`,
        );
        expect(answer).toMatch(/^HTTP\/1\.1 413 /);
        expect(answer).toContain('"code":"body_too_large"');
        expect(calls).toHaveLength(0);
      },
    );

    it('aborts a chunked body at the limit with 413', async () => {
      const target = await start({ limit: 100 });
      const chunk = 'x'.repeat(80);
      const answer = await rawExchange(
        target,
        `POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n${chunk}\r\n50\r\n${chunk}\r\n0\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer).toContain('"code":"body_too_large"');
    });

    // Not for an adapter handed the whole body by its platform (Lambda): an unfinished body
    // never reaches it. A wrong media type with a whole body is in the rejections above.
    it.skipIf(adapter.receivesWholeBody)(
      'refuses a wrong media type before reading the body',
      async () => {
        const target = await start({ limit: 100 });
        const answer = await rawExchange(
          target,
          `POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 1000000\r\n\r\na,b`,
        );
        expect(answer).toMatch(/^HTTP\/1\.1 415 /);
        expect(answer).toContain('"code":"unsupported_media_type"');
      },
    );

    it('survives a truncated body without calling the handler, and keeps serving', async () => {
      const target = await start();
      const message = signed();
      const head = Object.entries(message.headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      const answer = await rawExchange(
        target,
        `POST /hook HTTP/1.1\r\nHost: x\r\n${head}Content-Length: 500\r\n\r\n${String(message.body).slice(0, 10)}`,
      );
      // The client hung up mid-body: either the server answered 400, or it could not answer at all.
      if (answer !== '') expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(calls).toHaveLength(0);
      expect((await post(target)).status).toBe(200);
    });

    it('answers malformed_request for a repeated Content-Type', async () => {
      const target = await start();
      const message = signed();
      const head = Object.entries(message.headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      const body = String(message.body);
      const answer = await rawExchange(
        target,
        `POST /hook HTTP/1.1\r\nHost: x\r\n${head}Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      // The Fetch API merges the repeat (see AdapterHarness): still refused, with another 4xx.
      expect(answer).toMatch(
        adapter.mergesRepeatedHeaders ? /^HTTP\/1\.1 4\d\d / : /^HTTP\/1\.1 400 /,
      );
      expect(answer).toMatch(
        adapter.mergesRepeatedHeaders ? /"code":"[a-z_]+"/ : /"code":"malformed_request"/,
      );
      expect(calls).toHaveLength(0);
    });

    it('verifies form schemes and hands over only the signed fields', async () => {
      const target = await start({ scheme: formScheme });
      const message = sign(formScheme, {
        fields: { cf_event: 'X', cf_status: 'ACTIVE', note: 'unsigned' },
      });
      const response = await request(target.server)
        .post('/hook')
        .set(message.headers)
        .send(message.body as string);
      expect(response.status).toBe(200);
      expect(response.body.payload).toEqual({ cf_event: 'X', cf_status: 'ACTIVE' });
    });

    it('accepts an application/*+json body for a JSON scheme', async () => {
      const target = await start();
      const message = signed();
      const response = await request(target.server)
        .post('/hook')
        .set({ ...message.headers, 'content-type': 'application/vnd.cashfree+json' })
        .send(message.body as string);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    });
  });
}
