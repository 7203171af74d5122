#!/usr/bin/env node
// Writes test/vectors/postmark.json: Postmark signs nothing; a webhook is protected by HTTP
// Basic authentication, the user name and password of the webhook's URL
// (postmarkapp.com/developer/webhooks/webhooks-overview), sent as
// `Authorization: Basic base64(user:pass)` (RFC 7617). Postmark publishes no verifier and no
// example request, so these are independent vectors: the header is made with Node's Buffer
// base64, sharing no code with hookguard; the body is Postmark's documented Delivery event.
// Run: node test/vectors/generate-postmark.mjs
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/postmark';
const USERNAME = 'postmark-hooks';
const PASSWORD = 'vector-password-4Kq9Zr';
const OTHER_PASSWORD = 'another-postmark-password';
const basic = (/** @type {string} */ credentials, scheme = 'Basic') =>
  `${scheme} ${Buffer.from(credentials, 'utf8').toString('base64')}`;
const BODY =
  '{"MessageID":"883953f4-6105-42a2-a16a-77a8eac79483","Recipient":"john@example.com","DeliveredAt":"2023-11-14T22:13:20Z","Details":"Test delivery webhook details","Tag":"welcome-email","ServerID":100,"Metadata":{"a_key":"a_value","b_key":"b_value"},"RecordType":"Delivery","MessageStream":"outbound"}';

const request = (/** @type {Record<string, string>} */ fields, body = BODY) => ({
  method: 'POST',
  url: ROUTE,
  headers: { 'content-type': 'application/json', ...fields },
  body,
});
const GOOD = basic(`${USERNAME}:${PASSWORD}`);

const vectors = {
  scheme: 'postmark',
  source:
    "independent vectors (test/vectors/generate-postmark.mjs): Basic credentials base64-encoded by Node's Buffer; Postmark signs nothing and publishes no example request",
  options: { username: USERNAME, password: PASSWORD },
  cases: [
    {
      name: 'accepts a Delivery event with the Basic credentials',
      request: request({ authorization: GOOD }),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY }, signature: GOOD },
    },
    {
      name: 'accepts the scheme name in any case (RFC 7235)',
      request: request({ authorization: basic(`${USERNAME}:${PASSWORD}`, 'basic') }),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts the second of two passwords while rotating',
      options: { username: USERNAME, password: [OTHER_PASSWORD, PASSWORD] },
      request: request({ authorization: GOOD }),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'accepts a password holding a colon: only the first one splits',
      options: { username: USERNAME, password: 'pass:word' },
      request: request({ authorization: basic(`${USERNAME}:pass:word`) }),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts any body with the credentials: nothing is signed',
      request: request({ authorization: GOOD }, BODY.replace('"ServerID":100', '"ServerID":1')),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'rejects another password',
      request: request({ authorization: basic(`${USERNAME}:${OTHER_PASSWORD}`) }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects another user name',
      request: request({ authorization: basic(`someone-else:${PASSWORD}`) }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the credentials unencoded',
      request: request({ authorization: `Basic ${USERNAME}:${PASSWORD}` }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the credentials as a Bearer token',
      request: request({ authorization: basic(`${USERNAME}:${PASSWORD}`, 'Bearer') }),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without Authorization',
      request: request({}),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('./postmark.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
