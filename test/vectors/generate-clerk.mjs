#!/usr/bin/env node
// Writes test/vectors/clerk.json: Clerk's webhooks, sent by Svix (`svix-id`,
// `svix-timestamp`, `svix-signature: v1,<base64>`). The first case is Svix's published
// example (docs.svix.com, "Verifying Webhooks Manually"); every other signature is made by
// `standardwebhooks` 1.1.1 `Webhook.sign`, the library @clerk/backend verifies with, and
// every case gets the same answer from `@clerk/backend` 3 `verifyWebhook` (its clock set to
// the case's instant, since the library reads Date.now). No hookguard code is involved.
// Run: node test/vectors/generate-clerk.mjs
import { writeFileSync } from 'node:fs';
import { verifyWebhook } from '@clerk/backend/webhooks';
import { Webhook } from 'standardwebhooks';

const ROUTE = '/webhooks/clerk';
const SECRET = `whsec_${Buffer.from('clerk-vector-signing-secret').toString('base64')}`;
const OTHER = `whsec_${Buffer.from('another-clerk-signing-secret').toString('base64')}`;
const T = 1_700_000_000;
const NOW = T * 1000;
const ID = 'msg_2pG4kM8nQ1rT6vX9zB3dF5hJ7L';
const BODY =
  '{"data":{"id":"user_29w83sxmDNGwOuEthce5gg56FcC","object":"user","first_name":"Example","last_name":"Customer","email_addresses":[{"id":"idn_29w83yL7CwVlJXylYLxcslromF1","email_address":"customer@example.com"}],"public_metadata":{"credits":100},"created_at":1700000000000},"object":"event","type":"user.created","timestamp":1700000000000,"instance_id":"ins_2Ys6lXDLmE3xqGTeQ1cCMo7c9Hd"}';

/** Svix's published example. */
const SVIX = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

/** Whether @clerk/backend's verifyWebhook accepts the request at `now` (ms). */
async function clerkAccepts(
  /** @type {string} */ secret,
  /** @type {Record<string, string>} */ headers,
  /** @type {string} */ body,
  /** @type {number} */ now,
) {
  const realNow = Date.now;
  Date.now = () => now;
  try {
    await verifyWebhook(
      new Request(`https://merchant.example${ROUTE}`, { method: 'POST', headers, body }),
      {
        signingSecret: secret,
      },
    );
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
    name: 'accepts a user.created event',
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
    name: 'rejects changed credits',
    request: request(svixHeaders(signature), BODY.replace('"credits":100', '"credits":1')),
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
    name: 'rejects the webhook-* headers: Clerk sends svix-*',
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
  const secrets = [testCase.sdk?.secret ?? testCase.options?.secret ?? SECRET].flat();
  let accepted = false;
  for (const secret of secrets)
    accepted ||= await clerkAccepts(
      secret,
      testCase.request.headers,
      testCase.request.body,
      testCase.now,
    );
  if (accepted !== 'accepted' in testCase.expect)
    throw new Error(`@clerk/backend verifyWebhook disagrees with "${testCase.name}"`);
}

const vectors = {
  scheme: 'clerk',
  source:
    "Svix's published example, then standardwebhooks 1.1.1 Webhook.sign; every case agreed by @clerk/backend 3.25.0 verifyWebhook (test/vectors/generate-clerk.mjs)",
  options: { secret: SECRET },
  cases: cases.map(({ sdk: _sdk, ...testCase }) => testCase),
};

writeFileSync(new URL('./clerk.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
