import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  awsSns,
  cashfree,
  ERROR_STATUS,
  fromClientError,
  fromExpectation,
  handleClientError,
  handleFrameworkError,
  hmac,
  isWebhookVerificationError,
  MemoryReplayStore,
  queryChallenge,
  sign,
  toErrorResponse,
  verify,
  type WebhookErrorCode,
  WebhookVerificationError,
} from '@hookguard/core';
import { fromBodyReadError, webhookRoute } from '@hookguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { fetchKeyDocument, keyFetchPolicy } from '../../src/keys/key-fetch.js';
import {
  cashfreeScheme,
  ETHOCA_KEY,
  ETHOCA_NOW,
  ethocaScheme,
  NOW,
  SECRET,
  signedCashfree,
  signedEthoca,
} from '../fixtures.js';
import { startKeyServer } from '../support/key-server.js';

// The one error class: every code with its status (one table, ERROR_STATUS, and
// docs/errors.md), messages free of secrets, the response the adapters send, and the helpers
// that turn Node's and the frameworks' errors into codes. The messages' wording is pinned in
// messages.test.ts.

async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof WebhookVerificationError))
    throw new Error(`expected a WebhookVerificationError, got ${String(error)}`);
  return error;
}

const PAYPAL_HOSTS = ['api.paypal.com', 'api.sandbox.paypal.com'];

const expectedSignature = signedCashfree().headers['x-webhook-signature'] as string;

const SNS_CERTIFICATE = JSON.parse(
  readFileSync(new URL('../fixtures/aws-sns-test-certificate.json', import.meta.url), 'utf8'),
) as { certificatePem: string; privateKeyPkcs8Base64: string };
const SNS_TOPIC = 'arn:aws:sns:us-east-1:123456789012:orders';
// Inside the test certificate's validity (from December 2026).
const SNS_NOW = () => Date.parse('2027-01-15T10:00:00.000Z');

/**
 * An AWS SNS route over a real local server that serves the test certificate and answers a
 * subscription's confirmation with `confirmStatus`, handling a message from `topicArn`.
 */
async function snsOutcome(
  type: 'Notification' | 'SubscriptionConfirmation',
  topicArn: string,
  confirmStatus: number,
) {
  const server = await startKeyServer((request, response) => {
    const confirming = request.url.startsWith('/?');
    response.writeHead(confirming ? confirmStatus : 200);
    response.end(confirming ? '<ConfirmSubscriptionResponse/>' : SNS_CERTIFICATE.certificatePem);
  });
  const scheme = awsSns({
    topicArn: SNS_TOPIC,
    fetch: server.fetch,
    confirmSubscription: true,
    privateKey: SNS_CERTIFICATE.privateKeyPkcs8Base64,
    signingCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem',
  });
  const message = sign(scheme, { type, topicArn, message: 'm' }, { now: SNS_NOW });
  try {
    return await webhookRoute(scheme, { now: SNS_NOW }, ['respond'], 'test').handle({
      method: 'POST',
      url: '/sns',
      headers: message.headers,
      body: message.body,
    });
  } finally {
    await server.close();
  }
}

