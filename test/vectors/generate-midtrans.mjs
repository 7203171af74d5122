#!/usr/bin/env node
// Writes test/vectors/midtrans.json: the body's `signature_key`, the hex
// SHA512(order_id + status_code + gross_amount + server key), the fields as text joined with
// nothing (docs.midtrans.com/reference/receiving-notifications). The first case uses the
// example inputs of Midtrans's docs (order 1111, status 200, gross 100000.00, server key
// askvnoibnosifnboseofinbofinfgbiufglnbfg); Midtrans shows no resulting hash, and
// midtrans-client verifies nothing, so these are independent vectors: SHA-512 through
// node:crypto, sharing no code with hookguard.
// Run: node test/vectors/generate-midtrans.mjs
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ROUTE = '/webhooks/midtrans';
const SERVER_KEY = 'askvnoibnosifnboseofinbofinfgbiufglnbfg';
const key = (
  /** @type {{ order_id: string, status_code: string, gross_amount: string }} */ n,
  serverKey = SERVER_KEY,
) =>
  createHash('sha512')
    .update(`${n.order_id}${n.status_code}${n.gross_amount}${serverKey}`, 'utf8')
    .digest('hex');

const FIELDS = {
  transaction_time: '2023-11-14 22:13:20',
  transaction_status: 'settlement',
  transaction_id: '6ee793df-9b1d-4343-8eda-cc9663b4222f',
  status_message: 'midtrans payment notification',
  status_code: '200',
  payment_type: 'bank_transfer',
  order_id: '1111',
  gross_amount: '100000.00',
  fraud_status: 'accept',
  currency: 'IDR',
};
const signatureKey = key(FIELDS);
const notification = (/** @type {Record<string, unknown>} */ fields) =>
  JSON.stringify({ ...fields });
const BODY = notification({ ...FIELDS, signature_key: signatureKey });

const request = (/** @type {string} */ body) => ({
  method: 'POST',
  url: ROUTE,
  headers: { 'content-type': 'application/json' },
  body,
});

const vectors = {
  scheme: 'midtrans',
  source:
    "independent vectors: SHA-512 through node:crypto over Midtrans's documented example inputs (test/vectors/generate-midtrans.mjs); Midtrans publishes no resulting hash",
  options: { serverKey: SERVER_KEY },
  cases: [
    {
      name: "accepts a settlement notification over Midtrans's example inputs",
      request: request(BODY),
      expect: { accepted: true, matchedKey: 0, payload: JSON.parse(BODY) },
      sign: { input: { body: notification(FIELDS) }, signature: signatureKey },
    },
    {
      name: 'accepts a changed transaction_status: Midtrans does not sign it',
      request: request(BODY.replace('"settlement"', '"capture"')),
      expect: { accepted: true, matchedKey: 0 },
    },
    {
      name: 'accepts the second of two server keys while rotating',
      options: { serverKey: ['SB-Mid-server-another', SERVER_KEY] },
      request: request(BODY),
      expect: { accepted: true, matchedKey: 1 },
    },
    {
      name: 'rejects a changed gross_amount',
      request: request(BODY.replace('"100000.00"', '"1000.00"')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects a changed status_code',
      request: request(BODY.replace('"status_code":"200"', '"status_code":"201"')),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects the signature of another server key',
      request: request(
        notification({ ...FIELDS, signature_key: key(FIELDS, 'SB-Mid-server-another') }),
      ),
      expect: { code: 'invalid_signature' },
    },
    {
      name: 'rejects gross_amount as a JSON number',
      request: request(BODY.replace('"100000.00"', '100000.00')),
      expect: { code: 'malformed_request' },
    },
    {
      name: 'rejects a notification without order_id',
      request: request(BODY.replace('"order_id":"1111",', '')),
      expect: { code: 'malformed_request' },
    },
    {
      name: 'rejects a notification without signature_key',
      request: request(notification(FIELDS)),
      expect: { code: 'missing_signature' },
    },
  ],
};

writeFileSync(new URL('midtrans.json', import.meta.url), `${JSON.stringify(vectors, null, 2)}\n`);
