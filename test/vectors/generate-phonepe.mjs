#!/usr/bin/env node
// Writes test/vectors/phonepe.json and phonepe-v1.json.
// - PG v2 (phonepe.json): `Authorization: <hex SHA256(username:password)>`, checked to be
//   what pg-sdk-node 2.0.2's `CommonUtils.isCallbackValid` (the check inside
//   `StandardCheckoutClient.validateCallback`) accepts.
// - PG v1 (phonepe-v1.json): `X-VERIFY: <hex SHA256(response + salt key)>###<salt index>`
//   over the base64 `response` field (developer.phonepe.com "Server to Server Callback").
//   PhonePe's published examples leave out the salt key and pg-sdk-node has no v1 verifier,
//   so these are independent vectors: SHA-256 through node:crypto.
// No hookguard code is involved.
// Run: node test/vectors/generate-phonepe.mjs
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { CommonUtils } = require('pg-sdk-node/dist/common/CommonUtils.js');
const sha256 = (/** @type {string} */ text) => createHash('sha256').update(text).digest('hex');

// PG v2
const USERNAME = 'phonepe_vector_user';
const PASSWORD = 'phonepe_vector_password';
const AUTH = sha256(`${USERNAME}:${PASSWORD}`);
if (!CommonUtils.isCallbackValid(USERNAME, PASSWORD, AUTH))
  throw new Error('pg-sdk-node does not accept the Authorization value');
const V2_BODY =
  '{"event":"checkout.order.completed","payload":{"orderId":"OMO2403282020198641071317","merchantId":"merchantId","merchantOrderId":"merchantOrderId","state":"COMPLETED","amount":10000,"expireAt":1724866793837,"paymentDetails":[{"paymentMode":"UPI_QR","transactionId":"OM12334","timestamp":1724866793837,"amount":10000,"state":"COMPLETED"}]}}';
const v2Request = (/** @type {string | undefined} */ auth, /** @type {string} */ body) => ({
  method: 'POST',
  url: '/webhooks/phonepe',
  headers: {
    'content-type': 'application/json',
    ...(auth === undefined ? {} : { authorization: auth }),
  },
  body,
});

const v2 = {
  scheme: 'phonepe',
  source:
    "independent vectors: SHA-256 through node:crypto, each accepted by pg-sdk-node 2.0.2's CommonUtils.isCallbackValid (test/vectors/generate-phonepe.mjs)",
  options: { username: USERNAME, password: PASSWORD },
  cases: [
    {
      name: 'accepts a completed order with the hashed credentials',
      request: v2Request(AUTH, V2_BODY),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(V2_BODY) },
      sign: { input: { body: V2_BODY }, signature: AUTH },
    },
    {
      name: 'accepts a changed amount: the Authorization value does not cover the body',
      request: v2Request(
        AUTH,
        V2_BODY.replace('"amount":10000,"expireAt"', '"amount":1,"expireAt"'),
      ),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts the second of two passwords while rotating',
      options: { username: USERNAME, password: ['another_password', PASSWORD] },
      request: v2Request(AUTH, V2_BODY),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects the hash of another password',
      request: v2Request(sha256(`${USERNAME}:another_password`), V2_BODY),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the hash of another username',
      request: v2Request(sha256(`another_user:${PASSWORD}`), V2_BODY),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects username:password sent in clear',
      request: v2Request(`${USERNAME}:${PASSWORD}`, V2_BODY),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a request without Authorization',
      request: v2Request(undefined, V2_BODY),
      expect: { code: 'missing_signature' },
    },
  ],
};

// PG v1
const SALT_INDEX = '1';
const SALT_KEY = 'phonepe-vector-salt-key-1';
const OTHER_SALT = 'phonepe-vector-salt-key-2';
const RESULT =
  '{"success":true,"code":"PAYMENT_SUCCESS","message":"Your request has been successfully completed.","data":{"merchantId":"PGTESTPAYUAT","merchantTransactionId":"MT7850590068188104","transactionId":"T2111221437456190170379","amount":100,"state":"COMPLETED","responseCode":"SUCCESS"}}';
const RESPONSE = Buffer.from(RESULT).toString('base64');
const xVerify = (/** @type {string} */ response, salt = SALT_KEY, index = SALT_INDEX) =>
  `${sha256(`${response}${salt}`)}###${index}`;
const v1Body = (/** @type {string} */ response) => JSON.stringify({ response });
const v1Request = (/** @type {string | undefined} */ header, /** @type {string} */ body) => ({
  method: 'POST',
  url: '/webhooks/phonepe/v1',
  headers: {
    'content-type': 'application/json',
    ...(header === undefined ? {} : { 'x-verify': header }),
  },
  body,
});
const TAMPERED = Buffer.from(RESULT.replace('"amount":100', '"amount":1')).toString('base64');

const v1 = {
  scheme: 'phonepe.v1',
  source:
    "independent vectors: SHA-256 through node:crypto (test/vectors/generate-phonepe.mjs); PhonePe's published X-VERIFY examples leave out the salt key",
  options: { saltKeys: { [SALT_INDEX]: SALT_KEY } },
  cases: [
    {
      name: 'accepts a payment callback, handing over the decoded response',
      request: v1Request(xVerify(RESPONSE), v1Body(RESPONSE)),
      expect: { accepted: true, matchedKey: SALT_INDEX, payload: JSON.parse(RESULT) },
      sign: { input: { body: { response: RESPONSE } }, signature: xVerify(RESPONSE) },
    },
    {
      name: 'accepts the salt key the salt index names',
      options: { saltKeys: { 1: SALT_KEY, 2: OTHER_SALT } },
      request: v1Request(xVerify(RESPONSE, OTHER_SALT, '2'), v1Body(RESPONSE)),
      expect: { accepted: true, matchedKey: '2' },
    },
    {
      name: 'rejects a changed response',
      request: v1Request(xVerify(RESPONSE), v1Body(TAMPERED)),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the hash of another salt key under index 1',
      request: v1Request(xVerify(RESPONSE, OTHER_SALT), v1Body(RESPONSE)),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a salt index nobody configured',
      request: v1Request(xVerify(RESPONSE, SALT_KEY, '9'), v1Body(RESPONSE)),
      expect: { code: 'unknown_key' },
    },
    {
      name: 'rejects X-VERIFY without a salt index',
      request: v1Request(sha256(`${RESPONSE}${SALT_KEY}`), v1Body(RESPONSE)),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a response that is not base64 of JSON',
      request: v1Request(xVerify('bm90IGpzb24='), v1Body('bm90IGpzb24=')),
      expect: { code: 'malformed_request' },
    },
    {
      name: 'rejects a request without X-VERIFY',
      request: v1Request(undefined, v1Body(RESPONSE)),
      expect: { code: 'missing_signature' },
    },
  ],
};

const write = (/** @type {string} */ file, /** @type {object} */ value) =>
  writeFileSync(new URL(file, import.meta.url), `${JSON.stringify(value, null, 2)}\n`);
write('phonepe.json', v2);
write('phonepe-v1.json', v1);
