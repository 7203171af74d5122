#!/usr/bin/env node
// Writes test/vectors/airwallex.json: `x-signature`, the hex HMAC-SHA256 of `x-timestamp`
// (epoch milliseconds) immediately followed by the raw body, under the webhook secret as text
// (airwallex.com/docs/developer-tools/webhooks/listen-for-webhook-events; Airwallex's
// WooCommerce plugin: `hash_hmac('sha256', $timestamp . $msg, $secret)`). Airwallex
// publishes no Node verifier and no signed example, so these are independent vectors:
// HMAC-SHA256 through node:crypto, sharing no code with hookguard.
// Run: node test/vectors/generate-airwallex.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/airwallex';
const SECRET = 'whsec_airwallex_vector_secret';
const NOW = 1_700_000_000_000;
const TS = String(NOW);
const hex = (/** @type {string} */ ts, /** @type {string} */ body, secret = SECRET) =>
  createHmac('sha256', secret).update(`${ts}${body}`, 'utf8').digest('hex');

const BODY =
  '{"id":"evt_hkpdhpqpzg5ca3g8c6tz","name":"payment_intent.succeeded","account_id":"acct_demo","created_at":"2023-11-14T22:13:20+0000","data":{"object":{"id":"int_hkpd1","amount":100,"currency":"USD","status":"SUCCEEDED"}}}';
const signature = hex(TS, BODY);

const request = (
  /** @type {string | undefined} */ value,
  /** @type {string | undefined} */ ts,
  /** @type {string} */ body,
) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(ts === undefined ? {} : { 'x-timestamp': ts }),
    ...(value === undefined ? {} : { 'x-signature': value }),
  },
  body,
});

const vectors = {
  scheme: 'airwallex',
  source:
    'independent vectors: HMAC-SHA256 through node:crypto (test/vectors/generate-airwallex.mjs); Airwallex publishes no Node verifier and no signed example',
  options: { secret: SECRET },
  cases: [
    {
      name: 'accepts a payment_intent.succeeded event',
      request: request(signature, TS, BODY),
      now: NOW + 1000,
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY, timestamp: NOW }, signature },
    },
    {
      name: 'rejects a changed amount',
      request: request(signature, TS, BODY.replace('"amount":100', '"amount":1')),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects another x-timestamp with the same signature',
      request: request(signature, String(NOW + 1), BODY),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request(hex(TS, BODY, 'whsec_another_airwallex_secret'), TS, BODY),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a signature 301 s old',
      request: request(signature, TS, BODY),
      now: NOW + 301_000,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a signature 301 s in the future',
      request: request(signature, TS, BODY),
      now: NOW - 301_000,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects x-timestamp in seconds, signed as such: read as ms, it is 1970',
      request: request(hex(String(NOW / 1000), BODY), String(NOW / 1000), BODY),
      now: NOW,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a request without x-timestamp',
      request: request(signature, undefined, BODY),
      now: NOW,
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects a request without x-signature',
      request: request(undefined, TS, BODY),
      now: NOW,
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('airwallex.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
