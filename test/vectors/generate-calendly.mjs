#!/usr/bin/env node
// Writes test/vectors/calendly.json: Calendly's `Calendly-Webhook-Signature:
// t=<unix seconds>,v1=<hex>`, each `v1` the HMAC-SHA256 of `t + "." + body` under the
// webhook signing key (developer.calendly.com, "Webhook Signatures"), with the three-minute
// window of Calendly's own example. Calendly publishes no SDK verifier and no example
// signature, so these are independent vectors: HMAC through node:crypto, sharing no code
// with hookguard, over a body shaped like the invitee.created in Calendly's docs.
// Run: node test/vectors/generate-calendly.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/calendly';
const KEY = 'calendly-vector-signing-key';
const NOW = 1_700_000_000_000;
const T = String(NOW / 1000);
const v1 = (/** @type {string} */ t, /** @type {string} */ body, key = KEY) =>
  createHmac('sha256', key).update(`${t}.${body}`, 'utf8').digest('hex');

const BODY =
  '{"created_at":"2023-11-14T22:13:20.000000Z","created_by":"https://api.calendly.com/users/AAAAAAAAAAAAAAAA","event":"invitee.created","payload":{"email":"test@example.com","name":"John Doe","status":"active","uri":"https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAAAAAAAAAAAAAA","scheduled_event":{"uri":"https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2","name":"15 Minute Meeting","start_time":"2023-11-20T19:00:00.000000Z"},"questions_and_answers":[{"question":"Deposit","answer":"100"}]}}';
const sig = v1(T, BODY);
const header = `t=${T},v1=${sig}`;

const request = (/** @type {string | undefined} */ value, /** @type {string} */ body = BODY) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(value === undefined ? {} : { 'calendly-webhook-signature': value }),
  },
  body,
});

const T_MS = String(NOW);
const vectors = {
  scheme: 'calendly',
  source:
    'independent vectors: HMAC-SHA256 of t.body through node:crypto (test/vectors/generate-calendly.mjs); Calendly publishes no SDK verifier and no example signature',
  options: { signingKey: KEY },
  cases: [
    {
      name: 'accepts an invitee.created signed a second ago',
      request: request(header),
      now: NOW + 1000,
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY, timestamp: NOW }, signature: header },
    },
    {
      name: 'accepts a signature 180 s old, the edge of the window',
      request: request(header),
      now: NOW + 180_000,
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts the second of two signing keys while rotating',
      options: { signingKey: ['another-calendly-signing-key', KEY] },
      request: request(header),
      now: NOW,
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'accepts the matching v1 among two (one per key, as Stripe-style headers allow)',
      request: request(`t=${T},v1=${v1(T, BODY, 'another-calendly-signing-key')},v1=${sig}`),
      now: NOW,
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'rejects a changed answer',
      request: request(header, BODY.replace('"answer":"100"', '"answer":"1"')),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another signing key',
      request: request(`t=${T},v1=${v1(T, BODY, 'another-calendly-signing-key')}`),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a v1 over the body alone, without t',
      request: request(`t=${T},v1=${createHmac('sha256', KEY).update(BODY).digest('hex')}`),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects t moved forward with the old v1',
      request: request(`t=${Number(T) + 60},v1=${sig}`),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a signature 181 s old',
      request: request(header),
      now: NOW + 181_000,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a signature 181 s in the future',
      request: request(header),
      now: NOW - 181_000,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects t in milliseconds, signed as such: read as seconds, it is far in the future',
      request: request(`t=${T_MS},v1=${v1(T_MS, BODY)}`),
      now: NOW,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a header without t',
      request: request(`v1=${sig}`),
      now: NOW,
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects a request without Calendly-Webhook-Signature (a subscription with no signing key)',
      request: request(undefined),
      now: NOW,
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('calendly.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
