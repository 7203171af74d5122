#!/usr/bin/env node
// Writes test/vectors/mailgun.json: the JSON body carries `signature: { timestamp, token,
// signature }`, `signature` the hex HMAC-SHA256 of timestamp + token with the webhook signing
// key (documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks).
// The first case is Mailgun's own vector, from its PHP SDK's tests
// (mailgun/mailgun-php tests/Api/WebhookTest.php, testVerifyWebhookGood and
// testVerifyWebhookBad), put in a JSON webhook body; the others are independent vectors,
// HMAC-SHA256 through node:crypto, sharing no code with hookguard. Mailgun's Node SDK
// (mailgun.js) has no verifier.
// Run: node test/vectors/generate-mailgun.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/mailgun';
// mailgun-php's WebhookTest: key, timestamp, token, signature.
const SDK_KEY = 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0';
const SDK_TIMESTAMP = 1403645220;
const SDK_TOKEN = '5egbgr1vjgqxtrnp65xfznchgdccwh5d6i09vijqi3whgowmn6';
const SDK_SIGNATURE = '9cfc5c41582e51246e73c88d34db3af0a3a2692a76fbab81492842f000256d33';
const SDK_BAD_TOKEN = 'owyldpe6nxhmrn78epljl6bj0orrki1u3d2v5e6cnlmmuox8jr';

const KEY = 'mg_vector_webhook_signing_key';
const PARENT_KEY = 'mg_vector_parent_signing_key';
const NOW = 1_770_920_772_000;
const TIMESTAMP = String(NOW / 1000);
const TOKEN = 'e0b5477167110d68991efc6b9f89f0a11066af27834600e123';

const hex = (
  /** @type {string} */ key,
  /** @type {string} */ timestamp,
  /** @type {string} */ token,
) => createHmac('sha256', key).update(`${timestamp}${token}`).digest('hex');

if (hex(SDK_KEY, String(SDK_TIMESTAMP), SDK_TOKEN) !== SDK_SIGNATURE)
  throw new Error("Mailgun's PHP SDK vector no longer verifies");

const eventData = (/** @type {string} */ event, /** @type {number} */ time) => ({
  id: 'CPgfbmQMTCKtHW6uIWtuVe',
  timestamp: time,
  'log-level': 'info',
  event,
  recipient: 'alice@example.com',
  'user-variables': { 'order-total': '100' },
});

const body = (
  /** @type {Record<string, unknown> | undefined} */ signature,
  data = eventData('delivered', NOW / 1000),
) =>
  JSON.stringify(
    signature === undefined ? { 'event-data': data } : { signature, 'event-data': data },
  );

const request = (/** @type {string} */ text) => ({
  method: 'POST',
  url: ROUTE,
  headers: { 'content-type': 'application/json', 'user-agent': 'mailgun/treq-16.12.0' },
  body: text,
});

const signed = { timestamp: TIMESTAMP, token: TOKEN, signature: hex(KEY, TIMESTAMP, TOKEN) };
const sdkBody = body(
  { timestamp: String(SDK_TIMESTAMP), token: SDK_TOKEN, signature: SDK_SIGNATURE },
  eventData('delivered', SDK_TIMESTAMP),
);

const vectors = {
  scheme: 'mailgun',
  source:
    "Mailgun's vector from its PHP SDK's tests (WebhookTest::testVerifyWebhookGood, Bad), in a JSON webhook body, and independent vectors: HMAC-SHA256 through node:crypto (test/vectors/generate-mailgun.mjs)",
  options: { signingKey: KEY },
  cases: [
    {
      name: "accepts Mailgun's PHP SDK vector (WebhookTest::testVerifyWebhookGood)",
      options: { signingKey: SDK_KEY },
      now: SDK_TIMESTAMP * 1000,
      request: request(sdkBody),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(sdkBody) },
      sign: {
        input: {
          body: {
            signature: { token: SDK_TOKEN },
            'event-data': eventData('delivered', SDK_TIMESTAMP),
          },
          timestamp: SDK_TIMESTAMP * 1000,
        },
        signature: SDK_SIGNATURE,
      },
    },
    {
      name: "rejects the PHP SDK's other token under that signature (WebhookTest::testVerifyWebhookBad)",
      options: { signingKey: SDK_KEY },
      now: SDK_TIMESTAMP * 1000,
      request: request(sdkBody.replace(SDK_TOKEN, SDK_BAD_TOKEN)),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'accepts a delivered event',
      now: NOW,
      request: request(body(signed)),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(body(signed)) },
      sign: {
        input: {
          body: { signature: { token: TOKEN }, 'event-data': eventData('delivered', NOW / 1000) },
          timestamp: NOW,
        },
        signature: signed.signature,
      },
    },
    {
      name: 'accepts the timestamp written as a JSON integer',
      now: NOW,
      request: request(body({ ...signed, timestamp: NOW / 1000 })),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts other event data under the same signature: only the timestamp and token are signed',
      now: NOW,
      request: request(body(signed, eventData('failed', NOW / 1000))),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: "accepts a subaccount's event by its parent-signature, with the parent's key",
      options: { signingKey: PARENT_KEY },
      now: NOW,
      request: request(
        body({
          ...signed,
          signature: hex('mg_vector_subaccount_key', TIMESTAMP, TOKEN),
          'parent-signature': hex(PARENT_KEY, TIMESTAMP, TOKEN),
        }),
      ),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts the second of two keys while rotating',
      options: { signingKey: ['mg_new_signing_key', KEY] },
      now: NOW,
      request: request(body(signed)),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'accepts a timestamp 8 h 59 min old (Mailgun retries for 8 h)',
      now: NOW + (9 * 60 - 1) * 60_000,
      request: request(body(signed)),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'rejects a timestamp 9 h 1 s old',
      now: NOW + 9 * 3_600_000 + 1_000,
      request: request(body(signed)),
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects another token',
      now: NOW,
      request: request(body({ ...signed, token: `${TOKEN.slice(0, -1)}4` })),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects another timestamp',
      now: NOW,
      request: request(body({ ...signed, timestamp: String(NOW / 1000 + 1) })),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another key',
      now: NOW,
      request: request(body({ ...signed, signature: hex('another-key', TIMESTAMP, TOKEN) })),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a body without its signature object',
      now: NOW,
      request: request(body(undefined)),
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects a signature object without its signature',
      now: NOW,
      request: request(body({ timestamp: TIMESTAMP, token: TOKEN })),
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects a signature object without its token',
      now: NOW,
      request: request(body({ timestamp: TIMESTAMP, signature: signed.signature })),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('./mailgun.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
