#!/usr/bin/env node
// Writes test/vectors/authorize-net.json: `X-ANET-Signature: sha512=<HEX>`, the upper-case hex
// HMAC-SHA512 of the raw body with the Signature Key
// (developer.authorize.net/api/reference/features/webhooks.html).
// Authorize.net publishes no signed example and none of its SDKs verifies webhooks. The first
// case is the sandbox notification captured in the PHP library stymiee/authnetjson's tests
// (tests/Authnetjson/AuthnetWebhookTest.php): it verifies with the key's characters, not
// with its hex-decoded bytes, which is why hookguard reads the key as text by default. The
// rest are independent vectors: HMAC-SHA512 through node:crypto, sharing no code with hookguard.
// Run: node test/vectors/generate-authorize-net.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/authorize-net';
// stymiee/authnetjson's test key and notification, as captured.
const CAPTURED_KEY =
  '52CB4A002C634B84E397DC8A218E1A160BA7CAB7CBE4C05B35E9CBB05E14FE4A2385812E980CCF97D177F17863CE214D1BE6CE8E1E894487AACF3609C1A5FE17';
const CAPTURED_BODY =
  '{"notificationId":"182cbbff-cab2-4080-931d-80e5d818f23a","eventType":"net.authorize.payment.authcapture.created","eventDate":"2017-08-18T20:40:52.7722007Z","webhookId":"849eb87e-078a-4169-a34b-c0bded5019a8","payload":{"responseCode":0,"authCode":"Z3PV5H","avsResponse":"Y","authAmount":0.0,"entityName":"transaction","id":"40005915599"}}';
const CAPTURED_SIGNATURE =
  'sha512=A1E0CC0F8A7B6274E0951CAC5EB63579F70FC6B7B15384B146DCE02B98DEE3954A5A8E331661B51DE953E141E88994DFA7D267FFB8428BE0660511B6EFB94960';

const KEY =
  'E20368DB80B1B9F56D3A7E5116F550B81D509FDC127FAA1E388F6C475D02EEDF9C134F4CD91423AB2EFEC1F2FBC221308BEAD33DF06E8CBE171A052DBE08E9F9';
const bytesOf = (/** @type {string} */ key, /** @type {'text' | 'hex'} */ encoding) =>
  encoding === 'hex' ? Buffer.from(key, 'hex') : Buffer.from(key, 'utf8');
const signature = (
  /** @type {string} */ body,
  key = KEY,
  /** @type {'text' | 'hex'} */ encoding = 'text',
) =>
  `sha512=${createHmac('sha512', bytesOf(key, encoding)).update(body).digest('hex').toUpperCase()}`;

if (signature(CAPTURED_BODY, CAPTURED_KEY) !== CAPTURED_SIGNATURE)
  throw new Error('the captured notification no longer verifies with its key as text');
if (signature(CAPTURED_BODY, CAPTURED_KEY, 'hex') === CAPTURED_SIGNATURE)
  throw new Error('the captured notification verifies with the hex-decoded key too');

const request = (/** @type {string | undefined} */ value, /** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(value === undefined ? {} : { 'x-anet-signature': value }),
    'x-request-id': 'ae3b39b1-c58e-4a78-859b-1b4e6c62c5b7',
  },
  body,
});

const refund =
  '{"notificationId":"5c3f7e5a-2a0e-4a4b-9f0a-0d1f8e7b6c5d","eventType":"net.authorize.payment.refund.created","eventDate":"2026-01-02T03:04:05.6789012Z","webhookId":"a8a17f6f-79eb-49f4-a047-436db0938bbb","payload":{"responseCode":1,"authCode":"","avsResponse":"P","authAmount":100.00,"entityName":"transaction","id":"60198731341"}}';

const vectors = {
  scheme: 'authorize-net',
  source:
    "a sandbox notification captured in stymiee/authnetjson's tests (it verifies only with the key as text), and independent vectors: HMAC-SHA512 through node:crypto (test/vectors/generate-authorize-net.mjs); Authorize.net publishes no signed example and no SDK verifier",
  options: { signatureKey: KEY },
  cases: [
    {
      name: "accepts the sandbox notification captured in authnetjson's tests, the key used as text",
      options: { signatureKey: CAPTURED_KEY },
      request: request(CAPTURED_SIGNATURE, CAPTURED_BODY),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(CAPTURED_BODY) },
      sign: { input: { body: CAPTURED_BODY }, signature: CAPTURED_SIGNATURE },
    },
    {
      name: 'rejects the captured notification when the key is read as hex',
      options: { signatureKey: CAPTURED_KEY, signatureKeyEncoding: 'hex' },
      request: request(CAPTURED_SIGNATURE, CAPTURED_BODY),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'accepts a refund notification, its amount written 100.00 (the raw bytes are signed)',
      request: request(signature(refund), refund),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(refund) },
      sign: { input: { body: refund }, signature: signature(refund) },
    },
    {
      name: 'accepts the hex digits in lower case too',
      request: request(signature(refund).toLowerCase().replace('SHA512', 'sha512'), refund),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts a key read as hex when so configured',
      options: { signatureKey: KEY, signatureKeyEncoding: 'hex' },
      request: request(signature(refund, KEY, 'hex'), refund),
      expect: { accepted: true, matchedKey: 0 },
      sign: { input: { body: refund }, signature: signature(refund, KEY, 'hex') },
    },
    {
      name: 'accepts the second of two keys while rotating',
      options: { signatureKey: [CAPTURED_KEY, KEY] },
      request: request(signature(refund), refund),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects a changed amount',
      request: request(signature(refund), refund.replace('100.00', '1.00')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the body parsed and serialised again (100.00 becomes 100)',
      request: request(signature(refund), JSON.stringify(JSON.parse(refund))),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another key',
      request: request(signature(refund, CAPTURED_KEY), refund),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the digest without its sha512= prefix',
      request: request(signature(refund).slice('sha512='.length), refund),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without X-ANET-Signature',
      request: request(undefined, refund),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(
  new URL('./authorize-net.json', import.meta.url),
  `${JSON.stringify(vectors, null, 2)}\n`,
);
