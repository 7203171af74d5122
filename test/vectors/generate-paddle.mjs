#!/usr/bin/env node
// Writes test/vectors/paddle.json: Paddle Billing's `Paddle-Signature: ts=…;h1=…`. The
// accepted cases are Paddle's own vectors, copied from @paddle/paddle-node-sdk's
// src/__tests__/notifications/webhooks-validator.node.test.ts (secret VALID_SECRET,
// ts 1698796800, the SDK's clock set to 2023-11-01); the refused ones and the signing vector
// are HMAC-SHA256 of `ts + ":" + body` through node:crypto, sharing no code with hookguard.
// Run: node test/vectors/generate-paddle.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const SECRET = 'VALID_SECRET';
const TS = '1698796800';
const NOW = 1_698_796_800_000;
const ROUTE = '/webhooks/paddle';

const h1 = (/** @type {string} */ secret, /** @type {string} */ ts, /** @type {string} */ body) =>
  createHmac('sha256', secret).update(`${ts}:${body}`).digest('hex');

/** Paddle's vectors, as its SDK's tests give them. */
const PADDLE = {
  body: '{"data": ["1", "2"]}',
  header: 'ts=1698796800;h1=a300428748dce5c70e4da19bffd60769591ea969c99dea3105d0ec9612cf43f9',
  multipleBody: '{"data": "value"}',
  multipleHeader:
    'ts=1698796800;h1=28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261;h1=28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261;h2=RANDOM_HASH',
};
// The copied vectors are what node:crypto computes, or this script stops.
/** @type {[string, string][]} */
const COPIED = [
  [PADDLE.body, PADDLE.header],
  [PADDLE.multipleBody, PADDLE.multipleHeader],
];
for (const [body, header] of COPIED) {
  if (!header.includes(`h1=${h1(SECRET, TS, body)}`))
    throw new Error(`Paddle's vector for ${body} does not reproduce`);
}

const request = (/** @type {string} */ header, /** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: { 'content-type': 'application/json', 'paddle-signature': header },
  body,
});

const rotated = `ts=${TS};h1=${h1('pdl_ntfset_new_secret', TS, PADDLE.body)};h1=${h1(SECRET, TS, PADDLE.body)}`;
const notification = '{"event_id":"evt_1","notification_id":"ntf_1","amount":100}';

const vectors = {
  scheme: 'paddle',
  source:
    "PaddleHQ/paddle-node-sdk src/__tests__/notifications/webhooks-validator.node.test.ts (Paddle's vectors); the other cases HMAC-SHA256 through node:crypto (test/vectors/generate-paddle.mjs)",
  options: { secret: SECRET },
  cases: [
    {
      name: "accepts Paddle's vector",
      request: request(PADDLE.header, PADDLE.body),
      now: NOW + 1000,
      expect: { accepted: true, matchedKey: 0, payload: { data: ['1', '2'] } },
      sign: { input: { body: PADDLE.body, timestamp: NOW }, signature: PADDLE.header },
    },
    {
      name: "accepts Paddle's vector with two h1 and an h2",
      request: request(PADDLE.multipleHeader, PADDLE.multipleBody),
      now: NOW + 1000,
      expect: { accepted: true, matchedKey: 0, payload: { data: 'value' } },
    },
    {
      name: 'accepts any h1 of several (secret roll)',
      request: request(rotated, PADDLE.body),
      now: NOW,
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts a notification signed with ts and h1',
      request: request(`ts=${TS};h1=${h1(SECRET, TS, notification)}`, notification),
      now: NOW,
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(notification) },
      sign: {
        input: { body: notification, timestamp: NOW },
        signature: `ts=${TS};h1=${h1(SECRET, TS, notification)}`,
      },
    },
    {
      name: "rejects Paddle's vector with spaces added to the body",
      request: request(PADDLE.header, '{ "data": [ "1", "2" ]}'),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a changed amount',
      request: request(
        `ts=${TS};h1=${h1(SECRET, TS, notification)}`,
        notification.replace('100', '1'),
      ),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request(`ts=${TS};h1=${h1('INVALID_VALID_SECRET', TS, PADDLE.body)}`, PADDLE.body),
      now: NOW,
      expect: { code: 'invalid_signature' },
    },
    {
      name: "accepts a signature 6 s old, which Paddle's SDK would refuse (default window 300 s)",
      request: request(PADDLE.header, PADDLE.body),
      now: NOW + 6000,
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: "rejects a signature 6 s old with Paddle's own window (tolerance 5)",
      options: { secret: SECRET, tolerance: 5 },
      request: request(PADDLE.header, PADDLE.body),
      now: NOW + 6000,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a signature 301 s old',
      request: request(PADDLE.header, PADDLE.body),
      now: NOW + 301_000,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a signature 301 s in the future (the SDK would not)',
      request: request(PADDLE.header, PADDLE.body),
      now: NOW - 301_000,
      expect: { code: 'timestamp_out_of_tolerance' },
    },
    {
      name: 'rejects a header without ts',
      request: request(PADDLE.header.replace(/^ts=\d+;/, ''), PADDLE.body),
      now: NOW,
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects a header without h1',
      request: request(`ts=${TS};h2=RANDOM_HASH`, PADDLE.body),
      now: NOW,
      expect: { code: 'missing_signature' },
    },
    {
      name: 'rejects ts given twice',
      request: request(`ts=${TS};ts=${Number(TS) + 1};${PADDLE.header.slice(14)}`, PADDLE.body),
      now: NOW,
      expect: { code: 'malformed_request' },
    },
  ],
};

writeFileSync(new URL('paddle.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
