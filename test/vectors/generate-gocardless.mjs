#!/usr/bin/env node
// Writes test/vectors/gocardless.json: `Webhook-Signature: <hex HMAC-SHA256(secret, body)>`.
// The first case is GoCardless's own vector, from gocardless/gocardless-pro-java
// src/test/java/com/gocardless/WebhookTest.java (`shouldParseWebhookWithValidSignature`);
// the others are HMAC-SHA256 through node:crypto. Every signature is put to GoCardless's
// Node SDK, `gocardless-nodejs` `webhooks.parse`, which accepts the accepted ones and throws
// on the refused ones. No hookguard code is involved.
// Run: node test/vectors/generate-gocardless.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as webhooks from 'gocardless-nodejs/webhooks';

const ROUTE = '/webhooks/gocardless';
/** GoCardless's vector, as gocardless-pro-java's WebhookTest gives it. */
const GOCARDLESS = {
  body: '{"events":[{"id":"EV00BD05S5VM2T","created_at":"2018-07-05T09:13:51.404Z","resource_type":"subscriptions","action":"created","links":{"subscription":"SB0003JJQ2MR06"},"details":{"origin":"api","cause":"subscription_created","description":"Subscription created via the API."},"metadata":{}},{"id":"EV00BD05TB8K63","created_at":"2018-07-05T09:13:56.893Z","resource_type":"mandates","action":"created","links":{"mandate":"MD000AMA19XGEC"},"details":{"origin":"api","cause":"mandate_created","description":"Mandate created via the API."},"metadata":{}}]}',
  secret: 'ED7D658C-D8EB-4941-948B-3973214F2D49',
  signature: '2693754819d3e32d7e8fcb13c729631f316c6de8dc1cf634d6527f1c07276e7e',
};
const hex = (/** @type {string} */ body, secret = GOCARDLESS.secret) =>
  createHmac('sha256', secret).update(body).digest('hex');
if (hex(GOCARDLESS.body) !== GOCARDLESS.signature)
  throw new Error("GoCardless's vector does not reproduce");

/** Whether gocardless-nodejs accepts a body and signature under the vector's secret. */
function sdkAccepts(/** @type {string} */ body, /** @type {string} */ signature) {
  try {
    webhooks.parse(body, GOCARDLESS.secret, signature);
    return true;
  } catch {
    return false;
  }
}

const request = (/** @type {string | undefined} */ signature, /** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(signature === undefined ? {} : { 'webhook-signature': signature }),
    origin: 'https://api.gocardless.com',
  },
  body,
});

const payment =
  '{"events":[{"id":"EV123","created_at":"2014-08-04T12:00:00.000Z","action":"confirmed","resource_type":"payments","links":{"payment":"PM123"},"details":{"origin":"gocardless","cause":"payment_confirmed","amount":100}}],"meta":{"webhook_id":"WB123"}}';
const cases = [
  {
    name: "accepts GoCardless's vector (two events)",
    request: request(GOCARDLESS.signature, GOCARDLESS.body),
    expect: { accepted: true, matchedKey: 0, payload: JSON.parse(GOCARDLESS.body) },
    sign: { input: { body: GOCARDLESS.body }, signature: GOCARDLESS.signature },
  },
  {
    name: 'accepts a payment event with meta.webhook_id',
    request: request(hex(payment), payment),
    expect: { accepted: true, matchedKey: 0, payload: JSON.parse(payment) },
    sign: { input: { body: payment }, signature: hex(payment) },
  },
  {
    name: 'accepts the second of two secrets while rotating',
    options: { secret: ['new-gocardless-secret', GOCARDLESS.secret] },
    request: request(GOCARDLESS.signature, GOCARDLESS.body),
    expect: { accepted: true, matchedKey: 1 },
  },
  {
    name: 'rejects a changed amount',
    request: request(hex(payment), payment.replace('"amount":100', '"amount":1')),
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects the signature of another secret',
    request: request(hex(GOCARDLESS.body, 'another-secret'), GOCARDLESS.body),
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects a Standard Webhooks signature in the header (the same name, another format)',
    request: request(
      `v1,${Buffer.from(GOCARDLESS.signature, 'hex').toString('base64')}`,
      GOCARDLESS.body,
    ),
    expect: { code: 'invalid_signature' },
  },
  {
    name: 'rejects a request without Webhook-Signature',
    request: request(undefined, GOCARDLESS.body),
    expect: { code: 'missing_signature' },
  },
];

// GoCardless's SDK agrees with every case under the vector's secret.
for (const testCase of cases) {
  if (testCase.options !== undefined) continue;
  const signature = testCase.request.headers['webhook-signature'];
  const accepted = signature !== undefined && sdkAccepts(testCase.request.body, signature);
  if ('accepted' in testCase.expect !== accepted)
    throw new Error(`gocardless-nodejs disagrees with "${testCase.name}"`);
}

const vectors = {
  scheme: 'gocardless',
  source:
    "gocardless/gocardless-pro-java src/test/java/com/gocardless/WebhookTest.java (GoCardless's vector); the other cases HMAC-SHA256 through node:crypto, each confirmed by gocardless-nodejs 10.1.2 webhooks.parse (test/vectors/generate-gocardless.mjs)",
  options: { secret: GOCARDLESS.secret },
  cases,
};

writeFileSync(
  new URL('./gocardless.json', import.meta.url),
  `${JSON.stringify(vectors, null, 2)}\n`,
);