/** Every way to produce each code through the core alone. */
const producers: Record<WebhookErrorCode, () => Promise<unknown>> = {
  missing_signature: () =>
    verify(
      cashfreeScheme,
      {
        ...signedCashfree(),
        headers: { 'content-type': 'application/json', 'x-webhook-timestamp': '1617695238078' },
      },
      { now: NOW },
    ),
  invalid_signature: () =>
    verify(cashfreeScheme, signedCashfree({ body: '{"type":"FORGED"}' }), { now: NOW }),
  timestamp_out_of_tolerance: () =>
    verify(cashfreeScheme, signedCashfree(), { now: () => NOW() + 3_600_000 }),
  replayed: async () => {
    const replayStore = new MemoryReplayStore();
    const first = await verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore });
    await first.replayClaim?.commit();
    return verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore });
  },
  delivery_in_progress: async () => {
    const replayStore = new MemoryReplayStore();
    await verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore });
    return verify(cashfreeScheme, signedCashfree(), { now: NOW, replayStore });
  },
  unknown_key: () => {
    const request = signedEthoca();
    const authorization = String(request.headers.authorization).replace('KeyRef=k1', 'KeyRef=k2');
    return verify(
      ethocaScheme,
      { ...request, headers: { ...request.headers, authorization } },
      { now: ETHOCA_NOW },
    );
  },
  malformed_request: () =>
    verify(cashfreeScheme, signedCashfree({}, 'not json, but signed'), { now: NOW }),
  body_too_large: () => verify(cashfreeScheme, signedCashfree(), { now: NOW, bodyLimit: 10 }),
  unsupported_media_type: () =>
    verify(
      cashfreeScheme,
      {
        ...signedCashfree(),
        headers: { ...signedCashfree().headers, 'content-type': 'text/plain' },
      },
      { now: NOW },
    ),
  body_already_parsed: () =>
    verify(
      cashfreeScheme,
      { ...signedCashfree(), body: { type: 'PAYMENT_SUCCESS_WEBHOOK' } as never },
      { now: NOW },
    ),
  request_timeout: async () =>
    Promise.reject(
      fromClientError(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' })),
    ),
  headers_too_large: async () =>
    Promise.reject(
      fromClientError(Object.assign(new Error('overflow'), { code: 'HPE_HEADER_OVERFLOW' })),
    ),
  expectation_failed: async () => Promise.reject(fromExpectation('x-unknown')),
  // A real key server that answers 503, reached through the policy's `fetch`.
  key_unavailable: async () => {
    const server = await startKeyServer((_request, response) => {
      response.writeHead(503);
      response.end();
    });
    const policy = keyFetchPolicy({
      provider: 'paypal',
      allowedHosts: PAYPAL_HOSTS,
      fetch: server.fetch,
    });
    try {
      return await fetchKeyDocument('https://api.paypal.com/v1/certs/CERT-1', policy);
    } finally {
      await server.close();
    }
  },
  untrusted_key_url: () =>
    fetchKeyDocument(
      'https://api.paypal.com.evil.example/v1/certs/CERT-1',
      keyFetchPolicy({ provider: 'paypal', allowedHosts: PAYPAL_HOSTS }),
    ),
  handshake_refused: () =>
    webhookRoute(
      hmac({
        name: 'acme',
        secret: SECRET,
        signature: { header: 'x-acme-signature' },
        handshakes: [
          queryChallenge({
            name: 'acme.subscribe',
            arrives: 'GET ?challenge=…&token=…',
            challenge: 'challenge',
            token: { param: 'token', expected: 'the-verify-token' },
          }),
        ],
      }),
      {},
      ['respond'],
      'test',
    ).handle({ method: 'GET', url: '/h?challenge=1&token=wrong', headers: {}, body: '' }),
  // A real local SNS that fails the confirmation's GET.
  handshake_failed: () => snsOutcome('SubscriptionConfirmation', SNS_TOPIC, 500),
  // A message AWS signed for someone else's topic.
  unexpected_sender: () =>
    snsOutcome('Notification', 'arn:aws:sns:us-east-1:999999999999:orders', 200),
  replay_store_unavailable: () =>
    verify(cashfreeScheme, signedCashfree(), {
      now: NOW,
      warn: () => {},
      replayStore: {
        claim: () => Promise.reject(new Error('ECONNREFUSED redis://:hunter2@cache:6379')),
        commit: async () => true,
        release: async () => true,
      },
    }),
};

describe('every error code', () => {
  for (const [code, produce] of Object.entries(producers) as [
    WebhookErrorCode,
    () => Promise<unknown>,
  ][]) {
    it(`produces ${code} with status ${ERROR_STATUS[code]} and a message free of secrets`, async () => {
      const error = await rejection(produce());
      expect(error.code).toBe(code);
      expect(error.status).toBe(ERROR_STATUS[code]);
      // Server-level codes come from Node's HTTP parser, before any scheme is involved.
      if (
        code !== 'request_timeout' &&
        code !== 'headers_too_large' &&
        code !== 'expectation_failed'
      )
        expect(error.provider).toMatch(/^(cashfree\.webhook|ethoca|paypal|acme|aws-sns)$/);
      expect(error.message).toMatch(/^\[hookguard\] /);
      for (const secret of [SECRET, ETHOCA_KEY, expectedSignature])
        expect(error.message).not.toContain(secret);
      expect(isWebhookVerificationError(error)).toBe(true);
    });
  }

  it('covers the whole stable list', () => {
    expect(Object.keys(producers).sort()).toEqual(Object.keys(ERROR_STATUS).sort());
  });

  it('says how to fix the middleware order when the body was already parsed', async () => {
    const error = await rejection(producers.body_already_parsed());
    expect(error.message).toMatch(/body parser.*ran before the verifier/);
  });

  it('hints at a secret with stray whitespace on a mismatch, without showing it', async () => {
    const padded = (await import('@hookguard/core')).cashfree.webhook({ secret: ` ${SECRET}\n` });
    const error = await rejection(
      verify(padded, signedCashfree({ body: '{"x":1}' }), { now: NOW }),
    );
    expect(error.message).toMatch(/secret 0 has leading or trailing whitespace/);
    expect(error.message).not.toContain(SECRET);
  });
});

