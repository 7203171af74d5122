import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type AwsSnsSignInput,
  awsSns,
  cashfree,
  ERROR_STATUS,
  ethoca,
  explain,
  explainAsync,
  formatExplanation,
  fromClientError,
  fromExpectation,
  hmac,
  MemoryReplayStore,
  plaid,
  queryChallenge,
  type ReplayStore,
  sign,
  verify,
  type WebhookRequest,
  type WebhookScheme,
} from '@hookguard/core';
import { webhookRoute } from '@hookguard/core/adapter';
import { webhook } from '@hookguard/express';
import { hookguardPlugin } from '@hookguard/fastify';
import express from 'express';
import Fastify from 'fastify';
import { SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchKeyDocument, keyFetchPolicy } from '../packages/core/src/keys/key-fetch.js';
import { startKeyServer } from '../packages/core/test/support/key-server.js';

// With one known secret, every error code and every explain path: neither the secret nor a
// signature hookguard expected (but was not sent) may appear in a response, an error
// message or its cause, an explanation, or a log line.

const SECRET = 'hygiene-secret-7c1e4f0b9a';
const NOW = 1_700_000_000_000;
const scheme = cashfree.webhook({ secret: SECRET });
const ethocaScheme = ethoca({ keys: { k1: SECRET }, publicUrl: 'https://merchant.example' });
const failingStore: ReplayStore = {
  claim: () => Promise.reject(new Error(`store refused, auth ${SECRET}`)),
  commit: () => Promise.reject(new Error(SECRET)),
  release: () => Promise.reject(new Error(SECRET)),
};

const signed = (body: unknown, timestamp = NOW): WebhookRequest => ({
  method: 'POST',
  url: '/hook',
  ...sign(scheme, { body, timestamp }),
});
const valid = signed({ type: 'PAYMENT_SUCCESS_WEBHOOK', n: 1 });
const withHeaders = (base: WebhookRequest, headers: Record<string, string>): WebhookRequest => ({
  ...base,
  headers: { ...base.headers, ...headers } as Record<string, string>,
});

/** Requests that produce each code on a route, with the scheme that judges them. */
const PRODUCERS: { code: string; path: string; scheme: WebhookScheme; request: WebhookRequest }[] =
  [
    {
      code: 'missing_signature',
      path: '/hook',
      scheme,
      request: withHeaders(valid, { 'x-webhook-signature': '' }),
    },
    {
      code: 'invalid_signature',
      path: '/hook',
      scheme,
      request: { ...valid, body: '{"type":"FORGED"}' },
    },
    {
      code: 'timestamp_out_of_tolerance',
      path: '/hook',
      scheme,
      request: signed({ n: 2 }, NOW - 3_600_000),
    },
    { code: 'malformed_request', path: '/hook', scheme, request: signed('signed, not JSON') },
    {
      code: 'body_too_large',
      path: '/hook',
      scheme,
      request: signed({ pad: 'x'.repeat(1024 * 1024) }),
    },
    {
      code: 'unsupported_media_type',
      path: '/hook',
      scheme,
      request: withHeaders(valid, { 'content-type': 'text/plain' }),
    },
    {
      code: 'unknown_key',
      path: '/ethoca',
      scheme: ethocaScheme,
      request: {
        method: 'POST',
        url: '/ethoca',
        ...sign(
          ethoca({ keys: { k9: 'other' }, publicUrl: 'https://merchant.example' }),
          { url: '/ethoca', body: { a: 1 } },
          { now: () => NOW },
        ),
      },
    },
    {
      code: 'replay_store_unavailable',
      path: '/down',
      scheme,
      request: { ...signed({ n: 3 }), url: '/down' },
    },
  ];

/**
 * The signatures hookguard would have expected for this request, in every form, that the
 * request did not itself carry: the values that would be a forgery if they leaked.
 */
function expectedFor(judge: WebhookScheme, request: WebhookRequest): string[] {
  const full = explain(judge, request, { now: () => NOW, revealExpected: true });
  const received = new Set(
    full.received.flatMap((item) => [item.received, ...item.decoded.map((d) => d.hex)]),
  );
  const found = new Set<string>();
  // A key that matched expected exactly what was sent: nothing new to leak.
  for (const key of full.keys.filter((k) => !k.matches)) {
    for (const form of key.forms)
      for (const step of form.steps) if (!received.has(step.value)) found.add(step.value);
  }
  return [...found];
}
const everyExpected = PRODUCERS.flatMap((p) => expectedFor(p.scheme, p.request));
if (everyExpected.length < 4)
  throw new Error('the hygiene test found no expected signature to look for');

