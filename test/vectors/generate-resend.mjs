#!/usr/bin/env node
// Writes test/vectors/resend.json: Resend's webhooks, sent by Svix (`svix-id`,
// `svix-timestamp`, `svix-signature: v1,<base64>`). The first case is Svix's published
// example (docs.svix.com, "Verifying Webhooks Manually"); every other signature is made by
// `standardwebhooks` 1.1.1 `Webhook.sign`, the library Resend's SDK verifies with, and each
// accepted case is accepted by `resend` 6 `webhooks.verify` (its clock set to the case's
// instant, since the library reads Date.now). No hookguard code is involved.
// Run: node test/vectors/generate-resend.mjs
import { writeFileSync } from 'node:fs';
import { Resend } from 'resend';
import { Webhook } from 'standardwebhooks';

const ROUTE = '/webhooks/resend';
const SECRET = `whsec_${Buffer.from('resend-vector-signing-secret').toString('base64')}`;
const OTHER = `whsec_${Buffer.from('another-resend-signing-secret').toString('base64')}`;
const T = 1_700_000_000;
const NOW = T * 1000;
const ID = 'msg_2nZ1x8Xb3vQ5dW7yK9pL4mR6tC';
const BODY =
  '{"type":"email.delivered","created_at":"2023-11-14T22:13:20.000Z","data":{"email_id":"4ef9a417-02e9-4d39-ad75-9611e0fcc33c","from":"Acme <billing@acme.example>","to":["customer@example.com"],"subject":"Receipt: 100 USD"}}';

/** Svix's published example. */
const SVIX = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const sdk = new Resend('re_vectors_only');

/** Whether resend's webhooks.verify accepts the request at `now` (ms). */
function resendAccepts(
  /** @type {string} */ secret,
  /** @type {Record<string, string>} */ headers,
  /** @type {string} */ body,
  /** @type {number} */ now,
) {
  const realNow = Date.now;
  Date.now = () => now;
  try {
    sdk.webhooks.verify({
      payload: body,
      headers: {
        id: headers['svix-id'] ?? '',
        timestamp: headers['svix-timestamp'] ?? '',
        signature: headers['svix-signature'] ?? '',
      },
      webhookSecret: secret,
    });
    return true;
  } catch {
    return false;
  } finally {
    Date.now = realNow;
  }
}

const sign = (
  /** @type {string} */ secret,
  /** @type {string} */ id,
  /** @type {number} */ t,
  /** @type {string} */ body,
) => new Webhook(secret).sign(id, new Date(t * 1000), body);

const request = (
  /** @type {Record<string, string>} */ headers,
  /** @type {string} */ body = BODY,
) => ({
  method: 'POST',
  url: ROUTE,
  headers: { 'content-type': 'application/json', ...headers },
  body,
});
const svixHeaders = (/** @type {string} */ signature, id = ID, t = T) => ({
  'svix-id': id,
  'svix-timestamp': String(t),
  'svix-signature': signature,
});

const signature = sign(SECRET, ID, T, BODY);
const other = sign(OTHER, ID, T, BODY);

const cases = [
  {
    name: "accepts Svix's published example",
    options: { secret: SVIX.secret },
    request: request(svixHeaders(SVIX.signature, SVIX.id, SVIX.timestamp), SVIX.body),
    now: SVIX.timestamp * 1000 + 1000,
    expect: { accepted: true, matchedKey: 0, payload: JSON.parse(SVIX.body) },
    sign: {
      input: {
        body: SVIX.body,
        timestamp: SVIX.timestamp * 1000,
        headers: { 'svix-id': SVIX.id },
      },
      signature: SVIX.signature,
    },
    sdk: { secret: SVIX.secret },
  },
  {
    name: 'accepts an email.delivered event',
    request: request(svixHeaders(signature)),
    now: NOW + 1000,
    expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
    sign: { input: { body: BODY, timestamp: NOW, headers: { 'svix-id': ID } }, signature },
  },
  {
    name: 'accepts any v1 of several (a secret rolling)',
    request: request(svixHeaders(`${other} ${signature}`)),
    now: NOW,
    expect: { accepted: true, matchedKey: 0 },
  },
  {
    name: 'accepts the second of two configured secrets',
    options: { secret: [OTHER, SECRET] },
    request: request(svixHeaders(signature)),
    now: NOW,
    expect: { accepted: true, matchedKey: 1 },
  },
  {
    name: 'accepts a request 300 s old',
    request: request(svixHeaders(signature)),
    now: NOW + 300_000,
    expect: { accepted: true, matchedKey: 0 },
  },
  {
    name: 'rejects a changed subject',
    request: request(svixHeaders(signature), BODY.replace('100 USD', '1 USD')),
    now: NOW,
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects the signature of another secret',
    request: request(svixHeaders(other)),
    now: NOW,
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects another svix-id',
    request: request(svixHeaders(signature, 'msg_another')),
    now: NOW,
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects a request 301 s old',
    request: request(svixHeaders(signature)),
    now: NOW + 301_000,
    expect: { code: 'timestamp_out_of_tolerance' },
  },
  {
    name: 'rejects a request 301 s in the future',
    request: request(svixHeaders(signature)),
    now: NOW - 301_000,
    expect: { code: 'timestamp_out_of_tolerance' },
  },
  {
    name: 'rejects the webhook-* headers: Resend sends svix-*',
    request: request({
      'webhook-id': ID,
      'webhook-timestamp': String(T),
      'webhook-signature': signature,
    }),
    now: NOW,
    expect: { code: 'missing_signature' },
  },
  {
    name: 'rejects a request without svix-signature',
    request: request({ 'svix-id': ID, 'svix-timestamp': String(T) }),
    now: NOW,
    expect: { code: 'missing_signature' },
  },
];

// The SDK must agree with every case: accepted where it is accepted, refused elsewhere.
for (const testCase of cases) {
  const secrets = testCase.sdk?.secret ?? testCase.options?.secret ?? SECRET;
  const accepted = [secrets]
    .flat()
    .some((secret) =>
      resendAccepts(secret, testCase.request.headers, testCase.request.body, testCase.now),
    );
  if (accepted !== 'accepted' in testCase.expect)
    throw new Error(`resend webhooks.verify disagrees with "${testCase.name}"`);
}

const vectors = {
  scheme: 'resend',
  source:
    "Svix's published example, then standardwebhooks 1.1.1 Webhook.sign; every case agreed by resend 6.38.0 webhooks.verify (test/vectors/generate-resend.mjs)",
  options: { secret: SECRET },
  cases: cases.map(({ sdk: _sdk, ...testCase }) => testCase),
};

writeFileSync(new URL('./resend.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
