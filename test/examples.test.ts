import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { github, sign, stripe } from '@hookguard/core';
import express from 'express';
import Fastify from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../examples/express/src/app.js';
import { DEMO_DEFAULTS, schemesFromEnv } from '../examples/express/src/schemes.js';
import { webhookRoutes } from '../examples/fastify/src/app.js';
import {
  type Delivery,
  errorCodeDeliveries,
  providerDeliveries,
} from '../scripts/demo/deliveries.mjs';
import { DEMO_ENV } from '../scripts/demo/demo-env.mjs';
import { send, startExample } from '../scripts/demo/example-process.mjs';
import { startListening } from './support/listening-child.js';

const schemes = schemesFromEnv(DEMO_ENV, () => {});
type Example = Awaited<ReturnType<typeof startExample>>;

const WEBHOOK_ROUTES = [
  '/webhooks/cashfree',
  '/webhooks/cashfree/subscription',
  '/webhooks/smile-id',
  '/webhooks/fiserv',
  '/webhooks/ethoca',
];

describe('the example apps', () => {
  // Each example is copied as one folder, so the route table and the replay store are the
  // same file in both (decision 22). This keeps the two copies from drifting apart.
  it.each(['src/schemes.js', 'src/replay-store.js'])('share %s byte for byte', (file) => {
    const read = (app: string) =>
      readFileSync(new URL(`../examples/${app}/${file}`, import.meta.url), 'utf8');
    expect(read('fastify')).toBe(read('express'));
  });
});

function truncatedPost(url: string, path: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.end(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{"type":"PAYMENT`,
      );
    });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

for (const name of ['express', 'fastify'] as const) {
  describe(`examples/${name}, started as a user starts it`, () => {
    let app: Example;
    beforeAll(async () => {
      app = await startExample(name, DEMO_ENV);
    });
    afterAll(async () => {
      await app.stop();
    });

    const check = async (delivery: Delivery) => {
      const { status, body } = await send(app.url, delivery.request);
      expect(status, `${delivery.provider} ${delivery.label}: ${JSON.stringify(body)}`).toBe(
        delivery.expect.status,
      );
      expect(body?.error?.code, `${delivery.provider} ${delivery.label}`).toBe(
        delivery.expect.code,
      );
      return body;
    };

    it('answers every provider case (valid, replay, tampered, stale) as the contract says', async () => {
      for (const delivery of providerDeliveries(schemes, Date.now())) {
        const body = await check(delivery);
        if (delivery.expect.status === 200 && delivery.request.method === 'POST') {
          expect(body.provider).toBe(delivery.provider);
          expect(body.payload).not.toBeNull();
        }
      }
    });

    it('answers each remaining error code with its status', async () => {
      for (const delivery of errorCodeDeliveries(schemes, Date.now())) await check(delivery);
    });

    it('hands the verified payload back exactly, and signs UiCheck like the core does', async () => {
      const body = {
        type: 'PAYMENT_SUCCESS_WEBHOOK',
        data: { order: { order_id: 'o-exact', order_amount: 1.5 } },
      };
      const signed = sign(schemes['cashfree.webhook'], { body });
      const accepted = await send(app.url, {
        method: 'POST',
        path: '/webhooks/cashfree',
        headers: { ...signed.headers },
        body: signed.body,
      });
      expect(accepted).toEqual({
        status: 200,
        body: { provider: 'cashfree.webhook', payload: body },
      });
      const uicheck = await send(app.url, {
        method: 'GET',
        path: '/uicheck/signature?customer=cus_12345678',
        headers: {},
      });
      expect(uicheck.body).toEqual({
        uicheck_id: DEMO_ENV.UICHECK_ID,
        stripe_customer_id: 'cus_12345678',
        signature: sign(schemes.uicheck, { customer: 'cus_12345678' }),
      });
    });

    it('survives a truncated body on every webhook route and keeps serving', async () => {
      for (const path of WEBHOOK_ROUTES) {
        const answer = await truncatedPost(app.url, path);
        if (answer !== '') expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
      }
      expect(await send(app.url, { method: 'GET', path: '/healthz', headers: {} })).toEqual({
        status: 200,
        body: { ok: true },
      });
    });
  });
}