describe('WebhookVerificationError', () => {
  it('maps to the JSON error body the adapters send', () => {
    const error = new WebhookVerificationError('replayed', 'seen before', { provider: 'smile-id' });
    expect(toErrorResponse(error)).toEqual({
      status: 401,
      headers: {},
      body: { error: { code: 'replayed', message: '[hookguard] smile-id: seen before' } },
    });
  });

  it('carries Retry-After, in whole seconds of at least one, where a retry can succeed later', () => {
    const busy = (retryAfterSeconds: number) =>
      toErrorResponse(
        new WebhookVerificationError('delivery_in_progress', 'busy', { retryAfterSeconds }),
      );
    expect(busy(30)).toMatchObject({ status: 409, headers: { 'retry-after': '30' } });
    expect(busy(0.2).headers).toEqual({ 'retry-after': '1' });
    expect(busy(2.5).headers).toEqual({ 'retry-after': '3' });
  });

  it('is recognised across duplicate copies of the package by name and code', () => {
    const foreign = Object.assign(new Error('x'), {
      name: 'WebhookVerificationError',
      code: 'invalid_signature',
    });
    expect(isWebhookVerificationError(foreign)).toBe(true);
    expect(
      isWebhookVerificationError(
        Object.assign(new Error('x'), { name: 'WebhookVerificationError', code: 'nope' }),
      ),
    ).toBe(false);
    expect(isWebhookVerificationError(new TypeError('x'))).toBe(false);
    expect(isWebhookVerificationError('invalid_signature')).toBe(false);
  });

  it('recognises only real errors as WebhookVerificationError', () => {
    const lookalike = { name: 'WebhookVerificationError', code: 'invalid_signature', message: '' };
    expect(isWebhookVerificationError(lookalike)).toBe(false);
  });

  it('keeps the cause', () => {
    const cause = new SyntaxError('bad');
    expect(new WebhookVerificationError('malformed_request', 'x', { cause }).cause).toBe(cause);
  });

  it('is made without a stack trace, and leaves the stack of every other error alone', () => {
    // A rejection answers a request: capturing a stack made a forged request cost more
    // than the HMAC that refused it (decision 117).
    const limit = Error.stackTraceLimit;
    const rejection = new WebhookVerificationError('invalid_signature', 'no match');
    expect(rejection.stack?.split('\n').filter((line) => line.trim().startsWith('at '))).toEqual(
      [],
    );
    expect(rejection.message).toBe('[hookguard] no match');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('a bug').stack).toMatch(/\n\s+at /);
  });
});

describe('docs/errors.md', () => {
  const doc = readFileSync(
    fileURLToPath(new URL('../../../../docs/errors.md', import.meta.url)),
    'utf8',
  );

  it('lists every code with its status, in the table and in its own section', () => {
    const table = [...doc.matchAll(/^\| `([a-z_]+)` +\| (\d{3}) +\|$/gm)].map(
      ([, code, status]) => [code, Number(status)],
    );
    expect(Object.fromEntries(table)).toEqual(ERROR_STATUS);
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      const section = doc.split(`\n## \`${code}\`\n`)[1]?.split('\n## ')[0] ?? '';
      expect(section, code).toMatch(new RegExp(`^\\n\\*\\*${status}`));
      expect(section, code).toContain('**Typical cause:**');
      expect(section, code).toContain('**Fix:**');
    }
  });
});

