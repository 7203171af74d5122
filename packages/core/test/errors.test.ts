import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ERROR_STATUS,
  fromClientError,
  fromExpectation,
  isWebhookVerificationError,
  MemoryReplayStore,
  toErrorResponse,
  verify,
  type WebhookErrorCode,
  WebhookVerificationError,
} from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import {
  cashfreeScheme,
  ETHOCA_KEY,
  ETHOCA_NOW,
  ethocaScheme,
  NOW,
  SECRET,
  signedCashfree,
  signedEthoca,
} from './fixtures.js';

async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof WebhookVerificationError))
    throw new Error(`expected a WebhookVerificationError, got ${String(error)}`);
  return error;
}

const expectedSignature = signedCashfree().headers['x-webhook-signature'] as string;

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
        expect(error.provider).toMatch(/^(cashfree\.webhook|ethoca)$/);
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

  it('keeps the cause', () => {
    const cause = new SyntaxError('bad');
    expect(new WebhookVerificationError('malformed_request', 'x', { cause }).cause).toBe(cause);
  });
});

describe('docs/errors.md', () => {
  const doc = readFileSync(
    fileURLToPath(new URL('../../../docs/errors.md', import.meta.url)),
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
