import { readFileSync } from 'node:fs';
import {
  cashfree,
  ethoca,
  MemoryReplayStore,
  type ReplayStore,
  sign,
  type WebhookRequest,
} from '@hookguard/core';

/** Values shared by the focused tests; the vectors under test/vectors are the reference. */
export const SECRET = 'cfsk_ma_test_example_secret';
export const TIMESTAMP = 1617695238078;
export const NOW = () => TIMESTAMP + 1000;
export const BODY = '{"type":"PAYMENT_SUCCESS_WEBHOOK","data":{"order":{"order_amount":2}}}';

export const cashfreeScheme = cashfree.webhook({ secret: SECRET });

/** A Cashfree webhook request signed by `sign`, with overrides. */
export function signedCashfree(
  overrides: Partial<WebhookRequest> = {},
  body: unknown = BODY,
): WebhookRequest {
  const signed = sign(cashfreeScheme, { body, timestamp: TIMESTAMP });
  return {
    method: 'POST',
    url: '/webhooks/cashfree',
    headers: signed.headers,
    body: signed.body,
    ...overrides,
  };
}

export const ETHOCA_KEY = 'weing1phojieRaht';
export const ethocaScheme = ethoca({ keys: { k1: ETHOCA_KEY }, publicUrl: 'https://merchant.com' });
export const ETHOCA_NOW = () => Date.parse('2017-06-19T13:18:19Z');

/** An Ethoca request signed by `sign`. */
export function signedEthoca(
  body: unknown = { a: 1 },
  encoding?: 'base64url' | 'double-encoded',
): WebhookRequest {
  const signed = sign(ethocaScheme, {
    url: '/api/orders',
    body,
    date: '2017-06-19T13:18:18Z',
    ...(encoding ? { encoding } : {}),
  });
  return { method: 'POST', url: '/api/orders', headers: signed.headers, body: signed.body };
}

/** Ethoca's worked example (test/vectors/ethoca-example.txt): its body is the third line. */
export const ETHOCA_EXAMPLE = readFileSync(
  new URL('../../../test/vectors/ethoca-example.txt', import.meta.url),
  'utf8',
);
/** The worked example as a request, with its 38-character (double-encoded) signature. */
export const ethocaExampleRequest = {
  method: 'POST',
  url: '/api/orders',
  headers: {
    'content-type': 'application/json',
    'x-eth-date': '2017-06-19T13:18:18Z',
    authorization: 'ETHOCA-SHA1 KeyRef=k1,Signature=blJKZStXSWQvZCtYVmNYL29zbXNoVGZ3YzZVPQ',
  },
  body: ETHOCA_EXAMPLE.split('\n')[2] as string,
};

/** A memory store that records what it is asked: claims (key, leaseMs), commits (key, ttlMs), releases. */
export function recordingStore(): ReplayStore & {
  readonly claims: [string, number][];
  readonly commits: [string, number][];
  readonly releases: string[];
} {
  const inner = new MemoryReplayStore();
  const claims: [string, number][] = [];
  const commits: [string, number][] = [];
  const releases: string[] = [];
  return {
    claims,
    commits,
    releases,
    claim: (key, token, leaseMs) => {
      claims.push([key, leaseMs]);
      return inner.claim(key, token, leaseMs);
    },
    commit: (key, token, ttlMs) => {
      commits.push([key, ttlMs]);
      return inner.commit(key, token, ttlMs);
    },
    release: (key, token) => {
      releases.push(key);
      return inner.release(key, token);
    },
  };
}