describe('the example apps without configuration', () => {
  it.each(['express', 'fastify'] as const)(
    '%s names every variable that fell back to a demo value',
    async (name) => {
      const app = await startExample(name, {});
      await app.stop();
      for (const variable of Object.keys(DEMO_DEFAULTS))
        expect(app.output()).toContain(`${variable} is not set`);
    },
  );

  it('uses the variables it is given, without warnings', async () => {
    const app = await startExample('express', DEMO_ENV);
    await app.stop();
    expect(app.output()).not.toContain('is not set');
  });
});

describe('the example apps behind a body parser (the classic mistake)', () => {
  it('express: with express.json() mounted first, every JSON and form webhook route answers body_already_parsed with the fix', async () => {
    const outer = express();
    outer.use(express.json());
    outer.use(express.urlencoded({ extended: false }));
    outer.use(createApp({ schemes }));
    const deliveries = providerDeliveries(schemes, Date.now()).filter(
      (d) => d.label === 'valid' && d.request.method === 'POST',
    );
    // SNS posts text/plain, which neither parser reads: its body arrives whole, and verifies.
    const untouched = deliveries.filter((d) =>
      d.request.headers['content-type']?.startsWith('text/plain'),
    );
    expect(untouched.map((d) => d.provider)).toEqual(['aws-sns']);
    const postThrough = (delivery: Delivery) =>
      request(outer)
        .post(delivery.request.path)
        .set(delivery.request.headers)
        .send(delivery.request.body as string)
        .timeout(5000);
    for (const delivery of untouched) {
      const response = await postThrough(delivery);
      expect(response.status, delivery.provider).toBe(200);
    }
    for (const delivery of deliveries.filter((d) => !untouched.includes(d))) {
      const response = await postThrough(delivery);
      expect(response.status, delivery.provider).toBe(500);
      expect(response.body.error.code).toBe('body_already_parsed');
      expect(response.body.error.message).toContain('before any body parser');
    }
  });

  it('fastify: with a form parser registered before hookguard, the form route answers body_already_parsed', async () => {
    const { hookguardPlugin } = await import('@hookguard/fastify');
    const app = Fastify();
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    await app.register(hookguardPlugin);
    await app.register(webhookRoutes, { schemes });
    const signed = sign(schemes['cashfree.subscription'], { fields: { cf_event: 'X' } });
    const response = await app.inject({
      method: 'POST',
      url: '/webhooks/cashfree/subscription',
      headers: signed.headers,
      payload: signed.body as string,
    });
    expect([response.statusCode, response.json().error.code]).toEqual([500, 'body_already_parsed']);
  });
});

describe('rotation in the example apps', () => {
  it.each(['express', 'fastify'] as const)(
    '%s accepts the old secret listed second and logs that it is still in use',
    async (name) => {
      const app = await startExample(name, {
        ...DEMO_ENV,
        CASHFREE_CLIENT_SECRET: `new-cashfree-secret,${DEMO_ENV.CASHFREE_CLIENT_SECRET}`,
      });
      try {
        const signed = sign(schemes['cashfree.webhook'], {
          body: { type: 'PAYMENT_SUCCESS_WEBHOOK', rotation: true },
        });
        const response = await send(app.url, {
          method: 'POST',
          path: '/webhooks/cashfree',
          headers: { ...signed.headers },
          body: signed.body,
        });
        expect(response.status).toBe(200);
      } finally {
        await app.stop();
      }
      expect(app.output()).toContain('cashfree.webhook matched secret #1 (an older one)');
    },
  );
});