describe('error helpers', () => {
  it('keep the original error as the cause', () => {
    for (const code of ['HPE_HEADER_OVERFLOW', 'ERR_HTTP_REQUEST_TIMEOUT', 'HPE_INVALID_METHOD']) {
      const original = Object.assign(new Error(code), { code });
      expect(fromClientError(original)?.cause).toBe(original);
    }
  });

  it('answer a client error when the response slot is null or has not started', () => {
    for (const inFlight of [null, { headersSent: false }]) {
      const written: string[] = [];
      handleClientError(Object.assign(new Error('x'), { code: 'HPE_INVALID_METHOD' }), {
        writable: true,
        _httpMessage: inFlight,
        write: (data) => written.push(data),
        destroy: () => {},
      });
      expect(written).toHaveLength(1);
    }
  });

  it('leave null and other non-errors alone', () => {
    for (const value of [null, undefined, 'text', 42])
      expect(fromBodyReadError(value)).toBeUndefined();
  });
});

describe('fromBodyReadError', () => {
  it.each([
    [{ type: 'entity.too.large' }, 'body_too_large'],
    [{ code: 'FST_ERR_CTP_BODY_TOO_LARGE' }, 'body_too_large'],
    [{ type: 'request.size.invalid' }, 'malformed_request'],
    [{ code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' }, 'malformed_request'],
    [{ type: 'request.aborted' }, 'malformed_request'],
    [{ code: 'ECONNRESET' }, 'malformed_request'],
    [{ code: 'ECONNABORTED' }, 'malformed_request'],
    [{ type: 'stream.not.readable' }, 'body_already_parsed'],
  ])('maps %j to %s', (error, code) => {
    expect(fromBodyReadError(error, 'p')).toMatchObject({ code, provider: 'p', cause: error });
  });

  it('passes a verification error through and leaves anything else alone', () => {
    const error = new WebhookVerificationError('replayed', 'x');
    expect(fromBodyReadError(error)).toBe(error);
    expect(fromBodyReadError(new Error('other'))).toBeUndefined();
    expect(fromBodyReadError('text')).toBeUndefined();
  });
});

describe('handleClientError', () => {
  const socket = (writable = true, inFlight?: { headersSent: boolean }) => {
    const written: string[] = [];
    let destroyed = false;
    return {
      written,
      destroyed: () => destroyed,
      writable,
      _httpMessage: inFlight,
      write: (data: string) => written.push(data),
      destroy: () => {
        destroyed = true;
      },
    };
  };
  const error = (code: string) => Object.assign(new Error(code), { code });

  it('answers malformed HTTP with a JSON 400 and closes', () => {
    const s = socket();
    handleClientError(error('HPE_INVALID_HEADER_TOKEN'), s);
    expect(s.written[0]).toMatch(
      /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*"code":"malformed_request"/,
    );
    expect(s.destroyed()).toBe(true);
  });

  it('answers 408 and 431 with their reasons', () => {
    const slow = socket();
    handleClientError(error('ERR_HTTP_REQUEST_TIMEOUT'), slow);
    expect(slow.written[0]).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    const large = socket();
    handleClientError(error('HPE_HEADER_OVERFLOW'), large);
    expect(large.written[0]).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large/);
  });

  it('writes nothing on a reset, a closed socket, or once a response has started', () => {
    for (const [s, e] of [
      [socket(), error('ECONNRESET')],
      [socket(), error('EPIPE')],
      [socket(false), error('HPE_INVALID_METHOD')],
      [socket(true, { headersSent: true }), error('ERR_HTTP_REQUEST_TIMEOUT')],
    ] as const) {
      handleClientError(e, s);
      expect(s.written).toEqual([]);
      expect(s.destroyed()).toBe(true);
    }
    expect(fromClientError(error('ECONNRESET'))).toBeUndefined();
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

describe('error messages echo bounded parts of the input', () => {
  const now = () => 1_700_000_000_000;

  it('shows at most 64 characters of an unreadable timestamp', async () => {
    // Signed over the junk timestamp, so the signature passes and the timestamp is what fails.
    const timestamp = `${'9'.repeat(200)}x`;
    const body = '{}';
    const signature = createHmac('sha256', 's')
      .update(timestamp + body)
      .digest('base64');
    const headers = {
      'content-type': 'application/json',
      'x-webhook-timestamp': timestamp,
      'x-webhook-signature': signature,
    };
    const error = await verify(
      cashfree.webhook({ secret: 's' }),
      { method: 'POST', url: '/', headers, body },
      { now },
    ).then(
      () => expect.unreachable('verified a junk timestamp'),
      (caught: unknown) => caught as Error,
    );
    expect(error).toMatchObject({ code: 'timestamp_out_of_tolerance' });
    expect(error.message).toContain('9'.repeat(64));
    expect(error.message).not.toContain('9'.repeat(65));
  });
});
