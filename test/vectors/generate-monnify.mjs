#!/usr/bin/env node
// Writes test/vectors/monnify.json: `monnify-signature`, the hex HMAC-SHA512 of the raw body
// under the client secret (developers.monnify.com/docs/webhooks). The first case is the
// example Monnify publishes there: client secret 91MUDL9N6U3BQRXBQ2PJ9M0PW4J22M1Y, its
// stringified request and its "hashed value" f04fb635…, checked here to be what
// HMAC-SHA512 gives (and not the plain SHA-512 Monnify's prose names). The other cases are
// HMAC-SHA512 through node:crypto, sharing no code with hookguard.
// Run: node test/vectors/generate-monnify.mjs
import { createHash, createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/monnify';
const SECRET = '91MUDL9N6U3BQRXBQ2PJ9M0PW4J22M1Y';
const BODY =
  '{"eventData":{"product":{"reference":"111222333","type":"OFFLINE_PAYMENT_AGENT"},"transactionReference":"MNFY|76|20211117154810|000001","paymentReference":"0.01462001097368737","paidOn":"17/11/2021 3:48:10 PM","paymentDescription":"Mockaroo Jesse","metaData":{},"destinationAccountInformation":{},"paymentSourceInformation":{},"amountPaid":78000,"totalPayable":78000,"offlineProductInformation":{"code":"41470","type":"DYNAMIC"},"cardDetails":{},"paymentMethod":"CASH","currency":"NGN","settlementAmount":77600,"paymentStatus":"PAID","customer":{"name":"Mockaroo Jesse","email":"111222333@ZZAMZ4WT4Y3E.monnify"}},"eventType":"SUCCESSFUL_TRANSACTION"}';
const PUBLISHED =
  'f04fb635e04d71648bd3cc7999003da6861483342c856d05ddfa9b2dafacb873b0de1d0f8f67405d0010b4348b721c49fa171d317972618debba6b638aedcd3c';
const hex = (/** @type {string} */ body, secret = SECRET) =>
  createHmac('sha512', secret).update(body, 'utf8').digest('hex');
if (hex(BODY) !== PUBLISHED) throw new Error("Monnify's example is not HMAC-SHA512 of its body");
const plain = createHash('sha512').update(`${SECRET}${BODY}`, 'utf8').digest('hex');

const request = (/** @type {string | undefined} */ value, /** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: {
    'content-type': 'application/json',
    ...(value === undefined ? {} : { 'monnify-signature': value }),
  },
  body,
});

const vectors = {
  scheme: 'monnify',
  source:
    "Monnify's published example (developers.monnify.com/docs/webhooks: client secret, request and hash f04fb635…); the other cases HMAC-SHA512 through node:crypto (test/vectors/generate-monnify.mjs)",
  options: { clientSecret: SECRET },
  cases: [
    {
      name: "accepts Monnify's published example",
      request: request(PUBLISHED, BODY),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: BODY }, signature: PUBLISHED },
    },
    {
      name: 'rejects a changed amount',
      request: request(PUBLISHED, BODY.replace('"amountPaid":78000', '"amountPaid":7800')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another secret',
      request: request(hex(BODY, 'ANOTHERMONNIFYCLIENTSECRET000000'), BODY),
      expect: { code: 'invalid_signature' },
    },
    {
      name: "rejects the plain SHA-512(secret + body) that Monnify's prose describes",
      request: request(plain, BODY),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without monnify-signature',
      request: request(undefined, BODY),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('monnify.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