describe('the example apps and malformed HTTP', () => {
  it.each(['express', 'fastify'] as const)(
    '%s answers a control character in a header with a JSON 400',
    async (name) => {
      const app = await startExample(name, DEMO_ENV);
      try {
        const { port } = new URL(app.url);
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1', () =>
            socket.write(
              'POST /webhooks/cashfree HTTP/1.1\r\nHost: x\r\nX-Webhook-Signature: a\u0001b\r\n\r\n',
            ),
          );
          let text = '';
          socket.on('data', (chunk) => {
            text += chunk.toString();
          });
          socket.on('close', () => resolve(text));
          socket.on('error', reject);
        });
        expect(answer).toMatch(/^HTTP\/1\.1 400 /);
        expect(answer).toContain('"code":"malformed_request"');
      } finally {
        await app.stop();
      }
    },
  );
});

/**
 * Writes raw bytes to an example app and reads until the server closes the connection. With
 * `stall`, the socket stays open after the bytes, as a client that stopped sending.
 */
function rawExchange(
  url: string,
  raw: string,
  stall = false,
): Promise<{ status: number; body: { error?: { code?: string }; note?: string }; text: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      if (stall) socket.write(raw);
      else socket.end(raw);
    });
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3}) /.exec(text)?.[1] ?? 0);
      let body = {};
      try {
        body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
      } catch {}
      resolve({ status, body, text });
    });
  });
}

const HEADERS_TIMEOUT_MS = 300;

