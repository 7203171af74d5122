#!/usr/bin/env node
// Writes test/vectors/square.json: Square's `x-square-hmacsha256-signature`, the base64
// HMAC-SHA256 of the notification URL followed by the body. The accepted cases are Square's
// published vectors, the same in the webhook tests of its Node, Python, Ruby, PHP and Go
// SDKs (square/square-nodejs-sdk test/utilities/webhooksHelper.test.ts); the refused ones
// are computed through node:crypto, sharing no code with hookguard.
// Run: node test/vectors/generate-square.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/square';
const sign = (/** @type {string} */ key, /** @type {string} */ url, /** @type {string} */ body) =>
  createHmac('sha256', key)
    .update(url + body, 'utf8')
    .digest('base64');

/** Square's vectors, as its SDKs' tests give them. */
const SQUARE = {
  body: '{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}',
  signature: 'GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=',
  signatureKey: 'Ibxx_5AKakO-3qeNVR61Dw',
  notificationUrl: 'https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9',
  escaped: {
    body: '{"data":{"type":"webhooks","id":">id<"}}',
    signature: 'Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U=',
    signatureKey: 'signature-key',
    notificationUrl: 'https://webhook.site/webhooks',
  },
};
for (const vector of [SQUARE, SQUARE.escaped]) {
  if (sign(vector.signatureKey, vector.notificationUrl, vector.body) !== vector.signature)
    throw new Error(`Square's vector for ${vector.body} does not reproduce`);
}

const request = (/** @type {string | undefined} */ signature, /** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(signature === undefined ? {} : { 'x-square-hmacsha256-signature': signature }),
  },
  body,
});
const payload = JSON.parse(SQUARE.body);

const vectors = {
  scheme: 'square',
  source:
    "Square's published vectors (square/square-nodejs-sdk test/utilities/webhooksHelper.test.ts, the same in its Python, Ruby, PHP and Go SDKs); the refused cases through node:crypto (test/vectors/generate-square.mjs)",
  options: { signatureKey: SQUARE.signatureKey, notificationUrl: SQUARE.notificationUrl },
  cases: [
    {
      name: "accepts Square's vector",
      request: request(SQUARE.signature, SQUARE.body),
      expect: { accepted: true, matchedKey: 0, payload },
      sign: { input: { body: SQUARE.body }, signature: SQUARE.signature },
    },
    {
      name: "accepts Square's vector with characters HTML would escape",
      options: {
        signatureKey: SQUARE.escaped.signatureKey,
        notificationUrl: SQUARE.escaped.notificationUrl,
      },
      request: request(SQUARE.escaped.signature, SQUARE.escaped.body),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(SQUARE.escaped.body) },
      sign: { input: { body: SQUARE.escaped.body }, signature: SQUARE.escaped.signature },
    },
    {
      name: 'rejects a changed body (created_at a month earlier)',
      request: request(SQUARE.signature, SQUARE.body.replace('2022-07-13', '2022-06-13')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the body pretty-printed',
      request: request(SQUARE.signature, JSON.stringify(payload, null, 4)),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects another notification URL',
      options: {
        signatureKey: SQUARE.signatureKey,
        notificationUrl: 'https://webhook.site/79a4f3a-dcfa-49ee-bac5-9d0edad886b9',
      },
      request: request(SQUARE.signature, SQUARE.body),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects another signature key',
      options: { signatureKey: 'MCmhFRxGX82xMwg5FsaoQA', notificationUrl: SQUARE.notificationUrl },
      request: request(SQUARE.signature, SQUARE.body),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another key',
      request: request(
        sign('MCmhFRxGX82xMwg5FsaoQA', SQUARE.notificationUrl, SQUARE.body),
        SQUARE.body,
      ),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without the signature',
      request: request(undefined, SQUARE.body),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('square.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