/** Fails if `text` holds the secret or any of `expected`. */
function expectClean(
  where: string,
  text: string,
  expected: readonly string[] = everyExpected,
): void {
  for (const value of [SECRET, ...expected])
    expect(text.includes(value), `${where} contains ${value.slice(0, 8)}…`).toBe(false);
}

const logs: string[] = [];
beforeAll(() => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logs.push(
        args
          .map((arg) =>
            arg instanceof Error ? `${arg.message} ${String(arg.cause)}` : String(arg),
          )
          .join(' '),
      );
    });
  }
});
afterAll(() => {
  vi.restoreAllMocks();
});

/** A scheme whose unsigned handshake compares a verify token: the secret, this time. */
const verifyTokenScheme = hmac({
  name: 'acme',
  secret: 'another-secret',
  signature: { header: 'x-acme-signature' },
  handshakes: [
    queryChallenge({
      name: 'acme.subscribe',
      arrives: 'GET ?hub.verify_token=…&hub.challenge=…',
      challenge: 'hub.challenge',
      token: { param: 'hub.verify_token', expected: SECRET },
    }),
  ],
});
const verifyTokenRoute = webhookRoute(verifyTokenScheme, {}, ['respond'], 'test');
// One character off the secret: a message that echoed either would leak it.
const wrongVerifyToken: WebhookRequest = {
  method: 'GET',
  url: `/meta?hub.verify_token=${SECRET.slice(0, -1)}x&hub.challenge=12345`,
  headers: {},
  body: '',
};

/**
 * The key fetcher's two refusals: a key endpoint that takes credentials in its POST body
 * (Plaid's) answering an error that echoes them, and a key URL outside the allow-list (the
 * URL is the request's, shown in part; the credentials must not be).
 */
async function keyFetchErrors(): Promise<unknown[]> {
  const server = await startKeyServer((_request, response) => {
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ echo: SECRET }));
  });
  const policy = keyFetchPolicy({
    provider: 'plaid',
    allowedHosts: ['production.plaid.com'],
    fetch: server.fetch,
  });
  try {
    return await Promise.all([
      fetchKeyDocument('https://production.plaid.com/webhook_verification_key/get', policy, {
        method: 'POST',
        json: { client_id: 'id', secret: SECRET, key_id: 'k' },
      }).catch((error: unknown) => error),
      fetchKeyDocument('https://evil.example/certs/1', policy).catch((error: unknown) => error),
    ]);
  } finally {
    await server.close();
  }
}

/**
 * AWS SNS's two refusals of a verified message: a confirmation whose GET failed (its token,
 * the secret here, is in the URL fetched, and the failing server echoes it) and a message
 * from another topic.
 */
async function snsErrors(): Promise<unknown[]> {
  const certificate = JSON.parse(
    readFileSync(
      new URL('../packages/core/test/fixtures/aws-sns-test-certificate.json', import.meta.url),
      'utf8',
    ),
  ) as { certificatePem: string; privateKeyPkcs8Base64: string };
  const server = await startKeyServer((received, response) => {
    const confirming = received.url.startsWith('/?');
    response.writeHead(confirming ? 500 : 200);
    response.end(confirming ? `<Error>${SECRET}</Error>` : certificate.certificatePem);
  });
  const snsScheme = awsSns({
    topicArn: 'arn:aws:sns:us-east-1:123456789012:orders',
    fetch: server.fetch,
    confirmSubscription: true,
    privateKey: certificate.privateKeyPkcs8Base64,
    signingCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem',
  });
  // Inside the test certificate's validity (from December 2026).
  const now = () => Date.parse('2027-01-15T10:00:00.000Z');
  const route = webhookRoute(snsScheme, { now }, ['respond'], 'test');
  const send = (input: AwsSnsSignInput) => {
    const message = sign(snsScheme, input, { now });
    return route
      .handle({ method: 'POST', url: '/sns', headers: message.headers, body: message.body })
      .catch((error: unknown) => error);
  };
  try {
    return await Promise.all([
      send({ type: 'SubscriptionConfirmation', token: SECRET, message: 'm' }),
      send({ topicArn: 'arn:aws:sns:us-east-1:999999999999:orders', message: SECRET }),
    ]);
  } finally {
    await server.close();
  }
}