for (const name of ['express', 'fastify'] as const) {
  describe(`examples/${name} and hostile requests`, () => {
    let app: Example;
    beforeAll(async () => {
      // A short headers timeout and a request timeout far beyond the test's own timeout:
      // only the headers timeout can answer a stalled head before the test gives up.
      app = await startExample(name, {
        ...DEMO_ENV,
        HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        REQUEST_TIMEOUT_MS: '600000',
      });
    });
    afterAll(async () => {
      await app.stop();
    });

    it('answers a client that stalls in its headers with a JSON 408 request_timeout, from the headers timeout', async () => {
      const answer = await rawExchange(
        app.url,
        'POST /webhooks/cashfree HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n',
        true,
      );
      expect(answer.status, answer.text).toBe(408);
      expect(answer.body.error?.code).toBe('request_timeout');
    });

    it.each([
      ['Twilio', 'http://merchant.example:99999/webhooks/twilio'],
      ['Ethoca', 'https://merchant.example:99999/webhooks/ethoca'],
      ['Twilio, credentials and no host', 'http://user@:80/webhooks/twilio'],
    ])(
      'answers an absolute-form target the URL Standard refuses (%s) with a JSON 400 malformed_request',
      async (_name, target) => {
        const body = '{"a":1}';
        const answer = await rawExchange(
          app.url,
          `POST ${target} HTTP/1.1\r\nHost: merchant.example\r\nConnection: close\r\nContent-Type: application/json\r\nX-Eth-Date: 2023-11-14T22:13:20Z\r\nAuthorization: ETHOCA-SHA1 KeyRef=demo-key,Signature=AAAA\r\nX-Twilio-Signature: AAAA\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        );
        expect(answer.status, answer.text).toBe(400);
        expect(answer.body.error?.code).toBe('malformed_request');
      },
    );

    it('answers an HTTP/1.1 request without Host with a JSON 400 malformed_request', async () => {
      const answer = await rawExchange(
        app.url,
        'POST /webhooks/cashfree HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
      );
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body.error?.code).toBe('malformed_request');
    });

    it('answers an Expect other than 100-continue with a JSON 417 expectation_failed', async () => {
      const answer = await rawExchange(
        app.url,
        'POST /webhooks/cashfree HTTP/1.1\r\nHost: x\r\nExpect: x-unknown\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
      );
      expect(answer.status, answer.text).toBe(417);
      expect(answer.body.error?.code).toBe('expectation_failed');
    });

    it('accepts a signed body of 100,000 nested arrays with a 200 and a note, not a 500', async () => {
      const deep = `{"type":"DEEP","data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      const signed = sign(schemes['cashfree.webhook'], { body: deep });
      const answer = await send(app.url, {
        method: 'POST',
        path: '/webhooks/cashfree',
        headers: { ...signed.headers },
        body: signed.body,
      });
      expect(answer).toEqual({
        status: 200,
        body: {
          provider: 'cashfree.webhook',
          payload: null,
          note: 'the payload was verified and accepted, but is nested too deeply to echo back.',
        },
      });
    });
  });
}

describe('examples/express and the body parser of its other routes', () => {
  let app: Example;
  beforeAll(async () => {
    app = await startExample('express', DEMO_ENV);
  });
  afterAll(async () => {
    await app.stop();
  });

  it.each([
    ['invalid JSON', 'application/json', '{"a":', 400, 'malformed_request'],
    [
      'a JSON body over its 100 kB limit',
      'application/json',
      `"${'x'.repeat(200_000)}"`,
      413,
      'body_too_large',
    ],
    [
      'a charset it does not decode',
      'application/json; charset=latin1',
      '{}',
      415,
      'unsupported_media_type',
    ],
  ])(
    'answers %s with its 4xx in the JSON error shape, not a 500',
    async (_name, type, body, status, code) => {
      const answer = await send(app.url, {
        method: 'POST',
        path: '/not-a-webhook',
        headers: { 'content-type': type },
        body,
      });
      expect(answer.status).toBe(status);
      expect(answer.body.error.code).toBe(code);
      expect(typeof answer.body.error.message).toBe('string');
    },
  );
});

/**
 * Builds examples/nestjs (`node build.mjs`, what `pnpm start` runs first) and starts it
 * (`node dist/main.js`) on a platform; resolves once it prints its address.
 */
async function startNestExample(platform: 'express' | 'fastify', env: Record<string, string>) {
  const cwd = fileURLToPath(new URL('../examples/nestjs/', import.meta.url));
  await promisify(execFile)(process.execPath, ['build.mjs'], { cwd });
  const { url, end } = await startListening(['dist/main.js'], {
    cwd,
    env: { ...env, NEST_PLATFORM: platform, PORT: '0' },
    what: `examples/nestjs on ${platform}`,
  });
  return {
    url,
    stop: async () => {
      await end('SIGTERM');
    },
  };
}

for (const platform of ['express', 'fastify'] as const) {
  describe(`examples/nestjs on platform-${platform}, started as a user starts it`, () => {
    const STRIPE_SECRET = 'whsec_nest_example';
    const GITHUB_SECRET = 'github-nest-example';
    let app: Awaited<ReturnType<typeof startNestExample>>;
    beforeAll(async () => {
      app = await startNestExample(platform, {
        STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
        GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      });
    });
    afterAll(async () => {
      await app.stop();
    });

    it('accepts a signed Stripe event, and refuses a replay and a forged one', async () => {
      const event = { id: 'evt_nest', type: 'invoice.paid' };
      const signed = sign(stripe({ secret: STRIPE_SECRET }), { body: event });
      const deliver = (body: string) =>
        send(app.url, {
          method: 'POST',
          path: '/webhooks/stripe',
          headers: { ...signed.headers },
          body,
        });
      expect(await deliver(String(signed.body))).toEqual({
        status: 200,
        body: { provider: 'stripe', payload: event },
      });
      const replay = await deliver(String(signed.body));
      expect([replay.status, replay.body.error.code]).toEqual([401, 'replayed']);
      const forged = await deliver(JSON.stringify({ ...event, type: 'charge.refunded' }));
      expect([forged.status, forged.body.error.code]).toEqual([401, 'invalid_signature']);
    });

    it('verifies GitHub, and leaves its other routes to Nest’s body parser', async () => {
      const signed = sign(github({ secret: GITHUB_SECRET }), { body: { zen: 'hi' } });
      expect(
        await send(app.url, {
          method: 'POST',
          path: '/webhooks/github',
          headers: { ...signed.headers },
          body: signed.body,
        }),
      ).toEqual({ status: 200, body: { provider: 'github', payload: { zen: 'hi' } } });
      expect(
        await send(app.url, {
          method: 'POST',
          path: '/echo',
          headers: { 'content-type': 'application/json' },
          body: '{"a":1}',
        }),
      ).toEqual({ status: 200, body: { echo: { a: 1 } } });
    });
  });
}