describe('secret hygiene', () => {
  it('covers every error code the adapters produce for a request', () => {
    const covered = new Set([
      ...PRODUCERS.map((p) => p.code),
      'replayed',
      'delivery_in_progress',
      'body_already_parsed',
      'request_timeout',
      'headers_too_large',
      'expectation_failed',
      // Raised by the key fetcher (PayPal's certificates; test/adapters/fetched-keys.test.ts
      // runs them through the adapters): produced straight from it in the next test, where a
      // key endpoint that takes credentials can echo them.
      'key_unavailable',
      'untrusted_key_url',
      // Raised by an unsigned handshake whose verify token is the secret: produced from the
      // adapter kit's route in the next test, and explained below.
      'handshake_refused',
      // Raised by AWS SNS routes once a message verified (a confirmation whose GET failed, a
      // topic not the route's): produced in the next test, the confirmation token being the
      // secret there.
      'handshake_failed',
      'unexpected_sender',
    ]);
    expect([...covered].sort()).toEqual(Object.keys(ERROR_STATUS).sort());
  });

  it('keeps secrets out of every error, its cause, and every log line, straight from verify', async () => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(scheme, valid, { now: () => NOW, replayStore });
    const errors: unknown[] = [];
    // Held while handled (delivery_in_progress), then remembered once committed (replayed).
    errors.push(
      await verify(scheme, valid, { now: () => NOW, replayStore }).catch((error: unknown) => error),
    );
    await first.replayClaim?.commit();
    for (const producer of PRODUCERS) {
      const replay = producer.path === '/down' ? failingStore : replayStore;
      errors.push(
        await verify(producer.scheme, producer.request, {
          now: () => NOW,
          replayStore: replay,
        }).catch((error: unknown) => error),
      );
    }
    errors.push(
      await verify(scheme, valid, { now: () => NOW, replayStore }).catch((error: unknown) => error),
    );
    errors.push(
      await verify(scheme, { ...valid, body: { parsed: true } as never }, { now: () => NOW }).catch(
        (error: unknown) => error,
      ),
    );
    errors.push(
      fromClientError(Object.assign(new Error('t'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' })),
    );
    errors.push(fromClientError(Object.assign(new Error('h'), { code: 'HPE_HEADER_OVERFLOW' })));
    errors.push(fromExpectation(`x-${SECRET}`.slice(0, 2)));
    errors.push(...(await keyFetchErrors()));
    errors.push(...(await snsErrors()));
    errors.push(await verifyTokenRoute.handle(wrongVerifyToken).catch((error: unknown) => error));
    await verify(scheme, signed({ n: 9 }), {
      now: () => NOW,
      replayStore: failingStore,
      failOpen: true,
    });
    expect(new Set(errors.map((error) => (error as { code: string }).code)).size).toBe(
      Object.keys(ERROR_STATUS).length,
    );
    for (const error of errors) {
      const { message, cause } = error as Error;
      const code = (error as { code: string }).code;
      expectClean(`message of ${code}`, message);
      // The store's own error is kept as the cause for debugging; hookguard never puts a secret in one.
      if (code !== 'replay_store_unavailable') expectClean(`cause of ${code}`, String(cause ?? ''));
    }
    expectClean('logs', logs.join('\n'));
  });

  it('keeps them out of every explain path', () => {
    const paths = [
      { judge: verifyTokenScheme, request: wrongVerifyToken },
      ...PRODUCERS.map((p) => ({ judge: p.scheme, request: p.request })),
      { judge: scheme, request: valid },
      { judge: scheme, request: { ...valid, body: { parsed: 1 } as never } },
    ];
    const verdicts = new Set<string>();
    for (const { judge, request: r } of paths) {
      const explanation = explain(judge, r, { now: () => NOW });
      const verdict = explanation.verdict.ok ? 'accepted' : explanation.verdict.code;
      verdicts.add(verdict);
      expectClean(
        `explain ${verdict}`,
        JSON.stringify(explanation) + formatExplanation(explanation),
        expectedFor(judge, r),
      );
    }
    expect(verdicts.size).toBeGreaterThanOrEqual(8);
  });

  for (const adapter of ['express', 'fastify'] as const) {
    it(`keeps them out of every ${adapter} response and log line`, async () => {
      const replayStore = new MemoryReplayStore();
      const options = {
        now: () => NOW,
        replayStore,
        warn: (message: string) => logs.push(message),
      };
      let target: Parameters<typeof request>[0];
      if (adapter === 'express') {
        const app = express();
        app.post('/hook', webhook(scheme, options), (_req, res) => {
          res.json({ ok: true });
        });
        app.post('/ethoca', webhook(ethocaScheme, options), (_req, res) => {
          res.json({ ok: true });
        });
        app.post(
          '/down',
          webhook(scheme, { ...options, replayStore: failingStore }),
          (_req, res) => {
            res.json({ ok: true });
          },
        );
        app.use(express.json());
        app.post('/parsed', webhook(scheme, options), (_req, res) => {
          res.json({ ok: true });
        });
        target = app;
      } else {
        const lines: string[] = [];
        const app = Fastify({
          logger: { level: 'trace', stream: { write: (line: string) => lines.push(line) } },
        });
        await app.register(hookguardPlugin, options);
        app.post('/hook', { config: { webhook: scheme } }, async () => ({ ok: true }));
        app.post('/ethoca', { config: { webhook: ethocaScheme } }, async () => ({ ok: true }));
        app.post(
          '/down',
          { config: { webhook: { scheme, replayStore: failingStore } } },
          async () => ({ ok: true }),
        );
        app.post('/hook-throw', { config: { webhook: { scheme, errors: 'throw' } } }, async () => ({
          ok: true,
        }));
        await app.ready();
        target = app.server;
        afterAll(async () => {
          expectClean('fastify logs', lines.join('\n'));
          await app.close();
        });
      }
      const send = (path: string, r: WebhookRequest) =>
        request(target)
          .post(path)
          .set(r.headers as Record<string, string>)
          .send(r.body as string);
      for (const producer of PRODUCERS) {
        const response = await send(producer.path, producer.request);
        expect(response.body.error?.code, producer.code).toBe(producer.code);
        expectClean(
          `${adapter} ${producer.code}`,
          response.text,
          expectedFor(producer.scheme, producer.request),
        );
      }
      await send('/hook', valid);
      const others = [(await send('/hook', valid)).text];
      if (adapter === 'express') others.push((await send('/parsed', valid)).text);
      else others.push((await send('/hook-throw', { ...valid, body: '{"forged":1}' })).text);
      expectClean(`${adapter} other responses`, others.join('\n'));
      expectClean(`${adapter} logs`, logs.join('\n'));
    });
  }
});

/**
 * Plaid's secret goes in the body of every key request: it must stay out of whatever a
 * plaid refusal says (even when Plaid's key server echoes it back), out of every
 * explanation, and out of the logs.
 */
describe('secret hygiene: plaid', () => {
  it('keeps the Plaid secret out of every plaid error, its cause, every explanation and log line', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kid = 'hygiene-kid';
    const server = await startKeyServer((received, response) => {
      const asked = JSON.parse(received.body) as { key_id: string; secret: string };
      response.writeHead(asked.key_id === kid ? 200 : 400, { 'content-type': 'application/json' });
      const key = { ...publicKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig', kid };
      response.end(
        JSON.stringify(
          asked.key_id === kid
            ? { key: { ...key, expired_at: null } }
            : { error_message: `invalid key_id for secret ${asked.secret}` },
        ),
      );
    });
    const plaidScheme = plaid({
      clientId: 'hygiene-client',
      secret: SECRET,
      environment: 'sandbox',
      fetch: server.fetch,
    });
    const body = '{\n  "webhook_type": "ITEM"\n}';
    const jwt = (iat: number, keyId = kid, alg = 'ES256') =>
      new SignJWT({ request_body_sha256: createHash('sha256').update(body).digest('hex') })
        .setProtectedHeader({ alg, kid: keyId, typ: 'JWT' })
        .setIssuedAt(iat)
        .sign(alg === 'ES256' ? privateKey : new TextEncoder().encode(SECRET));
    const delivery = (token: string | undefined, sent = body): WebhookRequest => ({
      method: 'POST',
      url: '/plaid',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { 'plaid-verification': token }),
      },
      body: sent,
    });
    const fresh = NOW / 1000;
    const deliveries = [
      delivery(await jwt(fresh)),
      delivery(await jwt(fresh), body.replace('ITEM', 'AUTH')),
      delivery(await jwt(fresh - 3600)),
      delivery(undefined),
      delivery(await jwt(fresh, 'unknown-kid')),
      delivery(await jwt(fresh, kid, 'HS256')),
    ];
    const outcomes = new Set<string>();
    try {
      for (const sent of deliveries) {
        const error = await verify(plaidScheme, sent, { now: () => NOW }).catch(
          (reason: unknown) => reason,
        );
        const code = (error as { code?: string }).code ?? 'accepted';
        outcomes.add(code);
        const { message, cause } = error as Error;
        expectClean(`plaid ${code}`, `${message} ${String(cause ?? '')}`, []);
        const explained = await explainAsync(plaidScheme, sent, { now: () => NOW }).then(
          (explanation) => JSON.stringify(explanation) + formatExplanation(explanation),
          (reason: Error) => `${reason.message} ${String(reason.cause ?? '')}`,
        );
        expectClean(`plaid explain ${code}`, explained, []);
      }
    } finally {
      await server.close();
    }
    expect([...outcomes].sort()).toEqual([
      'accepted',
      'invalid_signature',
      'key_unavailable',
      'missing_signature',
      'timestamp_out_of_tolerance',
    ]);
    expectClean('logs', logs.join('\n'), []);
  });
});
